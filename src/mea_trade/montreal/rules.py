"""Montreal Protocol rules for a shipment: licensing (Art. 4B) and trade with non-Parties (Art. 4).

The rules are data (``data/montreal/licensing.csv``, ``data/montreal/trade_rules.csv``,
``data/montreal/regional.csv``) read by :func:`evaluate`; participation comes from
:mod:`mea_trade.parties`.

>>> import mea_trade as mt
>>> from mea_trade.montreal import rules as rule
>>> s = mt.Shipment("methyl bromide", exporter="IL", importer="KE", date="2005-05-01")
>>> [f.code for f in rule.evaluate(s)]
['montreal.export_licence', 'montreal.import_licence']
>>> s = mt.Shipment("methyl bromide", exporter="IL", importer="KE", date="2001-05-01")
>>> [f.code for f in rule.evaluate(s)]
['montreal.import_licence_a5_delay']
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, TypeVar

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade._dates import step_table
from mea_trade.catalog import MONTREAL_ANNEX_GROUPS, Mixture, Substance
from mea_trade.citations import Citation, citations
from mea_trade.hs import HSCode, candidates, flags
from mea_trade.montreal import controls
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment

if TYPE_CHECKING:
    from mea_trade.countries import Country
    from mea_trade.parties import _Article5

__all__ = ["NAME", "boundaries", "evaluate"]

NAME = "montreal"

_INSTRUMENTS = ("montreal", "london", "copenhagen", "montreal_amendment", "beijing", "kigali")
_GOODS = ("substance", "annex_d_product")


@attrs.frozen
class _TradeRule:
    groups: frozenset[str]
    direction: str
    paragraph: str
    start_rule: str
    # the paragraph's own date: `start`, or its general entry into force plus one year
    start: _dt.date
    acting: str
    replaced_by: str | None
    acting_article5: bool
    partners: tuple[str, ...]
    a5_exempt_until: _dt.date | None
    art_4_8: bool
    goods: str
    citation: Citation
    verified: bool
    note: str
    # earlier versions of this paragraph, which a Party may have been bound by before
    predecessors: tuple[_TradeRule, ...] = ()


@attrs.frozen
class _LicenceRule:
    groups: frozenset[str]
    paragraph: str
    instrument: str
    start: _dt.date
    months: int
    a5_delay_until: _dt.date | None
    a5_delay_paragraph: str
    citation: Citation
    verified: bool
    note: str


@attrs.frozen
class _Regional:
    reio: str
    groups: frozenset[str]
    start: _dt.date
    until: _dt.date | None  # inclusive
    measure: str
    citation: Citation
    verified: bool


_R = TypeVar("_R")

Spans = tuple[tuple[_dt.date, "_dt.date | None"], ...]
#: What :func:`_bound_since` answers: an entry into force, False (not bound), None (unknown).
_Bound = _dt.date | Literal[False] | None


@attrs.frozen
class _Tables:
    trade: tuple[_TradeRule, ...]
    licensing: tuple[_LicenceRule, ...]
    regional: tuple[_Regional, ...]
    # instrument -> country -> ((entry into force, withdrawal effective), ...); None = no data
    spans: Mapping[str, Mapping[str, Spans] | None]
    # REIO -> country -> membership spans (end exclusive)
    members: Mapping[str, Mapping[str, Spans]]
    # every country with a membership span in some REIO (whatever its dates)
    ever_members: frozenset[str]
    # instrument -> the date up to which absence from its list means "not a party"
    # (None: never); country -> a later date a source confirms it was still not a party
    reach: Mapping[str, _dt.date | None]
    known_absent: Mapping[str, Mapping[str, _dt.date]]
    general_eif: Mapping[str, _dt.date]
    as_of: Mapping[str, _dt.date]
    names: Mapping[str, str]
    boundaries: Mapping[str, frozenset[_dt.date]]
    licensing_by_group: Mapping[str, tuple[_LicenceRule, ...]]
    trade_by_group: Mapping[str, tuple[_TradeRule, ...]]
    data_as_of: _dt.date


def _d(cell: str) -> _dt.date | None:
    return _dt.date.fromisoformat(cell) if cell else None


def _cite(ids: str, provision: str) -> Citation:
    return attrs.evolve(citations(ids)[0], provision=provision)


def _rule_start(row: Mapping[str, str], general: Mapping[str, _dt.date]) -> _dt.date:
    """The paragraph's own date, read from the row (no years in code)."""
    rule = row["start_rule"]
    if rule == "date":
        return _dt.date.fromisoformat(row["start"])
    if rule == "general_eif+1y":
        return _one_year_after(general[row["acting_instrument"]])
    raise ValueError(f"trade_rules.csv: unknown start_rule {rule!r}")


def _load() -> _Tables:
    from mea_trade import parties
    from mea_trade.errors import MissingDataError
    from mea_trade.instruments import get as instrument

    general: dict[str, _dt.date] = {}
    for inst_id in _INSTRUMENTS:
        eif = instrument(inst_id).entry_into_force
        if eif is None:
            raise ValueError(f"instruments.csv: no entry into force for {inst_id!r}")
        general[inst_id] = eif
    trade = tuple(
        _TradeRule(
            groups=frozenset(row["groups"].split(";")),
            direction=row["direction"],
            paragraph=row["paragraph"],
            start_rule=row["start_rule"],
            start=_rule_start(row, general),
            acting=row["acting_instrument"],
            replaced_by=row["replaced_by"] or None,
            acting_article5=row["acting_article5"] == "yes",
            partners=tuple(row["partner_instruments"].split(";")),
            a5_exempt_until=_d(row["a5_partner_exempt_until"]),
            art_4_8=row["art_4_8"] == "yes",
            goods=row["goods"],
            citation=_cite(row["source"], row["paragraph"]),
            verified=row["verified"] == "text",
            note=row["note"],
        )
        for row in read_csv("montreal/trade_rules.csv")
    )
    for t in trade:
        if t.goods not in _GOODS:
            raise ValueError(f"trade_rules.csv: unknown goods {t.goods!r}")
    trade = tuple(
        attrs.evolve(
            t,
            predecessors=tuple(
                p
                for p in trade
                if p.replaced_by == t.acting
                and p.direction == t.direction
                and p.goods == t.goods
                and p.groups & t.groups
            ),
        )
        for t in trade
    )
    licensing = tuple(
        _LicenceRule(
            groups=frozenset(row["groups"].split(";")),
            paragraph=row["paragraph"],
            instrument=row["instrument"],
            start=_dt.date.fromisoformat(row["from"]),
            months=int(row["months_after_eif"]),
            a5_delay_until=_d(row["a5_delay_until"]),
            a5_delay_paragraph=row["a5_delay_paragraph"],
            citation=_cite(row["source"], row["paragraph"]),
            verified=row["verified"] == "text",
            note=row["note"],
        )
        for row in read_csv("montreal/licensing.csv")
    )
    regional = tuple(
        _Regional(
            reio=row["reio"],
            groups=frozenset(row["groups"].split(";")),
            start=_dt.date.fromisoformat(row["from"]),
            until=_d(row["until"]),
            measure=row["measure"],
            citation=_cite(row["source"], row["provision"]),
            verified=row["verified"] == "text",
        )
        for row in read_csv("montreal/regional.csv")
    )
    data = parties._DATA.get()
    members = {"EU": data.eu.spans}
    for r in regional:
        if r.reio not in members:
            raise ValueError(f"regional.csv: no membership data for {r.reio!r}")
    spans: dict[str, Mapping[str, Spans] | None] = {}
    for inst_id in _INSTRUMENTS:
        try:
            records = parties._records(instrument(inst_id))
        except MissingDataError:
            spans[inst_id] = None
            continue
        spans[inst_id] = MappingProxyType(
            {
                code: tuple((p.entry_into_force, p.withdrawal_effective) for p in recs)
                for code, recs in records.items()
            }
        )
    as_of = dict(parties.coverage())
    reach: dict[str, _dt.date | None] = {}
    known_absent: dict[str, Mapping[str, _dt.date]] = {}
    for inst_id in _INSTRUMENTS:
        if spans[inst_id] is None:
            continue
        reach[inst_id] = parties.status("US", inst_id, on=general[inst_id]).complete_to
        known_absent[inst_id] = MappingProxyType(
            {
                code: record.confirmed_until
                for code, record in parties._DATA.get().non_parties.get(inst_id, {}).items()
            }
        )
    edges = {d for d in reach.values() if d is not None} | {
        d for by_code in known_absent.values() for d in by_code.values()
    }
    return _Tables(
        boundaries=_boundaries(trade, licensing, regional, spans, as_of, general, edges),
        trade=trade,
        licensing=licensing,
        regional=regional,
        spans=MappingProxyType(spans),
        members=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in members.items()}),
        ever_members=frozenset(code for by_code in members.values() for code in by_code),
        reach=MappingProxyType(reach),
        known_absent=MappingProxyType(known_absent),
        general_eif=MappingProxyType(general),
        as_of=MappingProxyType(as_of),
        names=MappingProxyType({i: instrument(i).short_name for i in _INSTRUMENTS}),
        licensing_by_group=MappingProxyType(
            {g: tuple(r for r in licensing if g in r.groups) for r in licensing for g in r.groups}
        ),
        trade_by_group=MappingProxyType(
            {g: tuple(r for r in trade if g in r.groups) for r in trade for g in r.groups}
        ),
        data_as_of=min(as_of[i] for i in _INSTRUMENTS if spans[i] is not None),
    )


def _boundaries(
    trade: tuple[_TradeRule, ...],
    licensing: tuple[_LicenceRule, ...],
    regional: tuple[_Regional, ...],
    spans: Mapping[str, Mapping[str, Spans] | None],
    as_of: Mapping[str, _dt.date],
    general: Mapping[str, _dt.date],
    edges: frozenset[_dt.date] | set[_dt.date] = frozenset(),
) -> Mapping[str, frozenset[_dt.date]]:
    """Annex group -> the dates on which a finding for it may change whoever trades.

    *edges* are the last days on which absence from a party list is an answer
    (the lists' ``complete_to``, the known non-parties' dates).
    :func:`_country_days` gives the dates that depend on each country.
    """
    common = {day + _dt.timedelta(days=1) for day in (*as_of.values(), *edges)}
    common.update(general.values())  # no instrument binds anyone before it is in force
    out: dict[str, frozenset[_dt.date]] = {}
    for group in MONTREAL_ANNEX_GROUPS:
        days = set(common)
        for t in trade:
            if group in t.groups:
                days.update(d for d in (t.start, t.a5_exempt_until) if d)
        for lic in licensing:
            if group in lic.groups:
                days.update(d for d in (lic.start, lic.a5_delay_until) if d)
        for reg in regional:
            if group in reg.groups:
                days.add(reg.start)
                if reg.until:
                    days.add(reg.until + _dt.timedelta(days=1))
        schedule_group = "F" if group.startswith("F") else group
        for (g, _, _), steps in controls._TABLES.get().schedules.items():
            if g != schedule_group:
                continue
            for step in steps:
                days.add(step.start)
                if step.end:
                    days.add(step.end)
        out[group] = frozenset(days)
    return MappingProxyType(out)


_TABLES: Lazy[_Tables] = Lazy(_load)


@functools.lru_cache(maxsize=4096)
def _country_days(code: str) -> tuple[_dt.date, ...]:
    """The dates derived from one country's participation, sorted.

    Its entries into force and withdrawals (and those of the State responsible for it,
    where it is a territory), the periods of that responsibility, the years its
    Article 5 status was recorded, and its membership of a regional organization.
    """
    from mea_trade.parties import _DATA
    from mea_trade.territories import sovereignty

    tables = _TABLES.get()
    days: set[_dt.date] = set()
    codes = {code}
    # a territory is answered through its State where it is not bound itself
    for period in sovereignty(code):
        codes.add(period.sovereign.alpha2)
        days.update(d for d in (period.start,) if d)
        days.update(d + _dt.timedelta(days=1) for d in (period.end,) if d)
    # the Article 5 status is read by year: a boundary where a recorded period starts
    history = _DATA.get().article5.years
    days.update(_dt.date(year, 1, 1) for year, _ in history.get(code, ()))
    for by_country in (*tables.spans.values(), *tables.members.values()):
        for c in sorted(codes):
            for start, end in (by_country or {}).get(c, ()):
                days.update({start, _add_months(start, 3)})
                if end is not None:
                    days.add(end)
    return tuple(sorted(days))


@functools.lru_cache(maxsize=1024)
def _group_days(groups: tuple[str, ...]) -> tuple[_dt.date, ...]:
    """The groups' boundaries (:func:`_boundaries`), sorted."""
    tables = _TABLES.get()
    days: set[_dt.date] = set()
    for group in groups:
        days.update(tables.boundaries[group])
    return tuple(sorted(days))


def _sequences(
    exporter: str, importer: str, groups: tuple[str, ...]
) -> tuple[tuple[_dt.date, ...], ...]:
    """Every date at which a finding for these groups and countries may change.

    Three sorted sequences (the groups', the exporter's, the importer's): an epoch is a
    span between two consecutive dates of their union.
    """
    return (_group_days(groups), _country_days(exporter), _country_days(importer))


def _epoch_start(sequences: tuple[tuple[_dt.date, ...], ...], on: _dt.date) -> _dt.date:
    """The first day of the epoch holding *on*: the last boundary on or before it."""
    start = _dt.date.min
    for days in sequences:
        i = bisect.bisect_right(days, on)
        if i and days[i - 1] > start:
            start = days[i - 1]
    return start


def _state_of(code: str, on: _dt.date) -> str:
    """The State a territory belonged to on *on* (the code itself for a State)."""
    from mea_trade.territories import sovereign

    state = sovereign(code, on=on)
    return code if state is None else state.alpha2


def _partner_state_note(
    acting: str,
    partner: str,
    partner_bound: list[_Bound],
    partners: tuple[str, ...],
    on: _dt.date,
) -> str | None:
    """Why a partner that is not bound itself is still no "State not party" (else None).

    Article 4 bans trade with *States* not party. A movement between a territory and
    the State responsible for it (or two territories of one State) is not trade with
    another State; and a territory that its State excluded from an instrument is part
    of a State that is bound by it.
    """
    state = _state_of(partner, on)
    if state == _state_of(acting, on):
        return (
            "the movement is between territories of one State, so Article 4's bans on "
            "trade with States not party do not apply to it"
        )
    if state == partner:
        return None
    through = [
        b if b is not False else _bound_since(state, p, on)
        for b, p in zip(partner_bound, partners, strict=True)
    ]
    if all(b not in (False, None) for b in through):
        return (
            f"the territory is not covered by the instrument, but its State "
            f"({state}) is bound by it: Article 4 bans trade with States not party, so no "
            "ban is applied (reading of Article 4 for territories, not verified)"
        )
    return None


def _bound_since(code: str, inst: str, on: _dt.date) -> _Bound:
    """Entry into force of *inst* for *code* if bound on *on*; False if not; None if unknown.

    No State is bound by an instrument before the instrument itself is in force, whatever
    the completeness of its party list. Read from the country's table of answers
    (:func:`_bound_table`), the same as :func:`_bound_on`'s.
    """
    days, answers = _bound_table(code, inst)
    return answers[bisect.bisect_right(days, on)]


@functools.lru_cache(maxsize=8192)
def _bound_table(code: str, inst: str) -> tuple[tuple[_dt.date, ...], tuple[_Bound, ...]]:
    """:func:`_bound_on` for *code* and *inst* as a :func:`~mea_trade._dates.step_table`.

    Its answer changes only at the instrument's entry into force, at the country's
    entries into force and withdrawals, and the day after the last date on which its
    absence from the list is an answer.
    """
    tables = _TABLES.get()
    days = [tables.general_eif[inst]]
    spans = tables.spans[inst]
    if spans is not None:
        for start, end in spans.get(code, ()):
            days.extend(d for d in (start, end) if d is not None)
        for last in (tables.reach.get(inst), tables.known_absent.get(inst, {}).get(code)):
            if last is not None:
                days.append(last + _dt.timedelta(days=1))
    return step_table(days, lambda day: _bound_on(tables, code, inst, day))


def _bound_on(tables: _Tables, code: str, inst: str, on: _dt.date) -> _Bound:
    """:func:`_bound_since` read from the party lists directly."""
    if on < tables.general_eif[inst]:
        return False
    spans = tables.spans[inst]
    if spans is None:
        return None
    records = spans.get(code)
    if records is None:
        # absent from the list: not a party up to the date the list (or a source
        # confirming the country was not a party) reaches; unknown after it
        reach = tables.reach.get(inst)
        known = tables.known_absent.get(inst, {}).get(code)
        last = max((d for d in (reach, known) if d is not None), default=None)
        return False if last is not None and on <= last else None
    for start, end in records:
        if start <= on and (end is None or on < end):
            return start
    return False


def _member(tables: _Tables, reio: str, code: str, on: _dt.date) -> bool:
    for start, end in tables.members[reio].get(code, ()):
        if start <= on and (end is None or on < end):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def _article5(code: str, year: int) -> bool | None:
    """The Article 5 status of *code* in *year* (the bundled table is immutable: cached)."""
    return _ARTICLE5.get().status(code, year)


def _article5_table() -> _Article5:
    from mea_trade.parties import _DATA

    return _DATA.get().article5


_ARTICLE5: Lazy[_Article5] = Lazy(_article5_table)


@functools.lru_cache(maxsize=8192)
def _add_months(day: _dt.date, months: int) -> _dt.date:
    """*day* plus *months* calendar months (the month's last day where *day* is past it)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _one_year_after(day: _dt.date) -> _dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _relevant(
    rules: tuple[_R, ...], by_group: Mapping[str, tuple[_R, ...]], present: frozenset[str]
) -> tuple[_R, ...]:
    """The rules touching any group in *present*, in file order."""
    if len(present) == 1:
        return by_group.get(next(iter(present)), ())
    return tuple(r for r in rules if r.groups & present)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1024)
def _rules_for(present: frozenset[str]) -> tuple[tuple[_LicenceRule, ...], tuple[_TradeRule, ...]]:
    """The licensing rules and the trade rules touching any of the annex groups *present*."""
    tables = _TABLES.get()
    return (
        _relevant(tables.licensing, tables.licensing_by_group, present),
        _relevant(tables.trade, tables.trade_by_group, present),
    )


def _describe(groups: Mapping[str, list[str]], wanted: frozenset[str]) -> str:
    parts = [f"{', '.join(v)} ({g})" for g, v in groups.items() if g in wanted]
    return "; ".join(parts)


# ------------------------------------------------------------------ HS-code lines


def _hs_findings(shipment: Shipment) -> Iterator[Finding]:
    """An HS-code line: assessed as its substances where the code allows only them.

    Other codes get notes on what the line may concern.
    """
    code = shipment.commodity
    assert isinstance(code, HSCode)
    if shipment.form != "product" and code.heading == "2903":
        scope = candidates(code)
        if scope.exhaustive:
            groups: dict[str, list[str]] = {}
            for sub in scope.substances:
                assert sub.annex_group is not None
                groups.setdefault(sub.annex_group, []).append(sub.name)
            names = [n for v in groups.values() for n in v]
            one = len(scope.substances) == 1
            yield Note(
                code="montreal.substance_from_hs",
                text=(
                    f"HS {code} ({scope.text}) "
                    + (
                        f"can only be {names[0]}: assessed as {names[0]}"
                        if one
                        else f"can only be one of {', '.join(names)}: assessed for what "
                        "all of them require"
                    )
                    + ", inferred from the code (the declaration does not name the substance)."
                ),
                instrument=_instrument_of(groups),
                citation=scope.sources[0] if scope.sources else None,
            )
            yield from _common_findings(shipment, groups)
            return
    yield from _hs_notes(shipment)


def _instrument_of(groups: Mapping[str, object]) -> str:
    return "kigali" if all(g.startswith("F") for g in groups) else NAME


def _hs_notes(shipment: Shipment) -> Iterator[Finding]:
    code = shipment.commodity
    assert isinstance(code, HSCode)
    product = shipment.form == "product"
    annex_d: set[str] = set()
    concerned: set[str] = set()
    for flag in flags(code, code.edition):
        if flag.instrument != NAME:
            continue
        concerned.update(flag.groups)
        is_annex_d = "Annex D product" in flag.reason
        if is_annex_d:
            annex_d.update(flag.groups)
        yield Note(
            code="montreal.hs_line",
            text=(
                f"HS {code} may concern Montreal Protocol substances "
                f"({', '.join(flag.groups)}): {flag.reason}. "
                + (
                    "Substances in a manufactured product are not controlled substances "
                    "(Art. 1(4)): no Article 4B licence or Article 4 ban on the substance "
                    "applies to the product."
                    if product
                    else "Declare the substance or blend to assess licensing and trade bans."
                )
            ),
            instrument=NAME,
            citation=flag.sources[0] if flag.sources else None,
        )
    if annex_d:
        groups: dict[str, list[str]] = {g: [] for g in sorted(annex_d)}
        yield from _annex_d_notes(shipment, groups, _TABLES.get(), _describe_products)
    if product and concerned:
        yield from _national_product_note(shipment, frozenset(concerned))


def _describe_products(groups: Mapping[str, list[str]], wanted: frozenset[str]) -> str:
    return "Annex A substances"


# ------------------------------------------------------------------ products


def _product_findings(
    shipment: _Case,
    groups: Mapping[str, list[str]],
    tables: _Tables,
    describe: Callable[[Mapping[str, list[str]], frozenset[str]], str],
) -> Iterator[Finding]:
    """Goods in a manufactured product or equipment (Art. 1(4)): Annex D and national rules."""
    what = describe(groups, frozenset(groups))
    yield Note(
        code=f"{_instrument_of(groups)}.product",
        text=(
            f"{what} in a manufactured product or equipment: Article 1(4) excludes from "
            '"controlled substance" any "controlled substance or mixture which is in a '
            "manufactured product other than a container used for the transportation or "
            'storage of that substance", so no Article 4B licence and no Article 4 ban on '
            "the substance apply to it."
        ),
        instrument=_instrument_of(groups),
        citation=attrs.evolve(citations("mp-art-1-4")[0], provision="Article 1, paragraph 4"),
    )
    yield from _annex_d_notes(shipment, groups, tables, describe)
    yield from _national_product_note(shipment, frozenset(groups))


def _annex_d_notes(
    shipment: _Case,
    groups: Mapping[str, list[str]],
    tables: _Tables,
    describe: Callable[[Mapping[str, list[str]], frozenset[str]], str],
) -> Iterator[Note]:
    """Art. 4(3): Parties that did not object to Annex D ban its products from non-Parties."""
    on = shipment.date
    present = frozenset(groups)
    for rule in tables.trade:
        wanted = rule.groups & present
        if rule.goods != "annex_d_product" or not wanted:
            continue
        acting, partner = (
            (shipment.importer, shipment.exporter)
            if rule.direction == "import"
            else (shipment.exporter, shipment.importer)
        )
        since = _bound_since(acting.alpha2, rule.acting, on)
        if not since or on < max(rule.start, since):
            continue
        bound = [_bound_since(partner.alpha2, p, on) for p in rule.partners]
        if all(bound):
            continue
        unknown = None in bound
        yield Note(
            code="montreal.annex_d_non_party",
            text=(
                f"{partner.name} is {'not known to be' if unknown else 'not'} a Party to the "
                "Protocol: if these products contain "
                f"{describe(groups, wanted)} and are of a category of Annex D (automobile "
                "and truck air conditioning units; domestic and commercial refrigeration and "
                "air conditioning/heat pump equipment; aerosol products, except medical "
                "aerosols; portable fire extinguishers; insulation boards, panels and pipe "
                f"covers; pre-polymers), {acting.name} must ban their import unless it "
                f"objected to the annex ({rule.paragraph}; Annex D in force since 27 May "
                "1992; not for personal or household effects)."
            ),
            instrument=NAME,
            citation=rule.citation,
        )


def _national_product_note(shipment: _Case, groups: frozenset[str]) -> Iterator[Note]:
    ods = any(not g.startswith("F") for g in groups)
    yield Note(
        code=f"{'montreal' if ods else 'kigali'}.product_national_measures",
        text=(
            "The Protocol leaves such products to national law: "
            f"{shipment.importer.name} and {shipment.exporter.name} may license, restrict or "
            "ban the import and export of products and equipment containing these substances"
            + (
                " (for example, Regulation (EU) 2024/590 on ozone-depleting substances "
                'applies to "products and equipment, and parts thereof, containing '
                'ozone-depleting substances", Article 2(b))'
                if ods
                else ""
            )
            + "; check their rules."
        ),
        instrument=NAME if ods else "kigali",
        citation=(
            attrs.evolve(citations("eu-2024-590")[0], provision="Article 2(b)") if ods else None
        ),
    )


# ------------------------------------------------------------------ entry point


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Montreal Protocol (and its amendments) for *shipment*.

    * Licences (Art. 4B(1); Art. 4B(2 bis) for HFCs): each side whose State is
      bound by the Article must license imports and exports of new, used,
      recycled and reclaimed controlled substances; not between two member States
      of the European Union, whose licensing covers only goods entering or leaving
      its customs territory (``data/montreal/regional.csv``).
    * Bans (Art. 4(1)-(2 sept)): a Party bound by a version of a paragraph bans
      imports from and exports to a State that is not bound by the control measures
      of the substance's group (Art. 4(9)), from the paragraph's date, or from the
      day the Party is bound if it joined later (Art. 17). The 1987 text of Art. 4(2)
      binds Article 5 Parties not bound by the London Amendment.
    * Goods in a manufactured product (``form="product"``) are not controlled
      substances (Art. 1(4)): notes on Annex D (Art. 4(3)) and national measures.
    * An HS code that names only controlled substances (2903.71 is HCFC-22) is assessed
      as them, with a note; other HS codes get notes.
    * Notes: consumption already phased out in the importing Party, declared end
      uses, data dates, coming bans.

    Kazakhstan joined the Copenhagen and Beijing Amendments only in 2011 and 2014,
    so in 2010 the United States had to ban HCFC exports to it (Art. 4(2 quin)),
    while Kazakhstan, not bound by Article 4B yet, had no licensing duty:

    >>> import mea_trade as mt
    >>> s = mt.Shipment("HCFC-141b", exporter="US", importer="KZ", date="2010-01-05")
    >>> [(f.code, f.party) for f in evaluate(s) if hasattr(f, "party")]
    [('montreal.export_licence', 'US'), ('montreal.export_ban_non_party', 'US')]
    """
    if isinstance(shipment.commodity, HSCode):
        return tuple(_hs_findings(shipment))
    if not isinstance(shipment.commodity, (Substance, Mixture)):
        return ()  # a waste code or an organism: other rooms' business
    return _bound_epoch(
        shipment.commodity,
        shipment.exporter,
        shipment.importer,
        shipment.date,
        shipment.state,
        shipment.end_use,
        shipment.transit,
        shipment.form,
    )


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings for *shipment* stay the same.

    Sorted sequences of dates: a shipment that differs from *shipment* only in its date
    gets the same findings when its date falls between the same consecutive dates of
    each sequence as *shipment*'s date (None: no such dates are known; the findings may
    change with any date). Batch screening assesses such shipments once
    (:mod:`mea_trade.columnar`). Here: the dates of the annex groups concerned (of every
    group, for an HS code) and of the two countries; nothing for other commodities.

    >>> import mea_trade as mt
    >>> s = mt.Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-05-01")
    >>> [len(days) > 0 for days in boundaries(s)]
    [True, True, True]
    """
    commodity = shipment.commodity
    exporter, importer = shipment.exporter.alpha2, shipment.importer.alpha2
    if isinstance(commodity, HSCode):
        return _sequences(exporter, importer, tuple(MONTREAL_ANNEX_GROUPS))
    if not isinstance(commodity, (Substance, Mixture)):
        return ()
    pairs = _commodity_groups(commodity)
    if not pairs:
        return ()
    return _sequences(exporter, importer, tuple(g for g, _ in pairs))


# Findings are computed once per (commodity, countries, date epoch, state, end use,
# transit, form) (:func:`_bound_cached`); for an HS code assessed as its substances, once
# per (annex group, ...) with a placeholder where the components are named, then bound to
# the code (:func:`_cached`). Every date at which a finding can change (entries into force
# and withdrawals, the dates derived from them, rule dates, control steps, years for the
# Article 5 status, membership of a regional organization) is a boundary, so an epoch's
# answer is computed on its first day.
_TOKEN = "\x00"


@functools.lru_cache(maxsize=4096)
def _commodity_groups(commodity: Substance | Mixture) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Annex group -> names of the controlled components, for a commodity."""
    out: dict[str, list[str]] = {}
    if isinstance(commodity, Substance):
        if commodity.annex_group:
            out[commodity.annex_group] = [commodity.name]
    elif isinstance(commodity, Mixture):
        for comp in commodity.controlled_components:
            sub: Substance = comp.substance
            if sub.annex_group:
                out.setdefault(sub.annex_group, []).append(f"{sub.name} {comp.percent:g} %")
    return tuple((g, tuple(v)) for g, v in out.items())


def _template_describe(groups: Mapping[str, list[str]], wanted: frozenset[str]) -> str:
    return _TOKEN + ";".join(g for g in groups if g in wanted) + _TOKEN


class _Case(Protocol):
    """What the rules read of a shipment besides its commodity (a Shipment is one)."""

    @property
    def exporter(self) -> Country: ...
    @property
    def importer(self) -> Country: ...
    @property
    def date(self) -> _dt.date: ...
    @property
    def state(self) -> str | None: ...
    @property
    def end_use(self) -> str | None: ...
    @property
    def transit(self) -> tuple[Country, ...]: ...
    @property
    def form(self) -> str | None: ...


class _OnDay(NamedTuple):
    """A :class:`_Case` made from its fields: cheaper than a stand-in :class:`Shipment`."""

    exporter: Country
    importer: Country
    date: _dt.date
    state: str | None
    end_use: str | None
    transit: tuple[Country, ...]
    form: str | None


@functools.lru_cache(maxsize=16384)
def _template(
    groups: tuple[str, ...],
    exporter: Country,
    importer: Country,
    day: _dt.date,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
    form: str | None,
) -> tuple[Finding, ...]:
    """Findings for commodities with these annex *groups*, with placeholders for names.

    *day* is the first day of an epoch (:func:`_epoch_start`).
    """
    shipment = _OnDay(exporter, importer, day, state, end_use, transit, form)
    return tuple(_evaluate(shipment, {g: [] for g in groups}, _template_describe))


def _bind(findings: tuple[Finding, ...], groups: Mapping[str, list[str]]) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for finding in findings:
        field = "text" if isinstance(finding, Note) else "reason"
        value: str = getattr(finding, field)
        if _TOKEN not in value:
            out.append(finding)
            continue
        parts = value.split(_TOKEN)
        for i in range(1, len(parts), 2):
            parts[i] = _describe(groups, frozenset(parts[i].split(";")))
        # rebuild with the bound text (a direct call: cheaper than attrs.evolve)
        values = {f.name: getattr(finding, f.name) for f in attrs.fields(type(finding))}
        values[field] = "".join(parts)
        out.append(type(finding)(**values))
    return tuple(out)


def _cached(
    groups: Mapping[str, list[str]],
    exporter: Country,
    importer: Country,
    on: _dt.date,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
    form: str | None,
) -> tuple[Finding, ...]:
    """Findings for *groups* (annex group -> component names) through the epoch cache."""
    key = tuple(groups)
    day = _epoch_start(_sequences(exporter.alpha2, importer.alpha2, key), on)
    template = _template(key, exporter, importer, day, state, end_use, transit, form)
    return _bind(template, groups)


def _bound_epoch(
    commodity: Substance | Mixture,
    exporter: Country,
    importer: Country,
    on: _dt.date,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
    form: str | None,
) -> tuple[Finding, ...]:
    pairs = _commodity_groups(commodity)
    if not pairs:
        return ()
    key = tuple(g for g, _ in pairs)
    day = _epoch_start(_sequences(exporter.alpha2, importer.alpha2, key), on)
    return _bound_cached(commodity, exporter, importer, day, state, end_use, transit, form)


@functools.lru_cache(maxsize=16384)
def _bound_cached(
    commodity: Substance | Mixture,
    exporter: Country,
    importer: Country,
    day: _dt.date,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
    form: str | None,
) -> tuple[Finding, ...]:
    """Findings for *commodity* on *day*, the first day of an epoch, computed directly.

    A commodity's own findings are computed with its names rather than bound from a
    template (:func:`_template`): binding cost about as much as computing, and a
    template pays only when several commodities of the same annex groups go between
    the same two countries in the same epoch, where this cache already answers for
    each commodity it met.
    """
    shipment = _OnDay(exporter, importer, day, state, end_use, transit, form)
    groups = {g: list(v) for g, v in _commodity_groups(commodity)}
    return tuple(_evaluate(shipment, groups))


def _common_findings(shipment: Shipment, groups: Mapping[str, list[str]]) -> Iterator[Finding]:
    """What every candidate group requires: the findings of each group, kept where all agree.

    One group: its findings. Several: a requirement or ban is kept when every group
    gives one with the same code, side and Party; a note when every group gives its code.
    """
    args = (
        shipment.exporter,
        shipment.importer,
        shipment.date,
        shipment.state,
        shipment.end_use,
        shipment.transit,
        shipment.form,
    )
    if len(groups) == 1:
        yield from _cached(groups, *args)
        return
    per_group = [_cached({g: names}, *args) for g, names in groups.items()]

    def key(f: Finding) -> tuple[str, ...]:
        if isinstance(f, Note):
            return ("note", f.code)
        return (type(f).__name__, f.code, f.side, f.party)

    common = set.intersection(*({key(f) for f in found} for found in per_group))
    everyone = "; ".join(_describe(groups, frozenset({g})) for g in groups)
    seen: set[tuple[str, ...]] = set()
    for f in per_group[0]:
        k = key(f)
        if k not in common or k in seen:
            continue
        seen.add(k)
        if isinstance(f, Note):
            yield f
        else:
            yield attrs.evolve(f, reason=f"{f.reason} (common to every candidate: {everyone})")


def _internal_movement(
    tables: _Tables, rule: _LicenceRule, wanted: frozenset[str], exp: str, imp: str, on: _dt.date
) -> _Regional | None:
    """The regional row under which a movement between two member States needs no licence."""
    if exp == imp or exp not in tables.ever_members or imp not in tables.ever_members:
        return None  # not both ever members of a regional organization: no row applies
    for row in tables.regional:
        if not wanted <= row.groups or on < row.start or (row.until and on > row.until):
            continue
        if not (_member(tables, row.reio, exp, on) and _member(tables, row.reio, imp, on)):
            continue
        if _bound_since(row.reio, rule.instrument, on):
            return row
    return None


def _evaluate(
    shipment: _Case,
    groups: dict[str, list[str]],
    describe: Callable[[Mapping[str, list[str]], frozenset[str]], str] = _describe,
) -> Iterator[Finding]:
    """Findings for one shipment of goods in the annex *groups*, computed directly (no cache).

    *groups* gives the names of the controlled components in each annex group, and
    *describe* how components are named in the reasons.
    """
    if not groups:
        return
    tables = _TABLES.get()
    on = shipment.date
    exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
    year = on.year
    # the words for each set of groups, made once (every caller passes this evaluation's groups)
    described: dict[frozenset[str], str] = {}

    def describe_(groups: Mapping[str, list[str]], wanted: frozenset[str]) -> str:
        found = described.get(wanted)
        if found is None:
            found = described[wanted] = describe(groups, wanted)
        return found

    if shipment.form == "product":
        yield from _product_findings(shipment, groups, tables, describe_)
        yield from _context_notes(shipment, groups, tables, _article5(imp, year))
        return
    present = frozenset(groups)
    notes: list[Note] = []

    # ---- licensing (Article 4B)
    licences: dict[tuple[str, str], Requirement] = {}
    lic_rules, trade_rules = _rules_for(present)
    for rule in lic_rules:
        wanted = rule.groups & present
        inst = "kigali" if rule.instrument == "kigali" else NAME
        what = describe_(groups, wanted)
        internal = _internal_movement(tables, rule, wanted, exp, imp, on)
        if internal is not None:
            notes.append(
                Note(
                    code=f"{inst}.reio_internal",
                    text=(
                        f"{shipment.exporter.name} and {shipment.importer.name} are both "
                        f"member States of the European Union, itself a Party: the Union "
                        f"licenses {what} when they enter or leave its customs territory "
                        f"({internal.measure}), and a movement between member States is "
                        f"neither an import nor an export under it, so no {rule.paragraph} "
                        "licence applies (Art. 2(8)(a) and 7(4) on regional economic "
                        "integration organizations)."
                        + (
                            ""
                            if internal.verified
                            else " Not verified: the regulation's definitions of import "
                            "and export were not read."
                        )
                    ),
                    instrument=inst,
                    citation=internal.citation,
                )
            )
            continue
        for direction, code in (("export", exp), ("import", imp)):
            since = _bound_since(code, rule.instrument, on)
            side_name = shipment.exporter.name if direction == "export" else shipment.importer.name
            if since is None:
                notes.append(
                    Note(
                        code=f"{inst}.{direction}_licence_unknown",
                        text=(
                            "The bundled data do not say whether the "
                            f"{tables.names[rule.instrument]} is in force for {side_name}: "
                            f"if it is, {rule.paragraph} requires an "
                            f"{direction} licence for {what} from the later of "
                            f"{rule.start.isoformat()} and three months after it took effect."
                        ),
                        instrument=inst,
                        citation=rule.citation,
                    )
                )
                continue
            if since is False:
                continue
            due = max(rule.start, _add_months(since, rule.months))
            if on < due:
                continue
            a5 = _article5(code, year)
            if rule.a5_delay_until and on < rule.a5_delay_until and a5:
                notes.append(
                    Note(
                        code=f"{inst}.{direction}_licence_a5_delay",
                        text=(
                            f"{side_name} operates under Article 5 and may have delayed "
                            f"licensing {what} until {rule.a5_delay_until.isoformat()} "
                            f"({rule.a5_delay_paragraph}); check whether it did."
                            + (f" {rule.note}" if rule.note else "")
                        ),
                        instrument=inst,
                        citation=attrs.evolve(rule.citation, provision=rule.a5_delay_paragraph),
                    )
                )
                continue
            state = f"{shipment.state} " if shipment.state else ""
            key = (f"{inst}.{direction}_licence", code)
            earlier = licences.get(key)
            if earlier is not None:
                licences[key] = attrs.evolve(
                    earlier, reason=earlier.reason.replace(" (licensing", f", {what} (licensing", 1)
                )
                continue
            licences[key] = Requirement(
                code=f"{inst}.{direction}_licence",
                document=f"{direction} licence",
                side=direction,  # type: ignore[arg-type]
                party=code,
                instrument=inst,
                citation=rule.citation,
                reason=(
                    f"{side_name} must license the {direction} of {state}{what} "
                    f"(licensing system due by {due.isoformat()})"
                ),
                unverified=not rule.verified,
            )
    yield from licences.values()

    # ---- trade with non-Parties (Article 4)
    for trade in trade_rules:
        wanted = trade.groups & present
        if not wanted or trade.goods != "substance":
            continue
        acting, partner = (imp, exp) if trade.direction == "import" else (exp, imp)
        acting_c = shipment.importer if trade.direction == "import" else shipment.exporter
        partner_c = shipment.exporter if trade.direction == "import" else shipment.importer
        inst = "kigali" if trade.acting == "kigali" else NAME
        what = describe_(groups, wanted)
        towards = "from" if trade.direction == "import" else "to"
        since = _bound_since(acting, trade.acting, on)
        if since is None or since is False:
            if since is None and on >= trade.start:
                notes.append(
                    Note(
                        code=f"{inst}.{trade.direction}_ban_unknown",
                        text=(
                            f"The bundled data do not say whether the {tables.names[trade.acting]} "
                            f"is in force for {acting_c.name}; "
                            f"{trade.paragraph} bans the {trade.direction} of {what} "
                            f"{towards} States not bound by it from {trade.start.isoformat()}."
                        ),
                        instrument=inst,
                        citation=trade.citation,
                    )
                )
            continue
        # this version of the paragraph binds only Parties not bound by the one replacing it
        if trade.replaced_by and _bound_since(acting, trade.replaced_by, on):
            continue
        if trade.acting_article5 and not _article5(acting, year):
            continue
        unverified = not trade.verified
        # Art. 17: a State bound later fulfils "forthwith" what applies at that date; a
        # State already bound by an earlier version of the paragraph stays bound throughout
        # (the Article 5 condition of that version is read on the shipment's date).
        first = since
        for pred in trade.predecessors:
            was = _bound_since(acting, pred.acting, on)
            if was and (not pred.acting_article5 or _article5(acting, year)):
                first = min(first, was)
        start = max(trade.start, first)
        if on < start:
            partner_now = [_bound_since(partner, p, on) for p in trade.partners]
            if trade.start.year >= 2030 and not all(partner_now):
                notes.append(
                    Note(
                        code=f"{inst}.{trade.direction}_ban_from_{trade.start.year}",
                        text=(
                            f"From {trade.start.isoformat()}, {trade.paragraph} bans the "
                            f"{trade.direction} of {what} {towards} States not "
                            f"party to the {tables.names[trade.acting]}; {partner_c.name} is "
                            f"{'not known to be' if None in partner_now else 'not'} a party "
                            "to it yet."
                        ),
                        instrument=inst,
                        citation=trade.citation,
                    )
                )
            continue
        partner_bound = [_bound_since(partner, p, on) for p in trade.partners]
        if any(b is None for b in partner_bound):
            notes.append(
                Note(
                    code=f"{inst}.{trade.direction}_ban_unknown",
                    text=(
                        f"{trade.paragraph}: whether {partner_c.name} is bound by "
                        f"{' and '.join(tables.names[p] for p in trade.partners)} is not in the "
                        "bundled data; if not, "
                        f"the {trade.direction} of {what} is banned."
                    ),
                    instrument=inst,
                    citation=trade.citation,
                )
            )
            continue
        if all(b is not False for b in partner_bound):
            continue
        territorial = _partner_state_note(acting, partner, partner_bound, trade.partners, on)
        if territorial is not None:
            notes.append(
                Note(
                    code=f"{inst}.{trade.direction}_ban_territory",
                    text=(
                        f"{partner_c.name} is not itself bound by "
                        f"{' and '.join(tables.names[p] for p in trade.partners)}, but "
                        f"{territorial} ({trade.paragraph})."
                    ),
                    instrument=inst,
                    citation=trade.citation,
                )
            )
            continue
        # decision XX/9 exempts Article 5 *States*: a territory answers through its State
        if (
            trade.a5_exempt_until
            and on < trade.a5_exempt_until
            and (_article5(partner, year) or _article5(_state_of(partner, on), year))
        ):
            notes.append(
                Note(
                    code=f"{inst}.hcfc_a5_exemption",
                    text=(
                        f"{partner_c.name} is not bound by "
                        f"{' and '.join(tables.names[p] for p in trade.partners)} but, as "
                        f"an Article 5 State, does not count as a non-Party for HCFC trade "
                        f"until {trade.a5_exempt_until.isoformat()} (decision XX/9)."
                    ),
                    instrument=inst,
                    citation=trade.citation,
                )
            )
            continue
        missing = [p for p, b in zip(trade.partners, partner_bound, strict=True) if b is False]
        if trade.acting_article5:
            reason = (
                f"{acting_c.name}, operating under Article 5(1) and not bound by the "
                f"{tables.names[trade.replaced_by or trade.acting]}, may not export {what} to "
                f"{partner_c.name}, which is not a Party to the "
                f"{' and '.join(tables.names[m] for m in missing)}"
            )
        else:
            reason = (
                f"{acting_c.name} must ban the {trade.direction} of {what} {towards} "
                f"{partner_c.name}, which is not bound by the "
                f"{' and '.join(tables.names[m] for m in missing)}"
            )
        if trade.art_4_8:
            reason += (
                " (unless the Meeting of the Parties found it in full compliance under "
                "Article 4(8))"
            )
        if start > trade.start:
            reason += (
                f"; bound since {start.isoformat()}, it applies the paragraph from that day "
                "(Art. 17)"
            )
        yield Prohibition(
            code=f"{inst}.{trade.direction}_ban_non_party",
            side=trade.direction,  # type: ignore[arg-type]
            party=acting,
            instrument=inst,
            since=start,
            citation=trade.citation,
            reason=reason,
            unverified=unverified,
        )

    yield from notes
    yield from _context_notes(shipment, groups, tables, _article5(imp, year))


def _context_notes(
    shipment: _Case, groups: Mapping[str, list[str]], tables: _Tables, a5: bool | None
) -> Iterator[Note]:
    """Notes on the importing Party's consumption, the declared use and state, the data.

    *a5* is the importing Party's Article 5 status in the year of the shipment.
    """
    on = shipment.date
    imp = shipment.importer.alpha2
    product = shipment.form == "product"
    for group in groups:
        if product or group.startswith("F") or a5 is None:
            continue
        binding = controls._BINDING[(group, "consumption")]
        if not _bound_since(imp, binding, on):
            continue
        step = controls._consumption_step(group, a5, on)
        if step is None:
            continue
        if step.percent == 0:
            yield Note(
                code="montreal.phased_out",
                text=(
                    f"Consumption of {group} substances is phased out in "
                    f"{shipment.importer.name} since {step.start.isoformat()} "
                    f"({step.provision}); imports are expected only for uses the Parties "
                    "exempted, feedstock, destruction or (methyl bromide) quarantine and "
                    "pre-shipment."
                ),
                instrument=NAME,
                citation=step.citation,
            )
        elif step.condition and "servicing" in step.condition:
            yield Note(
                code="montreal.servicing_only",
                text=(
                    f"{shipment.importer.name} may consume {group} substances only for "
                    f"{step.condition} ({step.provision})."
                ),
                instrument=NAME,
                citation=step.citation,
            )
    use = shipment.end_use
    if use is not None:
        note = _end_use_note(use)
        if note is not None:
            yield note
    if shipment.state in ("recycled", "reclaimed") and not product:
        yield _RECYCLED
    for country in shipment.transit:
        yield _transit_note(country.name)
    if shipment.exporter.alpha2 == imp:
        yield _SAME_COUNTRY
    as_of = tables.data_as_of
    if on > as_of:
        yield _data_as_of_note(as_of)


# The notes whose words depend on nothing or on one value are made once (notes are
# immutable, so every assessment may share them).
_RECYCLED = Note(
    code="montreal.recycled",
    text=(
        "Recycled and reused amounts are not production (Art. 1(5)); imports and "
        "exports still need licences (Art. 4B covers recycled and reclaimed substances)."
    ),
    instrument=NAME,
)
_SAME_COUNTRY = Note(
    code="montreal.same_country",
    text="Exporter and importer are the same country.",
    instrument=NAME,
)


@functools.lru_cache(maxsize=64)
def _end_use_note(use: str) -> Note | None:
    """The note on a declared end use (None: an end use the Protocol says nothing of)."""
    if use in ("feedstock", "destruction", "quarantine_pre_shipment"):
        text = (
            f"Declared for {use.replace('_', ' ')}: such amounts are left out of calculated "
            "production and consumption (Art. 1(5); Art. 2H(6) for QPS), but licensing "
            "and trade bans still apply."
        )
    elif use in ("essential_use", "critical_use", "laboratory_use"):
        text = (
            f"Declared for {use.replace('_', ' ')}: permitted above the limits only as the "
            "Parties authorised it for the importing Party; check the authorisation."
        )
    else:
        return None
    return Note(code=f"montreal.end_use_{use}", text=text, instrument=NAME)


@functools.lru_cache(maxsize=512)
def _transit_note(name: str) -> Note:
    return Note(
        code="montreal.transit",
        text=(
            f"In transit through {name}: the Protocol's licensing and trade bans "
            "name imports and exports; check that country's rules for goods in transit."
        ),
        instrument=NAME,
    )


@functools.lru_cache(maxsize=8)
def _data_as_of_note(as_of: _dt.date) -> Note:
    return Note(
        code="montreal.data_as_of",
        text=(
            f"Participation in the Protocol and its amendments is bundled as of "
            f"{as_of.isoformat()}; later ratifications are not reflected."
        ),
        instrument=NAME,
    )
