"""Montreal Protocol rules for a shipment: licensing (Art. 4B) and trade with non-Parties (Art. 4).

The rules are data (``data/montreal/licensing.csv``, ``data/montreal/trade_rules.csv``)
read by :func:`evaluate`; participation comes from :mod:`mea_trade.parties`.

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
from typing import TYPE_CHECKING, Literal, TypeVar

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade.citations import Citation, citations
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.countries import Country

__all__ = ["NAME", "evaluate"]

NAME = "montreal"

_INSTRUMENTS = ("montreal", "london", "copenhagen", "montreal_amendment", "beijing", "kigali")


@attrs.frozen
class _TradeRule:
    groups: frozenset[str]
    direction: str
    paragraph: str
    start_rule: str
    start: _dt.date | None
    acting: str
    partners: tuple[str, ...]
    a5_exempt_until: _dt.date | None
    citation: Citation
    verified: bool
    note: str


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


_R = TypeVar("_R")

Spans = tuple[tuple[_dt.date, "_dt.date | None"], ...]


@attrs.frozen
class _Tables:
    trade: tuple[_TradeRule, ...]
    licensing: tuple[_LicenceRule, ...]
    # instrument -> country -> ((entry into force, withdrawal effective), ...); None = no data
    spans: Mapping[str, Mapping[str, Spans] | None]
    partial: frozenset[str]
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


def _load() -> _Tables:
    from mea_trade import parties
    from mea_trade.errors import MissingDataError
    from mea_trade.instruments import get as instrument

    trade = tuple(
        _TradeRule(
            groups=frozenset(row["groups"].split(";")),
            direction=row["direction"],
            paragraph=row["paragraph"],
            start_rule=row["start_rule"],
            start=_d(row["start"]),
            acting=row["acting_instrument"],
            partners=tuple(row["partner_instruments"].split(";")),
            a5_exempt_until=_d(row["a5_partner_exempt_until"]),
            citation=_cite(row["source"], row["paragraph"]),
            verified=row["verified"] == "text",
            note=row["note"],
        )
        for row in read_csv("montreal/trade_rules.csv")
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
    general = {i: instrument(i).entry_into_force for i in _INSTRUMENTS}
    as_of = dict(parties.coverage())
    return _Tables(
        boundaries=_boundaries(trade, licensing, spans, as_of),
        trade=trade,
        licensing=licensing,
        spans=MappingProxyType(spans),
        partial=frozenset(
            i for i in _INSTRUMENTS if spans[i] is not None and not parties.complete(i)
        ),
        general_eif=MappingProxyType(general),  # type: ignore[arg-type]
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
    spans: Mapping[str, Mapping[str, Spans] | None],
    as_of: Mapping[str, _dt.date],
) -> Mapping[str, frozenset[_dt.date]]:
    """Annex group -> the dates on which a finding for it may change whoever trades.

    :func:`_pair_boundaries` adds the dates that depend on the two countries.
    """
    from mea_trade.catalog import MONTREAL_ANNEX_GROUPS
    from mea_trade.montreal import controls

    common = {day + _dt.timedelta(days=1) for day in as_of.values()}
    out: dict[str, frozenset[_dt.date]] = {}
    for group in MONTREAL_ANNEX_GROUPS:
        days = set(common)
        for t in trade:
            if group in t.groups:
                days.update(d for d in (t.start, t.a5_exempt_until) if d)
        for lic in licensing:
            if group in lic.groups:
                days.update(d for d in (lic.start, lic.a5_delay_until) if d)
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


@functools.lru_cache(maxsize=16384)
def _pair_boundaries(exporter: str, importer: str, groups: tuple[str, ...]) -> tuple[_dt.date, ...]:
    """The groups' boundaries plus the dates derived from the two countries' participation."""
    from mea_trade.parties import _DATA

    tables = _TABLES.get()
    days: set[_dt.date] = set()
    for group in groups:
        days.update(tables.boundaries[group])
    history = _DATA.get().article5.years
    for code in (exporter, importer):
        # the Article 5 status is read by year: a boundary where a recorded period starts
        days.update(_dt.date(year, 1, 1) for year, _ in history.get(code, ()))
    for by_country in tables.spans.values():
        for code in (exporter, importer):
            for start, end in (by_country or {}).get(code, ()):
                days.update({start, _one_year_after(start), _add_months(start, 3)})
                if end is not None:
                    days.add(end)
    return tuple(sorted(days))


def _bound_since(
    tables: _Tables, code: str, inst: str, on: _dt.date
) -> _dt.date | Literal[False] | None:
    """Entry into force of *inst* for *code* if bound on *on*; False if not; None if unknown."""
    spans = tables.spans[inst]
    if spans is None:
        return None
    records = spans.get(code)
    if records is None:
        return None if inst in tables.partial else False
    for start, end in records:
        if start <= on and (end is None or on < end):
            return start
    return False


def _article5(code: str, year: int) -> bool | None:
    from mea_trade.parties import _DATA

    return _DATA.get().article5.status(code, year)


def _add_months(day: _dt.date, months: int) -> _dt.date:
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


def _groups(shipment: Shipment) -> dict[str, list[str]]:
    """Annex group -> names of the controlled components in the commodity."""
    from mea_trade.hs import HSCode

    item = shipment.commodity
    if isinstance(item, HSCode):
        return {}
    return {g: list(v) for g, v in _commodity_groups(item)}


def _hs_notes(shipment: Shipment) -> Iterator[Finding]:
    from mea_trade.hs import HSCode, flags

    code = shipment.commodity
    assert isinstance(code, HSCode)
    for flag in flags(code, code.edition):
        if flag.instrument != NAME:
            continue
        yield Note(
            code="montreal.hs_line",
            text=(
                f"HS {code} may concern Montreal Protocol substances "
                f"({', '.join(flag.groups)}): {flag.reason}. Declare the substance or blend "
                "to assess licensing and trade bans."
            ),
            instrument=NAME,
            citation=flag.sources[0] if flag.sources else None,
        )
        if "Annex D product" in flag.reason:
            yield from _annex_d_note(shipment)


def _relevant(
    rules: tuple[_R, ...], by_group: Mapping[str, tuple[_R, ...]], present: frozenset[str]
) -> tuple[_R, ...]:
    """The rules touching any group in *present*, in file order."""
    if len(present) == 1:
        return by_group.get(next(iter(present)), ())
    return tuple(r for r in rules if r.groups & present)  # type: ignore[attr-defined]


#: Annex D took effect on 27 May 1992 (decision IV/16, para. 1); Art. 4(3) gave Parties
#: that did not object one year to ban imports of its products from non-Parties.
_ANNEX_D_BAN = _dt.date(1993, 5, 27)


def _annex_d_note(shipment: Shipment) -> Iterator[Note]:
    tables = _TABLES.get()
    on = shipment.date
    if on < _ANNEX_D_BAN:
        return
    exporter = _bound_since(tables, shipment.exporter.alpha2, "montreal", on)
    importer = _bound_since(tables, shipment.importer.alpha2, "montreal", on)
    if exporter is False and importer:
        yield Note(
            code="montreal.annex_d_non_party",
            text=(
                f"{shipment.exporter.name} is not a Party to the Protocol: if these products "
                "contain Annex A substances, a Party that did not object to Annex D bans "
                f"their import from it (Art. 4(3); Annex D in force since 27 May 1992)."
            ),
            instrument=NAME,
            citation=attrs.evolve(citations("mp-annex-d")[0], provision="Article 4, paragraph 3"),
        )


def _describe(groups: Mapping[str, list[str]], wanted: frozenset[str]) -> str:
    parts = [f"{', '.join(v)} ({g})" for g, v in groups.items() if g in wanted]
    return "; ".join(parts)


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Montreal Protocol (and its amendments) for *shipment*.

    * Licences (Art. 4B(1); Art. 4B(2 bis) for HFCs): each side whose State is
      bound by the Article must license imports and exports of new, used,
      recycled and reclaimed controlled substances.
    * Bans (Art. 4(1)-(2 sept)): a Party bound by a paragraph bans imports from
      and exports to a State that is not bound by the control measures of the
      substance's group (Art. 4(9)), from the paragraph's date.
    * Notes: consumption already phased out in the importing Party, declared
      end uses, data dates, coming bans.

    Kazakhstan joined the Copenhagen and Beijing Amendments only in 2011 and 2014,
    so in 2010 the United States had to ban HCFC exports to it (Art. 4(2 quin)),
    while Kazakhstan, not bound by Article 4B yet, had no licensing duty:

    >>> import mea_trade as mt
    >>> s = mt.Shipment("HCFC-141b", exporter="US", importer="KZ", date="2010-01-05")
    >>> [(f.code, f.party) for f in evaluate(s) if hasattr(f, "party")]
    [('montreal.export_licence', 'US'), ('montreal.export_ban_non_party', 'US')]
    """
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.hs import HSCode

    if isinstance(shipment.commodity, HSCode):
        return tuple(_hs_notes(shipment))
    if not isinstance(shipment.commodity, (Substance, Mixture)):
        return ()  # a waste code or an organism: other rooms' business
    pairs = _commodity_groups(shipment.commodity)
    if not pairs:
        return ()
    key = tuple(g for g, _ in pairs)
    bounds = _pair_boundaries(shipment.exporter.alpha2, shipment.importer.alpha2, key)
    epoch = bisect.bisect_right(bounds, shipment.date)
    return _bound_epoch(
        shipment.commodity,
        shipment.exporter,
        shipment.importer,
        epoch,
        shipment.state,
        shipment.end_use,
        shipment.transit,
    )


# Findings are computed once per (annex groups, countries, date epoch, state, end use,
# transit) with a placeholder where the commodity's components are named, then bound to
# each commodity. Every date at which a finding can change (entries into force and
# withdrawals, the dates derived from them, rule dates, control steps, years for the
# Article 5 status) is a boundary, so an epoch's answer is computed on its first day.
_TOKEN = "\x00"


@functools.lru_cache(maxsize=4096)
def _commodity_groups(commodity: Substance | Mixture) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Annex group -> names of the controlled components, for a commodity."""
    from mea_trade.catalog import Mixture, Substance

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


@functools.lru_cache(maxsize=16384)
def _template(
    groups: tuple[str, ...],
    exporter: Country,
    importer: Country,
    epoch: int,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
) -> tuple[Finding, ...]:
    """Findings for commodities with these annex *groups*, with placeholders for names."""
    from mea_trade.catalog import substances

    bounds = _pair_boundaries(exporter.alpha2, importer.alpha2, groups)
    day = bounds[epoch - 1] if epoch > 0 else _dt.date.min
    stand_in = next(iter(substances(controlled=True)))  # read only for its type
    shipment = Shipment(
        stand_in,
        exporter=exporter,
        importer=importer,
        date=day,
        state=state,
        end_use=end_use,
        transit=transit,
    )
    return tuple(_evaluate(shipment, describe=_template_describe, groups={g: [] for g in groups}))


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


@functools.lru_cache(maxsize=32768)
def _bound_epoch(
    commodity: Substance | Mixture,
    exporter: Country,
    importer: Country,
    epoch: int,
    state: str | None,
    end_use: str | None,
    transit: tuple[Country, ...],
) -> tuple[Finding, ...]:
    pairs = _commodity_groups(commodity)
    if not pairs:
        return ()
    groups = {g: list(v) for g, v in pairs}
    key = tuple(g for g, _ in pairs)
    template = _template(key, exporter, importer, epoch, state, end_use, transit)
    return _bind(template, groups)


def _evaluate(
    shipment: Shipment,
    describe: Callable[[Mapping[str, list[str]], frozenset[str]], str] | None = None,
    groups: dict[str, list[str]] | None = None,
) -> Iterator[Finding]:
    """Findings for one shipment, computed directly (no cache).

    *groups* overrides the commodity's annex groups (component names), and
    *describe* how components are named in the reasons.
    """
    if groups is None:
        groups = _groups(shipment)
    describe_ = describe or _describe
    if not groups:
        return
    tables = _TABLES.get()
    on = shipment.date
    exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
    present = frozenset(groups)
    notes: list[Note] = []

    # ---- licensing (Article 4B)
    licences: dict[tuple[str, str], Requirement] = {}
    lic_rules = _relevant(tables.licensing, tables.licensing_by_group, present)
    trade_rules = _relevant(tables.trade, tables.trade_by_group, present)
    for direction, code in (("export", exp), ("import", imp)):
        for rule in lic_rules:
            wanted = rule.groups & present
            if not wanted:
                continue
            inst = "kigali" if rule.instrument == "kigali" else NAME
            what = describe_(groups, wanted)
            since = _bound_since(tables, code, rule.instrument, on)
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
            a5 = _article5(code, on.year)
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
        if not wanted:
            continue
        acting, partner = (imp, exp) if trade.direction == "import" else (exp, imp)
        acting_c = shipment.importer if trade.direction == "import" else shipment.exporter
        partner_c = shipment.exporter if trade.direction == "import" else shipment.importer
        inst = "kigali" if trade.acting == "kigali" else NAME
        what = describe_(groups, wanted)
        since = _bound_since(tables, acting, trade.acting, on)
        if since is None or since is False:
            if since is None and on >= (trade.start or on):
                notes.append(
                    Note(
                        code=f"{inst}.{trade.direction}_ban_unknown",
                        text=(
                            f"The bundled data do not say whether the {tables.names[trade.acting]} "
                            f"is in force for {acting_c.name}; "
                            f"{trade.paragraph} bans the {trade.direction} of {what} "
                            f"{'from' if trade.direction == 'import' else 'to'} States not "
                            f"bound by it from {trade.start.isoformat() if trade.start else '?'}."
                        ),
                        instrument=inst,
                        citation=trade.citation,
                    )
                )
            continue
        unverified = not trade.verified
        if trade.start_rule == "date":
            assert trade.start is not None
            start = trade.start
        else:
            start = _one_year_after(since)
            if since > tables.general_eif[trade.acting]:
                unverified = True
        if on < start:
            partner_now = [_bound_since(tables, partner, p, on) for p in trade.partners]
            if trade.start and trade.start.year >= 2030 and not all(partner_now):
                notes.append(
                    Note(
                        code=f"{inst}.{trade.direction}_ban_from_{trade.start.year}",
                        text=(
                            f"From {trade.start.isoformat()}, {trade.paragraph} bans the "
                            f"{trade.direction} of {what} "
                            f"{'from' if trade.direction == 'import' else 'to'} States not "
                            f"party to the {tables.names[trade.acting]}; {partner_c.name} is "
                            f"{'not known to be' if None in partner_now else 'not'} a party "
                            "to it yet."
                        ),
                        instrument=inst,
                        citation=trade.citation,
                    )
                )
            continue
        partner_bound = [_bound_since(tables, partner, p, on) for p in trade.partners]
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
        if trade.a5_exempt_until and on < trade.a5_exempt_until and _article5(partner, on.year):
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
        yield Prohibition(
            code=f"{inst}.{trade.direction}_ban_non_party",
            side=trade.direction,  # type: ignore[arg-type]
            party=acting,
            instrument=inst,
            since=start,
            citation=trade.citation,
            reason=(
                f"{acting_c.name} must ban the {trade.direction} of {what} "
                f"{'from' if trade.direction == 'import' else 'to'} {partner_c.name}, "
                f"which is not bound by the {' and '.join(tables.names[m] for m in missing)} "
                "(unless the Meeting of the Parties found it in full compliance under "
                "Article 4(8))"
            ),
            unverified=unverified,
        )

    yield from notes
    yield from _context_notes(shipment, groups, tables)


def _context_notes(
    shipment: Shipment, groups: Mapping[str, list[str]], tables: _Tables
) -> Iterator[Note]:
    from mea_trade.montreal import controls

    on = shipment.date
    imp = shipment.importer.alpha2
    a5 = _article5(imp, on.year)
    for group in groups:
        if group.startswith("F") or a5 is None:
            continue
        binding = controls._BINDING[(group, "consumption")]
        if not _bound_since(tables, imp, binding, on):
            continue
        step = controls.control_measure(group, "A5" if a5 else "NA5", on, "consumption")
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
    if use in ("feedstock", "destruction", "quarantine_pre_shipment"):
        yield Note(
            code=f"montreal.end_use_{use}",
            text=(
                f"Declared for {use.replace('_', ' ')}: such amounts are left out of calculated "
                "production and consumption (Art. 1(5); Art. 2H(6) for QPS), but licensing "
                "and trade bans still apply."
            ),
            instrument=NAME,
        )
    elif use in ("essential_use", "critical_use", "laboratory_use"):
        yield Note(
            code=f"montreal.end_use_{use}",
            text=(
                f"Declared for {use.replace('_', ' ')}: permitted above the limits only as the "
                "Parties authorised it for the importing Party; check the authorisation."
            ),
            instrument=NAME,
        )
    if shipment.state in ("recycled", "reclaimed"):
        yield Note(
            code="montreal.recycled",
            text=(
                "Recycled and reused amounts are not production (Art. 1(5)); imports and "
                "exports still need licences (Art. 4B covers recycled and reclaimed substances)."
            ),
            instrument=NAME,
        )
    for country in shipment.transit:
        yield Note(
            code="montreal.transit",
            text=(
                f"In transit through {country.name}: the Protocol's licensing and trade bans "
                "name imports and exports; check that country's rules for goods in transit."
            ),
            instrument=NAME,
        )
    if shipment.exporter == shipment.importer:
        yield Note(
            code="montreal.same_country",
            text="Exporter and importer are the same country.",
            instrument=NAME,
        )
    as_of = tables.data_as_of
    if on > as_of:
        yield Note(
            code="montreal.data_as_of",
            text=(
                f"Participation in the Protocol and its amendments is bundled as of "
                f"{as_of.isoformat()}; later ratifications are not reflected."
            ),
            instrument=NAME,
        )
