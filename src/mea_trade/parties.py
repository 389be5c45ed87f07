"""Parties: who is a party to which instrument on a given date, and in which groups.

Every answer is a pure function of the bundled, dated records: the kind of act,
its date of deposit, the date the instrument entered into force for that party,
and any withdrawal. A date before an instrument existed is simply "not a party".

>>> import datetime as dt
>>> from mea_trade import parties
>>> parties.is_party("IN", "montreal", on=dt.date(1992, 9, 16))
False
>>> parties.is_party("IN", "montreal", on=dt.date(1992, 9, 17))
True
>>> s = parties.status("IN", "montreal", on=dt.date(2024, 6, 1))
>>> s.is_party, s.article5, s.kigali_group
(True, True, 'A5G2')

A territory with an ISO code of its own (Hong Kong, Réunion, Greenland, ...) takes
part through the State responsible for it (:mod:`mea_trade.territories`), as that
State's declarations extend or exclude each instrument
(``data/parties/territorial_application.csv``); where no declaration is bundled
it follows that State, and the answer is flagged unverified:

>>> s = parties.status("HK", "montreal", on=dt.date(2024, 1, 1))
>>> s.is_party, s.via.alpha2, s.article5
(True, 'CN', False)
>>> parties.is_party("HK", "kigali", on=dt.date(2024, 1, 1))  # excluded by China's declaration
False
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, optional_date, read_csv
from mea_trade.citations import Citation, citations
from mea_trade.countries import Country
from mea_trade.countries import get as country
from mea_trade.errors import InvalidDateError, MissingDataError, _shorten
from mea_trade.instruments import Instrument, all_instruments
from mea_trade.instruments import get as instrument
from mea_trade.territories import Sovereignty

__all__ = [
    "KIGALI_GROUPS",
    "KnownNonParty",
    "Participation",
    "PartyStatus",
    "TerritorialApplication",
    "basel_annex_vii",
    "complete",
    "coverage",
    "history",
    "is_party",
    "known_non_party",
    "participation",
    "parties",
    "status",
    "territorial_application",
]

#: Kigali Amendment groups, as the Ozone Secretariat codes them:
#: ``NA5G1`` non-Article 5 parties (Art. 2J(1)); ``NA5G2`` the non-Article 5 parties
#: with the later schedule (Art. 2J(2) footnote: Belarus, Kazakhstan, Russian
#: Federation, Tajikistan, Uzbekistan); ``A5G1`` Article 5 Group 1 and ``A5G2``
#: Article 5 Group 2 (Art. 5(8 qua); Group 2 as named in decision XXVIII/2 para. 1).
KIGALI_GROUPS: tuple[str, ...] = ("NA5G1", "NA5G2", "A5G1", "A5G2")

_OZONE = {"vienna", "montreal", "london", "copenhagen", "montreal_amendment", "beijing", "kigali"}
_BASEL = {"basel", "basel_ban"}


def _check_date(on: object) -> _dt.date:
    if isinstance(on, _dt.datetime):
        return on.date()
    if isinstance(on, _dt.date):
        return on
    if isinstance(on, str):
        try:
            return _dt.date.fromisoformat(on.strip())
        except ValueError:
            pass
    raise InvalidDateError(
        f"on= must be a datetime.date or an ISO date 'YYYY-MM-DD', not {type(on).__name__}: "
        f"{_shorten(on)}"
    )


@attrs.frozen(kw_only=True)
class Participation:
    """One country's participation in one instrument, as the depositary records it.

    Attributes:
        country: the participant.
        instrument: the instrument.
        action: ``"ratification"``, ``"accession"``, ``"acceptance"``, ``"approval"``,
            ``"formal_confirmation"`` or ``"succession"``.
        deposited: date of deposit of the instrument (or of notification of succession).
        entry_into_force: date the instrument entered into force for the country.
        eif_basis: ``"stated"`` (read in the source) or ``"computed"`` (from the
            instrument's rule, :attr:`Instrument.eif_rule`); ``"territorial"`` for a
            territory's record: the later of its State's entry into force and the
            start of the declaration or period of sovereignty.
        withdrawn: date of notification of withdrawal, if any.
        withdrawal_effective: date the withdrawal took effect, if any.
        sources: where the record was read.
        note: remarks (declarations, successions, source disagreements).
        unverified: fields that could not be confirmed in a depositary source
            (``"territorial_application"`` where a territory follows its State
            without a bundled declaration).
        via: for a territory, the State whose participation covers it (the
            record's ``action`` is then ``"territorial_application"``); None for a
            participant in its own right.
        declaration: for a territory, the declaration that extended the
            instrument to it, or None where it follows its State without one.
    """

    country: Country
    instrument: Instrument
    action: str
    deposited: _dt.date
    entry_into_force: _dt.date
    eif_basis: str
    withdrawn: _dt.date | None = None
    withdrawal_effective: _dt.date | None = None
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    note: str | None = attrs.field(default=None, repr=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    via: Country | None = attrs.field(default=None, repr=False)
    declaration: TerritorialApplication | None = attrs.field(default=None, repr=False)

    def in_force(self, on: _dt.date) -> bool:
        """Whether the country is bound on *on* (in force and not withdrawn)."""
        if on < self.entry_into_force:
            return False
        return self.withdrawal_effective is None or on < self.withdrawal_effective


@attrs.frozen(kw_only=True)
class TerritorialApplication:
    """A State's declaration on whether an instrument applies to a territory it is responsible for.

    Attributes:
        instrument: the instrument.
        territory: the territory.
        sovereign: the State that made the declaration.
        effect: ``"extends"`` (the instrument applies there from ``start``, while
            the State is bound), ``"excludes"`` (it does not apply there) or
            ``"follows_sovereign"`` (a source says it applies as part of the State's
            territory, without a declaration).
        start: first day (None: from the State's own entry into force).
        end: last day (None: still so).
        sources: where it was read.
        note: what the source says.
        unverified: fields not read in an official text.
    """

    instrument: Instrument
    territory: Country
    sovereign: Country
    effect: str
    start: _dt.date | None
    end: _dt.date | None
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    note: str | None = attrs.field(default=None, repr=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False)

    def covers(self, on: _dt.date) -> bool:
        """Whether the declaration governs the date *on*."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@attrs.frozen(kw_only=True)
class PartyStatus:
    """A country's status under an instrument on a date.

    Attributes:
        country: the country.
        instrument: the instrument.
        on: the date asked about.
        is_party: whether the instrument is in force for the country on that date.
        participation: the depositary record in force on ``on``, else the latest one
            (None if the country never joined).
        article5: for the Vienna Convention, the Montreal Protocol and its
            amendments: whether the country operates under Article 5(1) in that
            year (None if the bundled data has no status for it).
        kigali_group: for the same instruments: the Kigali group code
            (:data:`KIGALI_GROUPS`), or None.
        basel_annex_vii: for the Basel Convention and its Ban Amendment: whether the
            country is in Annex VII (OECD members, the EU and its member States,
            Liechtenstein) on that date; None for other instruments.
        eu_member: whether the country is a member State of the European Union on
            that date (False for the EU itself).
        data_as_of: the date up to which the bundled participation data is current;
            a later *on* is answered from the data as of that date.
        complete_to: the date up to which the bundled list holds every party
            (None if it is not known to be complete on any date): on or before
            it, a country absent from the list is not a party; after it, unknown.
        via: for a territory, the State through which the instrument applies
            (or would apply) there on ``on``; None for a State.
        declaration: for a territory, the declaration governing ``on`` (None
            where the territory follows its State without a bundled declaration).
        non_party: where "not a party" rests on a dated statement rather than on
            the list (``on`` after ``complete_to``, up to the statement's
            ``confirmed_until``): that :class:`KnownNonParty`, with its sources.
    """

    country: Country
    instrument: Instrument
    on: _dt.date
    is_party: bool
    participation: Participation | None
    article5: bool | None = None
    kigali_group: str | None = None
    basel_annex_vii: bool | None = None
    eu_member: bool = False
    data_as_of: _dt.date
    complete_to: _dt.date | None = None
    via: Country | None = None
    declaration: TerritorialApplication | None = attrs.field(default=None, repr=False)
    non_party: KnownNonParty | None = attrs.field(default=None, repr=False)

    @property
    def party_since(self) -> _dt.date | None:
        """Date the instrument entered into force for the country, if it is a party on ``on``."""
        return self.participation.entry_into_force if self.is_party and self.participation else None

    @property
    def groups(self) -> frozenset[str]:
        """The group labels that apply.

        Among ``"article5"``, ``"non_article5"``, the Kigali group code,
        ``"basel_annex_vii"`` and ``"eu_member"``.
        """
        out = set()
        if self.article5 is not None:
            out.add("article5" if self.article5 else "non_article5")
        if self.kigali_group:
            out.add(self.kigali_group)
        if self.basel_annex_vii:
            out.add("basel_annex_vii")
        if self.eu_member:
            out.add("eu_member")
        return frozenset(out)


@attrs.frozen
class _Spans:
    """Dated membership spans per country: sorted starts and (exclusive) ends."""

    spans: Mapping[str, tuple[tuple[_dt.date, _dt.date | None], ...]]

    def member(self, alpha2: str, on: _dt.date) -> bool:
        for start, end in self.spans.get(alpha2, ()):
            if start <= on and (end is None or on < end):
                return True
        return False


@attrs.frozen
class _Article5:
    years: Mapping[str, tuple[tuple[int, bool], ...]]

    def status(self, alpha2: str, year: int) -> bool | None:
        # the years are oldest first: the last one begun by *year* gives the status
        for since, status in reversed(self.years.get(alpha2, ())):
            if since <= year:
                return status
        return None


@attrs.frozen(kw_only=True)
class KnownNonParty:
    """A country that a source confirms was not a party to an instrument on a date.

    Used where the bundled party list is incomplete: absence from such a list means
    "unknown", so a country is answered "not a party" only on dates up to
    :attr:`confirmed_until`, the date of the source that says so.

    Attributes:
        country: the country.
        instrument: the instrument.
        signed: date of signature, if it signed and never joined.
        confirmed_until: last date on which a source confirms that it was not a party.
        sources: where that was read.
        note: what the source says.
        unverified: non-empty where the only source is secondary.
    """

    country: Country
    instrument: Instrument
    signed: _dt.date | None
    confirmed_until: _dt.date
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    note: str | None = attrs.field(default=None, repr=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False)


@attrs.frozen
class _Data:
    by_instrument: Mapping[str, Mapping[str, tuple[Participation, ...]]]
    as_of: Mapping[str, _dt.date]
    partial: frozenset[str]
    complete_to: Mapping[str, _dt.date | None]
    article5: _Article5
    kigali: Mapping[str, str]
    oecd: _Spans
    eu: _Spans
    non_parties: Mapping[str, Mapping[str, KnownNonParty]]
    declarations: Mapping[tuple[str, str], tuple[TerritorialApplication, ...]]
    derived: frozenset[tuple[str, str]]


def _load_participations(inst: Instrument) -> dict[str, tuple[Participation, ...]]:
    out: dict[str, list[Participation]] = {}
    for row in read_csv(f"parties/{inst.id}.csv"):
        member = country(row["country"])
        out.setdefault(member.alpha2, []).append(
            Participation(
                country=member,
                instrument=inst,
                action=row["action"],
                deposited=_dt.date.fromisoformat(row["deposited"]),
                entry_into_force=_dt.date.fromisoformat(row["entry_into_force"]),
                eif_basis=row["eif_basis"],
                withdrawn=optional_date(row["withdrawn"]),
                withdrawal_effective=optional_date(row["withdrawal_effective"]),
                sources=citations(row["source"]),
                note=row["note"] or None,
                unverified=frozenset(x for x in row["unverified"].split(";") if x),
            )
        )
    return {k: tuple(sorted(v, key=lambda p: p.deposited)) for k, v in out.items()}


def _load_non_parties() -> dict[str, dict[str, KnownNonParty]]:
    non_parties: dict[str, dict[str, KnownNonParty]] = {}
    for row in read_csv("parties/non_parties.csv"):
        inst = instrument(row["instrument"])
        who = country(row["country"])
        non_parties.setdefault(inst.id, {})[who.alpha2] = KnownNonParty(
            country=who,
            instrument=inst,
            signed=optional_date(row["signed"]),
            confirmed_until=_dt.date.fromisoformat(row["confirmed_until"]),
            sources=citations(row["source"]),
            note=row["note"] or None,
            unverified=frozenset(x for x in row["unverified"].split(";") if x),
        )
    return non_parties


def _spans(path: str) -> _Spans:
    spans: dict[str, list[tuple[_dt.date, _dt.date | None]]] = {}
    for row in read_csv(path):
        start = _dt.date.fromisoformat(row["from"])
        spans.setdefault(country(row["country"]).alpha2, []).append(
            (start, optional_date(row["until"]))
        )
    return _Spans(MappingProxyType({k: tuple(sorted(v)) for k, v in spans.items()}))


def _load_declarations() -> dict[tuple[str, str], tuple[TerritorialApplication, ...]]:
    out: dict[tuple[str, str], list[TerritorialApplication]] = {}
    for row in read_csv("parties/territorial_application.csv"):
        inst = instrument(row["instrument"])
        territory = country(row["territory"])
        out.setdefault((inst.id, territory.alpha2), []).append(
            TerritorialApplication(
                instrument=inst,
                territory=territory,
                sovereign=country(row["sovereign"]),
                effect=row["effect"],
                start=optional_date(row["from"]),
                end=optional_date(row["until"]),
                sources=citations(row["source"]),
                note=row["note"] or None,
                unverified=frozenset(x for x in row["unverified"].split(";") if x),
            )
        )
    return {k: tuple(sorted(v, key=lambda d: d.start or _dt.date.min)) for k, v in out.items()}


@attrs.frozen
class _Window:
    """A stretch of a territory's timeline governed by one State and one declaration (or none)."""

    start: _dt.date | None
    end: _dt.date | None  # inclusive
    sovereign: Country
    effect: str
    declaration: TerritorialApplication | None


def _windows(
    periods: tuple[Sovereignty, ...], declarations: tuple[TerritorialApplication, ...]
) -> list[_Window]:
    """The declarations' windows, and the stretches of sovereignty no declaration covers."""
    windows = [_Window(d.start, d.end, d.sovereign, d.effect, d) for d in declarations]
    for period in periods:
        # the parts of the period that no declaration covers follow the State
        gaps = [(period.start, period.end)]
        for d in declarations:
            nxt = []
            for lo, hi in gaps:
                if (d.end is not None and lo is not None and d.end < lo) or (
                    d.start is not None and hi is not None and d.start > hi
                ):
                    nxt.append((lo, hi))
                    continue
                if d.start is not None and (lo is None or d.start > lo):
                    nxt.append((lo, d.start - _dt.timedelta(days=1)))
                if d.end is not None and (hi is None or d.end < hi):
                    nxt.append((d.end + _dt.timedelta(days=1), hi))
            gaps = nxt
        windows += [_Window(lo, hi, period.sovereign, "follows_sovereign", None) for lo, hi in gaps]
    return windows


def _derive(
    inst: Instrument,
    territory: Country,
    periods: tuple[Sovereignty, ...],
    declarations: tuple[TerritorialApplication, ...],
    records: Mapping[str, tuple[Participation, ...]],
    complete: bool,
) -> tuple[Participation, ...] | None:
    """A territory's participation through its State, or None when that State is not in the list.

    For an incomplete list (*complete* False) a State absent from it may be a
    party or not depending on the date; the territory is then answered at query
    time through its State (:func:`_checked_history`).
    """
    out: list[Participation] = []
    for w in _windows(periods, declarations):
        if w.effect not in ("extends", "follows_sovereign"):
            continue
        own = records.get(w.sovereign.alpha2)
        if own is None and not complete:
            return None
        for p in own or ():
            start = max(p.entry_into_force, w.start) if w.start else p.entry_into_force
            ends = [e for e in (p.withdrawal_effective,) if e is not None]
            if w.end is not None:
                ends.append(w.end + _dt.timedelta(days=1))
            end = min(ends) if ends else None
            if end is not None and end <= start:
                continue
            unverified = set(p.unverified)
            if w.declaration is None:
                unverified.add("territorial_application")
            else:
                unverified |= w.declaration.unverified
            how = (
                f"{w.declaration.effect} by a declaration of {w.sovereign.name}"
                if w.declaration is not None
                else f"no declaration bundled: follows {w.sovereign.name}"
            )
            out.append(
                Participation(
                    country=territory,
                    instrument=inst,
                    action="territorial_application",
                    deposited=p.deposited,
                    entry_into_force=start,
                    eif_basis="territorial",
                    withdrawal_effective=end,
                    sources=(w.declaration.sources if w.declaration else ()) + p.sources,
                    note=f"Applies through {w.sovereign.name} ({how}).",
                    unverified=frozenset(unverified),
                    via=w.sovereign,
                    declaration=w.declaration,
                )
            )
    return tuple(sorted(out, key=lambda p: p.entry_into_force))


def _load() -> _Data:
    from mea_trade.manifest import datasets
    from mea_trade.territories import _DATA as _SOVEREIGNTY

    manifest = {d.path: d for d in datasets()}
    by_instrument: dict[str, Mapping[str, tuple[Participation, ...]]] = {}
    as_of: dict[str, _dt.date] = {}
    complete_to: dict[str, _dt.date | None] = {}
    partial: set[str] = set()
    non_parties = _load_non_parties()
    declarations = _load_declarations()
    sovereignty = _SOVEREIGNTY.get()
    derived: set[tuple[str, str]] = set()
    for inst in all_instruments():
        path = f"parties/{inst.id}.csv"
        if path not in manifest:
            continue
        entry = manifest[path]
        records = _load_participations(inst)
        as_of[inst.id] = entry.as_of
        complete_to[inst.id] = entry.complete_to
        if not entry.complete:
            partial.add(inst.id)
        for code, periods in sovereignty.items():
            if code in records:
                continue  # a participant in its own right
            found = _derive(
                inst,
                periods[0].territory,
                periods,
                declarations.get((inst.id, code), ()),
                records,
                entry.complete,
            )
            if found is not None:
                records[code] = found
                derived.add((inst.id, code))
        by_instrument[inst.id] = MappingProxyType(records)
    years: dict[str, list[tuple[int, bool]]] = {}
    for row in read_csv("parties/article5.csv"):
        years.setdefault(country(row["country"]).alpha2, []).append(
            (int(row["from_year"]), row["article5"] == "true")
        )
    kigali = {
        country(row["country"]).alpha2: row["group"]
        for row in read_csv("parties/kigali_groups.csv")
    }
    _territory_groups(sovereignty, years, kigali)
    return _Data(
        non_parties=MappingProxyType({k: MappingProxyType(v) for k, v in non_parties.items()}),
        by_instrument=MappingProxyType(by_instrument),
        as_of=MappingProxyType(as_of),
        complete_to=MappingProxyType(complete_to),
        partial=frozenset(partial),
        article5=_Article5(MappingProxyType({k: tuple(sorted(v)) for k, v in years.items()})),
        kigali=MappingProxyType(kigali),
        oecd=_spans("parties/oecd_members.csv"),
        eu=_spans("parties/eu_members.csv"),
        declarations=MappingProxyType(declarations),
        derived=frozenset(derived),
    )


def _territory_groups(
    sovereignty: Mapping[str, tuple[Sovereignty, ...]],
    years: dict[str, list[tuple[int, bool]]],
    kigali: dict[str, str],
) -> None:
    """Article 5 status and Kigali group of territories: their State's, unless data says otherwise.

    A territory's own rows (China's declarations that Article 5 does not apply
    to Hong Kong and Macao) govern from their first year; before it, and for
    territories without rows, the status of the State responsible in each year.
    """
    for code, periods in sovereignty.items():
        own = sorted(years.get(code, ()))
        first_own = own[0][0] if own else None
        derived: list[tuple[int, bool]] = []
        for period in periods:
            history = sorted(years.get(period.sovereign.alpha2, ()))
            if not history:
                continue
            lo = period.start.year if period.start else history[0][0]
            hi = period.end.year if period.end else 9999
            index = bisect.bisect_right([y for y, _ in history], lo) - 1
            if index >= 0:
                derived.append((lo, history[index][1]))
            derived += [(y, a5) for y, a5 in history if lo < y <= hi]
        if first_own is not None:
            derived = [(y, a5) for y, a5 in derived if y < first_own]
        merged = dict(derived)
        merged.update(dict(own))
        if merged:
            years[code] = sorted(merged.items())
        state = periods[-1].sovereign.alpha2
        if (
            code not in kigali
            and state in kigali
            and years.get(code)
            and years.get(state)
            and sorted(years[code])[-1][1] == sorted(years[state])[-1][1]
        ):
            kigali[code] = kigali[state]


_DATA: Lazy[_Data] = Lazy(_load)


def _records(inst: Instrument) -> Mapping[str, tuple[Participation, ...]]:
    data = _DATA.get()
    try:
        return data.by_instrument[inst.id]
    except KeyError:
        raise MissingDataError(
            f"no participation data is bundled yet for {inst.short_name} ({inst.id!r})"
        ) from None


def complete(treaty: str | Instrument) -> bool:
    """Whether the bundled party list of *treaty* is complete.

    For an incomplete list, a country that is not in it has an unknown status:
    :func:`history`, :func:`is_party` and :func:`status` raise
    :class:`~mea_trade.errors.MissingDataError` for it instead of answering "no".

    >>> complete("montreal")
    True
    """
    inst = instrument(treaty)
    _records(inst)
    return inst.id not in _DATA.get().partial


def coverage() -> Mapping[str, _dt.date]:
    """The instruments with bundled participation data, and the date each list is current to.

    >>> import datetime as dt
    >>> coverage()["cwc"] >= dt.date(2026, 1, 1)
    True
    """
    return _DATA.get().as_of


def history(member: str | Country, treaty: str | Instrument) -> tuple[Participation, ...]:
    """Every depositary record of *member* under *treaty*, oldest first.

    Empty if it never joined; more than one where a party withdrew and joined again.
    For a territory, the records through which the instrument applies there
    (``action == "territorial_application"``, with :attr:`Participation.via`).
    For a list that is not known to be complete on any date, a country absent
    from it raises :class:`~mea_trade.errors.MissingDataError`, unless it is a
    :func:`known_non_party`; where the list is complete up to a date
    (:attr:`PartyStatus.complete_to`), absence is empty here and
    :func:`is_party` and :func:`status` answer only up to that date.

    >>> [(p.deposited.year, p.withdrawal_effective) for p in history("AE", "cites")][-1]
    (1990, None)
    >>> [(p.action, p.via.alpha2, p.entry_into_force.isoformat()) for p in history("MO", "kigali")]
    [('territorial_application', 'CN', '2021-09-15')]
    """
    who = country(member)
    inst = instrument(treaty)
    records = _records(inst)
    found = records.get(who.alpha2)
    if found is not None:
        return found
    data = _DATA.get()
    if (
        inst.id in data.partial
        and data.complete_to.get(inst.id) is None
        and known_non_party(who, inst) is None
    ):
        raise MissingDataError(
            f"the bundled list of parties to the {inst.short_name} is incomplete and does not "
            f"include {who.name}: its status is unknown"
        )
    return ()


def known_non_party(member: str | Country, treaty: str | Instrument) -> KnownNonParty | None:
    """The record saying that *member* was not a party to *treaty*, if the library has one.

    Only instruments whose party list is incomplete need such records: there, a
    country absent from the list is "unknown" unless a source confirms that it was
    not a party, and then only up to :attr:`KnownNonParty.confirmed_until`.

    >>> r = known_non_party("Argentina", "cartagena")
    >>> r.signed.isoformat(), r.confirmed_until.isoformat()
    ('2000-05-24', '2011-01-24')
    >>> known_non_party("France", "cartagena") is None
    True
    """
    who = country(member)
    inst = instrument(treaty)
    return _DATA.get().non_parties.get(inst.id, {}).get(who.alpha2)


#: How the reason a status is unknown ends (the date asked about filled in).
_STATUS_ON = ": its status on {day} is unknown"


def _checked_history(who: Country, inst: Instrument, day: _dt.date) -> tuple[Participation, ...]:
    """:func:`history`, refusing to answer "not a party" beyond what the data covers.

    A country absent from the list is not a party on dates up to the list's
    ``complete_to``, or up to a known non-party's confirmation date, whichever is
    later; after that its status is unknown.
    """
    try:
        records = history(who, inst)
    except MissingDataError:
        through = _through_state(who, inst, day)
        if through is None:
            raise
        return through
    if records or (inst.id, who.alpha2) in _DATA.get().derived:
        return records
    through = _through_state(who, inst, day)
    if through is not None:
        return through
    data = _DATA.get()
    complete_to = data.complete_to.get(inst.id)
    known = known_non_party(who, inst)
    reach = max(
        (d for d in (complete_to, known.confirmed_until if known else None) if d is not None),
        default=None,
    )
    if reach is None or day > reach:
        reaches = (
            "is incomplete"
            if complete_to is None
            else f"is complete only to {complete_to.isoformat()}"
        )
        if known is not None:
            raise MissingDataError(
                f"{who.name} is known not to have been a party to the {inst.short_name} on "
                f"{known.confirmed_until.isoformat()}, and the bundled list {reaches}"
                f"{_STATUS_ON.format(day=day.isoformat())}",
                reach=reach,
            )
        raise MissingDataError(
            f"{who.name} is not in the bundled list of parties to the {inst.short_name}, which "
            f"{reaches}{_STATUS_ON.format(day=day.isoformat())}",
            reach=reach,
        )
    return records


def _through_state(
    who: Country, inst: Instrument, day: _dt.date
) -> tuple[Participation, ...] | None:
    """For a territory whose State is absent from an incomplete list: the answer through it.

    Not a party where a declaration excludes the territory on *day*, or where its
    State is known not to be a party on *day*; otherwise the State's unknown
    status is raised. None for a State.
    """
    from mea_trade.territories import sovereign

    state = sovereign(who, on=day)
    if state is None:
        return None
    declaration = next((d for d in territorial_application(who, inst) if d.covers(day)), None)
    if declaration is not None and declaration.effect == "excludes":
        return ()
    try:
        found = _checked_history(state, inst, day)
    except MissingDataError as exc:
        raise MissingDataError(
            f"{who.name} takes part through {state.name}, whose status is unknown: {exc}",
            reach=exc.reach,
        ) from None
    if _current(found, day) is not None:  # pragma: no cover - a listed State is derived
        return None
    return ()


def territorial_application(
    territory: str | Country, treaty: str | Instrument
) -> tuple[TerritorialApplication, ...]:
    """The bundled declarations on whether *treaty* applies to *territory*, oldest first.

    >>> [(d.effect, d.sovereign.alpha2, d.start) for d in territorial_application("HK", "kigali")]
    [('excludes', 'CN', datetime.date(2021, 9, 15))]
    """
    who = country(territory)
    inst = instrument(treaty)
    return _DATA.get().declarations.get((inst.id, who.alpha2), ())


def participation(member: str | Country, treaty: str | Instrument) -> Participation | None:
    """Return the latest depositary record of *member* under *treaty*, or None if it never joined.

    >>> p = participation("Viet Nam", "montreal")
    >>> p.action, p.entry_into_force.isoformat()
    ('accession', '1994-04-26')
    """
    records = history(member, treaty)
    return records[-1] if records else None


def _current(records: tuple[Participation, ...], on: _dt.date) -> Participation | None:
    for record in reversed(records):
        if record.in_force(on):
            return record
    return None


def is_party(member: str | Country, treaty: str | Instrument, *, on: _dt.date | str) -> bool:
    """Whether *treaty* is in force for *member* on the date *on*.

    Raises:
        UnknownCountryError, UnknownInstrumentError: unknown names.
        InvalidDateError: *on* is not a date.
        MissingDataError: no participation data is bundled for the instrument.

    >>> import datetime as dt
    >>> is_party("US", "montreal", on=dt.date(1989, 1, 1))
    True
    >>> is_party("US", "beijing", on=dt.date(2003, 12, 29))
    False
    """
    day = _check_date(on)
    return _current(_checked_history(country(member), instrument(treaty), day), day) is not None


def basel_annex_vii(member: str | Country, *, on: _dt.date | str) -> bool:
    """Whether *member* is in Annex VII of the Basel Convention on *on*.

    Annex VII (added by the Ban Amendment) lists "Parties and other States which
    are members of OECD, EC, Liechtenstein"; the library reads it as: OECD member
    countries, the European Union and its member States, and Liechtenstein.

    >>> import datetime as dt
    >>> basel_annex_vii("MX", on=dt.date(1995, 1, 1)), basel_annex_vii("MX", on=dt.date(1993, 1, 1))
    (True, False)
    """
    day = _check_date(on)
    code = country(member).alpha2
    data = _DATA.get()
    return code in {"EU", "LI"} or data.oecd.member(code, day) or data.eu.member(code, day)


def status(member: str | Country, treaty: str | Instrument, *, on: _dt.date | str) -> PartyStatus:
    """Return *member*'s :class:`PartyStatus` under *treaty* on the date *on*.

    >>> import datetime as dt
    >>> s = status("Russian Federation", "montreal", on=dt.date(2024, 1, 1))
    >>> s.kigali_group, s.article5
    ('NA5G2', False)
    """
    who = country(member)
    inst = instrument(treaty)
    day = _check_date(on)
    records = _checked_history(who, inst, day)
    record = _current(records, day)
    data = _DATA.get()
    article5: bool | None = None
    kigali: str | None = None
    annex_vii: bool | None = None
    if inst.id in _OZONE:
        article5 = data.article5.status(who.alpha2, day.year)
        kigali = data.kigali.get(who.alpha2)
    if inst.id in _BASEL:
        annex_vii = basel_annex_vii(who, on=day)
    via, declaration = _territorial(who, inst, day)
    complete_to = data.complete_to.get(inst.id)
    known = known_non_party(who, inst) if not records else None
    if known is not None and complete_to is not None and day <= complete_to:
        known = None  # the complete list answers by itself
    return PartyStatus(
        country=who,
        instrument=inst,
        on=day,
        is_party=record is not None,
        participation=record or (records[-1] if records else None),
        article5=article5,
        kigali_group=kigali,
        basel_annex_vii=annex_vii,
        eu_member=data.eu.member(who.alpha2, day),
        data_as_of=data.as_of[inst.id],
        complete_to=complete_to,
        via=via,
        declaration=declaration,
        non_party=known,
    )


def _territorial(
    who: Country, inst: Instrument, day: _dt.date
) -> tuple[Country | None, TerritorialApplication | None]:
    """The State through which *inst* applies to a territory on *day*, and the declaration."""
    from mea_trade.territories import sovereign

    declaration = next(
        (d for d in territorial_application(who, inst) if d.covers(day)),
        None,
    )
    if declaration is not None:
        return declaration.sovereign, declaration
    return sovereign(who, on=day), None


def parties(
    treaty: str | Instrument, *, on: _dt.date | str, allow_partial: bool = False
) -> tuple[Country, ...]:
    """The parties to *treaty* on the date *on*, sorted by ISO code.

    Territories covered through their State are not parties and are not listed.

    For an instrument whose bundled list is incomplete (:func:`complete`), this
    raises :class:`~mea_trade.errors.MissingDataError` unless *allow_partial* is
    True, in which case it returns the parties the list has.

    >>> import datetime as dt
    >>> len(parties("montreal", on=dt.date(1989, 1, 1))) >= 29
    True
    """
    day = _check_date(on)
    inst = instrument(treaty)
    records = _records(inst)
    if inst.id in _DATA.get().partial and not allow_partial:
        raise MissingDataError(
            f"the bundled list of parties to the {inst.short_name} is incomplete; pass "
            "allow_partial=True for the parties it has"
        )
    derived = _DATA.get().derived
    return tuple(
        sorted(
            (
                rs[0].country
                for code, rs in records.items()
                if (inst.id, code) not in derived and _current(rs, day) is not None
            ),
            key=lambda c: c.alpha2,
        )
    )
