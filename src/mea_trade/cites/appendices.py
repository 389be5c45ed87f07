"""The Appendices on a date: which appendix a taxon is in, under which entry, since when.

:func:`listing` answers for a taxon, a date and (for split listings) the country of
the population. It reads three layers of bundled data:

* the checklist: each taxon's listing on the day of the export (the bundled
  Species+ export of 2017-04-21, or one read by :func:`~mea_trade.cites.load_checklist`),
  with the entry it hangs from (``listed_under``: a species covered by *Pythonidae
  spp.* is listed under Pythonidae);
* ``data/cites/changes.csv``: the amendments after that day that the bundled
  sources give (CoP18, CoP19, part of CoP20 and some Appendix III listings), each
  with its date, source and ``verified`` flag; a taxon's own change replaces its
  listing, a change to a higher taxon reaches the species listed under it and the
  species that were not in the checklist;
* ``data/cites/population_rules.csv``: how population-specific annotations divide
  a range by country, and ``data/cites/appendix_iii_parties.csv``: who listed each
  Appendix III taxon.

The data is complete to the day of the checklist (``complete_to``); an answer for a
later day also rests on the partial list of changes (``as_of``, ``partial``), and
one for an earlier day on the checklist alone (its listing may have changed since
that day: ``complete`` is False then, unless the listing's start is known).

>>> import datetime as dt
>>> x = listing("Python regius", on=dt.date(2024, 1, 1))
>>> x.appendix, x.listed_under, x.complete_to.isoformat()
('II', 'Pythonidae', '2017-04-21')
>>> [listing("Loxodonta africana", on="2024-01-01", country=c).appendix for c in ("BW", "KE")]
['II', 'I']
>>> listing("Carcharhinus longimanus", on="2026-04-01").appendix  # CoP20, reported only
'I'
>>> listing("Carcharhinus longimanus", on="2026-04-01").unverified
True
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import html
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy
from mea_trade._dates import as_date
from mea_trade.citations import Citation, citation, citations
from mea_trade.cites.checklist import Checklist, Part, Taxon, _rows, bundled, resolve

if TYPE_CHECKING:
    from mea_trade.countries import Country

__all__ = ["APPENDIX_ORDER", "Annotation", "AppendixListing", "Section", "history", "listing"]

#: Appendices from the strictest.
APPENDIX_ORDER: tuple[str, ...] = ("I", "II", "III")
_RANK = {"I": 0, "II": 1, "III": 2, None: 3, "": 3}
_DELAYED = re.compile(r"Entry into effect delayed by \d+ months, i\.e\. until (\d{1,2} \w+ \d{4})")


def clean(text: str) -> str:
    r"""Species+ annotation markup as plain text.

    >>> clean("Except <i>Caracara lutosa</i>.<p>b) i) rest")
    'Except Caracara lutosa.\nb) i) rest'
    """
    text = re.sub(r"<p>\s*", "\n", text.replace("\xa0", " "))
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


@attrs.frozen(kw_only=True)
class PopulationRule:
    """How one population-specific annotation divides a taxon's range (``population_rules.csv``)."""

    starts: str
    appendix: str
    mode: str  # "only" or "except"
    countries: frozenset[str]
    partial: frozenset[str]
    region: str | None
    other: str | None
    citation: Citation

    def reach(self, country: str) -> str:
        """Whether the section applies to *country*'s specimens: yes, no or maybe."""
        if country in self.partial or (self.region and country not in self.countries):
            return "maybe"
        inside = country in self.countries
        return "yes" if inside == (self.mode == "only") else "no"


@attrs.frozen(kw_only=True)
class Annotation:
    """An annotation of the Appendices, as it applies to a listing.

    Attributes:
        appendix: the appendix of the section it qualifies.
        text: the annotation in plain text (empty when the section has none).
        raw: the text as the source prints it.
        hash_symbol: the #-annotation (``"#4"``) naming the plant parts and
            derivatives covered, or empty.
        hash_text: the text of that #-annotation.
        effective: the date the annotated listing took effect, where known.
    """

    appendix: str
    text: str
    raw: str = attrs.field(repr=False)
    hash_symbol: str = ""
    hash_text: str = attrs.field(default="", repr=False)
    effective: _dt.date | None = None


@attrs.frozen(kw_only=True)
class Section:
    """One appendix section of a listing in force, with the populations it covers."""

    appendix: str
    annotation: str = attrs.field(repr=False)
    rule: PopulationRule | None = attrs.field(default=None, repr=False)
    hash_symbol: str = ""
    hash_text: str = attrs.field(default="", repr=False)

    @property
    def scope(self) -> str:
        """The populations in words (``"all populations"``, ``"only BW NA ZA ZW"``)."""
        r = self.rule
        if r is None:
            return "all populations"
        where = " ".join(sorted(r.countries))
        if r.partial:
            where = f"{where} (part of {' '.join(sorted(r.partial))})".strip()
        if r.region:
            where = f"{where} {r.region}".strip()
        return f"{r.mode} {where}"


@attrs.frozen(kw_only=True)
class _Entry:
    """A taxon's own listing from a date on (a snapshot or a change)."""

    start: _dt.date | None  # None: in force on the checklist's day, since a date not bundled
    sections: tuple[Section, ...]
    inherit: str | None  # covered by this higher taxon's listing from `start` on
    parties: tuple[str, ...]
    citation: Citation
    verified: bool
    cop: str | None
    note: str
    known_start: bool = False  # the snapshot's start date is known (a delayed entry into force)


@attrs.frozen(kw_only=True)
class AppendixListing:
    """Where a taxon stands in the Appendices on one date (for one population).

    Attributes:
        taxon: the taxon asked about.
        on: the date.
        country: the ISO code of the population's country, if one was given.
        appendix: ``"I"``, ``"II"``, ``"III"``, or None (not listed). For a split
            listing without *country*: the strictest appendix of any population
            (see ``split`` and ``sections``).
        annotation: the annotation of the applicable section (text, #-annotation,
            date), or None.
        listed_under: the name of the taxon whose entry applies (the taxon itself,
            or a higher taxon such as ``"Pythonidae"`` for *Pythonidae spp.*).
        listing_country: for Appendix III, the Party that listed it (the first,
            when several did: see ``listing_countries``); None when unknown.
        listing_countries: every Party that listed it in Appendix III.
        effective: the date the listing took effect, where the bundled data gives it.
        cop: the meeting whose amendment gave the listing (``"CoP19"``), if known.
        citation: the source of the listing.
        complete_to: the day the bundled checklist is complete to.
        as_of: the newest day the answer rests on: the checklist's day, or the
            date of the latest bundled change applied.
        partial: True when the answer is for a day after ``complete_to``: later
            changes are bundled only in part.
        complete: False when the bundled data cannot tell whether the listing was
            already in force on the day asked (a day before ``complete_to``).
        unverified: True when the listing rests on a change the sources do not
            confirm (a date, wording or a CoP20 report).
        uncertain: True when the population of *country* falls on both sides of a
            split listing (a province, a subspecies or a region the library does
            not map): ``appendix`` is then the stricter one.
        split: True when the populations of the taxon are in different appendices.
        sections: every section of the listing in force, with its populations.
        notes: caveats in words.
    """

    taxon: Taxon
    on: _dt.date
    country: str | None
    appendix: str | None
    annotation: Annotation | None
    listed_under: str | None
    listing_country: str | None
    listing_countries: tuple[str, ...]
    effective: _dt.date | None
    cop: str | None
    citation: Citation | None = attrs.field(repr=False)
    complete_to: _dt.date = attrs.field(repr=False)
    as_of: _dt.date = attrs.field(repr=False)
    partial: bool = attrs.field(repr=False)
    complete: bool = attrs.field(repr=False)
    unverified: bool = attrs.field(repr=False)
    uncertain: bool = attrs.field(repr=False)
    split: bool = attrs.field(repr=False)
    sections: tuple[Section, ...] = attrs.field(repr=False)
    notes: tuple[str, ...] = attrs.field(repr=False)

    @property
    def listed(self) -> bool:
        """Whether the taxon (population) is in an appendix."""
        return self.appendix is not None

    @property
    def certain(self) -> bool:
        """Complete, verified and not uncertain: the data says it without caveat."""
        return self.complete and not self.unverified and not self.uncertain

    def describe(self) -> str:
        """One line in words."""
        where = f" ({self.country})" if self.country else ""
        if self.appendix is None:
            head = f"{self.taxon.name}{where}: not listed on {self.on.isoformat()}"
        else:
            under = (
                f" as {self.listed_under} spp."
                if self.listed_under and self.listed_under != self.taxon.name
                else ""
            )
            party = (
                f" (listed by {', '.join(self.listing_countries)})"
                if self.listing_countries
                else ""
            )
            since = f", since {self.effective.isoformat()}" if self.effective else ""
            head = (
                f"{self.taxon.name}{where}: Appendix {self.appendix}{under}{party}{since}"
                f" on {self.on.isoformat()}"
            )
        flags = [
            flag
            for flag, on in (
                ("unverified", self.unverified),
                ("population uncertain", self.uncertain),
                ("history before the checklist not bundled", not self.complete),
                (f"changes after {self.complete_to.isoformat()} partial", self.partial),
            )
            if on
        ]
        return head + (f" [{'; '.join(flags)}]" if flags else "")


# ---------------------------------------------------------------- loading


@attrs.frozen
class _Tables:
    rules: tuple[PopulationRule, ...]
    changes: Mapping[str, tuple[_Entry, ...]]  # taxon name -> entries, by date
    change_days: tuple[_dt.date, ...]
    parties: Mapping[int, tuple[tuple[str, ...], Citation]]
    added: tuple[Taxon, ...]
    cop_dates: Mapping[str, _dt.date]


def _load() -> _Tables:
    rules = []
    header, rows = _rows("cites/population_rules.csv")
    col = {n: i for i, n in enumerate(header)}
    for row in rows:
        rules.append(
            PopulationRule(
                starts=_norm(row[col["annotation_starts"]]),
                appendix=row[col["appendix"]],
                mode=row[col["mode"]],
                countries=frozenset(row[col["countries"]].split()),
                partial=frozenset(row[col["partial"]].split()),
                region=row[col["region"]] or None,
                other=row[col["other"]] or None,
                citation=citations(row[col["source"]])[0],
            )
        )
    rules.sort(key=lambda r: -len(r.starts))
    rule_list = tuple(rules)
    grouped: dict[tuple[str, _dt.date], list[list[str]]] = {}
    for path in CHANGE_FILES:
        header, rows = _rows(path)
        col = {n: i for i, n in enumerate(header)}
        for row in rows:
            day = _dt.date.fromisoformat(row[col["effective"]])
            grouped.setdefault((row[col["taxon"]], day), []).append(row)
    changes: dict[str, list[_Entry]] = {}
    for (name, day), group in grouped.items():
        first = group[0]
        sections = tuple(
            Section(
                appendix=r[col["appendix"]],
                annotation=r[col["annotation"]],
                rule=_match(rule_list, r[col["annotation"]]),
            )
            for r in group
            if r[col["appendix"]]
        )
        inherit = next((r[col["listed_under"]] for r in group if not r[col["appendix"]]), "")
        cop = first[col["cop"]]
        cite = citations(first[col["source"]])[0]
        changes.setdefault(name, []).append(
            _Entry(
                start=day,
                sections=sections,
                inherit=inherit or None,
                parties=tuple(first[col["parties"]].split()),
                citation=attrs.evolve(
                    cite,
                    provision=f"{cop}: {first[col['note']]}" if cop else cite.provision,
                ),
                verified=all(r[col["verified"]] == "1" for r in group),
                cop=cop if cop.startswith("CoP") else None,
                note=first[col["note"]],
            )
        )
    header, rows = _rows("cites/appendix_iii_parties.csv")
    col = {n: i for i, n in enumerate(header)}
    parties = {
        int(row[col["taxon"]]): (tuple(row[col["parties"]].split()), citation(row[col["source"]]))
        for row in rows
    }
    header, rows = _rows("cites/added_taxa.csv")
    col = {n: i for i, n in enumerate(header)}
    added = tuple(
        Taxon(
            id=int(row[col["id"]]),
            name=row[col["name"]],
            rank=row[col["rank"]],
            author=row[col["author"]],
            higher=tuple(
                row[col[r]] for r in ("kingdom", "phylum", "class", "order", "family", "genus")
            ),
            accepted=False,
            checklist="added",
        )
        for row in rows
    )
    header, rows = _rows("cites/events.csv")
    col = {n: i for i, n in enumerate(header)}
    cop_dates = {row[col["event"]]: _dt.date.fromisoformat(row[col["in_force"]]) for row in rows}
    return _Tables(
        rules=rule_list,
        changes=MappingProxyType(
            {k: tuple(sorted(v, key=lambda e: e.start or _dt.date.min)) for k, v in changes.items()}
        ),
        change_days=tuple(sorted({e.start for v in changes.values() for e in v if e.start})),
        parties=MappingProxyType(parties),
        added=added,
        cop_dates=MappingProxyType(cop_dates),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)

#: The files of changes after the checklist's day (same columns).
CHANGE_FILES: tuple[str, ...] = ("cites/changes.csv", "cites/changes_reptilia_2023.csv")


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _match(rules: tuple[PopulationRule, ...], annotation: str) -> PopulationRule | None:
    text = _norm(annotation)
    for rule in rules:  # longest prefix first
        if text.startswith(rule.starts):
            return rule
    return None


_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


def _delayed(part: Part) -> _dt.date | None:
    for text in (part.short, part.annotation):
        m = _DELAYED.search(text)
        if m:
            day, month, year = m.group(1).split()
            return _dt.date(int(year), _MONTHS[month], int(day))
    return None


# ---------------------------------------------------------------- per checklist


@attrs.frozen
class _Book:
    """A checklist with its snapshot entries, listed-under names and the added taxa."""

    checklist: Checklist
    snapshot: Mapping[int, tuple[_Entry, ...]]
    listed_under: Mapping[int, str]
    by_name: Mapping[tuple[str, str], Taxon]  # (kingdom, name) -> taxon (checklist first)


_ID_HINT = re.compile(r"(?:Included in|\[\w+ listing) ([A-Z][a-z]+(?: [a-z]+)?)(?: spp\.)?")


def _build(book: Checklist) -> _Book:
    tables = _TABLES.get()
    by_name: dict[tuple[str, str], Taxon] = {}
    for t in tables.added:
        by_name[(t.higher[0], t.name)] = t
    for t in book:
        by_name[(t.higher[0], t.name)] = t
    cite = book.citation
    listed_under: dict[int, str] = {}
    snapshot: dict[int, tuple[_Entry, ...]] = {}
    rules = tables.rules
    matched: dict[str, PopulationRule | None] = {}
    shared: dict[tuple[tuple[Part, ...], str, str], tuple[Section, ...]] = {}
    for taxon in book:
        parts = book.parts(taxon)
        symbol, hash_text = book.hash_annotation(taxon)
        listed_under[taxon.id] = _listed_under(book, taxon, parts, by_name)
        sections = shared.get((parts, symbol, hash_text))
        if sections is None:
            for p in parts:
                if p.annotation not in matched:
                    matched[p.annotation] = _match(rules, p.annotation)
            sections = shared[(parts, symbol, hash_text)] = tuple(
                Section(
                    appendix=p.appendix,
                    annotation=p.annotation,
                    rule=matched[p.annotation],
                    hash_symbol=symbol,
                    hash_text=hash_text,
                )
                for p in parts
            )
        party_row = tables.parties.get(taxon.id)
        entry = _Entry(
            start=None,
            sections=sections,
            inherit=None,
            parties=party_row[0] if party_row else (),
            citation=cite,
            verified=True,
            cop=None,
            note="",
        )
        delayed = [d for d in (_delayed(p) for p in parts) if d]
        if delayed:
            day = max(delayed)
            if day > book.as_of:
                pending = attrs.evolve(
                    entry,
                    sections=(),
                    note=f"adopted, but its entry into effect was delayed until {day.isoformat()}",
                )
                snapshot[taxon.id] = (pending, attrs.evolve(entry, start=day, known_start=True))
                continue
            entry = attrs.evolve(entry, known_start=True, start=day)
        snapshot[taxon.id] = (entry,)
    return _Book(
        checklist=book,
        snapshot=MappingProxyType(snapshot),
        listed_under=MappingProxyType(listed_under),
        by_name=MappingProxyType(by_name),
    )


def _listed_under(
    book: Checklist, taxon: Taxon, parts: tuple[Part, ...], by_name: Mapping[tuple[str, str], Taxon]
) -> str:
    """The entry a taxon's listing hangs from, read from Species+'s hints and the tree.

    ``AnnotationEnglish`` says "Included in Pythonidae spp." or "[FAMILY listing
    Felidae spp.]" where Species+ gives it; otherwise the highest taxon above, in an
    unbroken line of rows carrying the same section (appendix and annotation).
    """
    if not parts:
        return taxon.name
    for p in parts:
        for text in (p.short, p.annotation):
            hint = _hint(text)
            if hint and hint != taxon.name and (taxon.higher[0], hint) in by_name:
                return hint
    signature = tuple((p.appendix, p.annotation) for p in parts)
    best = taxon.name
    for ancestor in book.ancestors(taxon):
        theirs = tuple((p.appendix, p.annotation) for p in book.parts(ancestor))
        if theirs != signature:
            break
        best = ancestor.name
    return best


@functools.lru_cache(maxsize=1024)
def _hint(text: str) -> str | None:
    m = _ID_HINT.search(text)
    return m.group(1) if m else None


@functools.lru_cache(maxsize=8)
def _book(book: Checklist) -> _Book:
    return _build(book)


def _bundled_book() -> _Book:
    return _BUNDLED_BOOK.get()


_BUNDLED_BOOK: Lazy[_Book] = Lazy(lambda: _build(bundled()))


# ---------------------------------------------------------------- resolution


@attrs.frozen
class _State:
    entry: _Entry | None
    sections: tuple[Section, ...]
    listed_under: str | None
    parties: tuple[str, ...]
    changed: bool  # rests on a change after the checklist


_NONE = _State(entry=None, sections=(), listed_under=None, parties=(), changed=False)


def _lineage_taxa(b: _Book, taxon: Taxon) -> list[Taxon]:
    out = []
    for name in taxon.lineage():
        t = b.by_name.get((taxon.higher[0], name))
        if t is not None:
            out.append(t)
    return out


def _own_change(name: str, day: _dt.date, after: _dt.date) -> _Entry | None:
    entries = _TABLES.get().changes.get(name)
    if not entries:
        return None
    found = None
    for e in entries:
        if e.start is not None and after < e.start <= day:
            found = e
    return found


def _state(b: _Book, taxon: Taxon, day: _dt.date, depth: int = 0) -> _State:
    as_of = b.checklist.as_of
    change = _own_change(taxon.name, day, as_of)
    if change is not None:
        if change.sections:
            return _State(change, change.sections, taxon.name, change.parties, True)
        if change.inherit:
            target = b.by_name.get((taxon.higher[0], change.inherit))
            if target is not None and depth < 12:
                s = _state(b, target, day, depth + 1)
                return attrs.evolve(s, changed=True, entry=change if s.entry is None else s.entry)
        return _State(change, (), None, (), True)
    snap = b.snapshot.get(taxon.id) if taxon.checklist == b.checklist.label else None
    lineage = _lineage_taxa(b, taxon) if depth < 12 else []
    if snap is not None:
        under = b.listed_under.get(taxon.id, taxon.name)
        # a change to a higher taxon at or below the one the listing hangs from reaches it
        for anc in lineage if under != taxon.name else ():
            if _own_change(anc.name, day, as_of) is not None:
                return _state(b, anc, day, depth + 1)
            if anc.name == under:
                break
        entry = snap[0]
        for e in snap:
            if e.start is None or e.start <= day:
                entry = e
        if not entry.sections:
            return _State(entry, (), None, (), False)
        parties = entry.parties
        if not parties and under != taxon.name:
            anc_t = b.by_name.get((taxon.higher[0], under))
            if anc_t is not None and anc_t.id in b.snapshot:
                parties = b.snapshot[anc_t.id][-1].parties
        return _State(entry, entry.sections, under, parties, False)
    # a taxon the checklist lacks: the nearest listed taxon above it
    for anc in lineage:
        s = _state(b, anc, day, depth + 1)
        if s.sections:
            return s
    return _NONE


def _resolve_country(
    sections: tuple[Section, ...], country: str | None
) -> tuple[str | None, Section | None, bool, bool]:
    """(appendix, section, uncertain, split) for a population of *country*."""
    if not sections:
        return None, None, False, False
    appendices = {s.appendix for s in sections} | {
        s.rule.other for s in sections if s.rule is not None
    }
    split = len(appendices) > 1
    if country is None:
        best = min(sections, key=lambda s: _RANK[s.appendix])
        rests = [s.rule.other for s in sections if s.rule is not None]
        strict = min([best.appendix, *[o for o in rests if o]], key=lambda a: _RANK[a])
        return strict, best, False, split
    yes: list[Section] = []
    maybe: list[Section] = []
    generic: list[Section] = []
    others: list[str | None] = []
    for s in sections:
        if s.rule is None:
            generic.append(s)
            continue
        reach = s.rule.reach(country)
        if reach == "yes":
            yes.append(s)
        elif reach == "maybe":
            maybe.append(s)
            others.append(s.rule.other)
        else:
            others.append(s.rule.other)
    chosen = yes or generic
    if chosen and not maybe:
        best = min(chosen, key=lambda s: _RANK[s.appendix])
        return best.appendix, best, False, split
    if maybe:
        pool = chosen + maybe
        best = min(pool, key=lambda s: _RANK[s.appendix])
        candidates = [best.appendix, *[o for o in others if o]]
        strict = min(candidates, key=lambda a: _RANK[a])
        section = best if strict == best.appendix else None
        return strict, section or best, True, split
    # no section covers the country: the appendix the annotations give the rest
    rest = list(others)
    if rest and all(o for o in rest):
        strict = min((o for o in rest if o), key=lambda a: _RANK[a])
        sec = next((s for s in sections if s.appendix == strict), None)
        return strict, sec, False, split
    return None, None, False, split


def _country_code(value: str | Country | None) -> str | None:
    if value is None:
        return None
    from mea_trade.countries import Country, get

    if isinstance(value, Country):
        return value.alpha2
    return get(value).alpha2


def listing(
    taxon: str | Taxon,
    *,
    on: _dt.date | str,
    country: str | Country | None = None,
    checklist: Checklist | None = None,
) -> AppendixListing:
    """Where *taxon* stands in the Appendices on the date *on*.

    *taxon* is a :class:`~mea_trade.cites.checklist.Taxon` or any name
    :func:`~mea_trade.cites.taxon` accepts. *country* (ISO code or name) is the
    country of the specimen's population: it decides split listings (the elephants
    of Botswana, Namibia, South Africa and Zimbabwe are in Appendix II, the others in
    Appendix I). *checklist* defaults to the bundled one.

    Raises:
        UnknownTaxonError, AmbiguousNameError: *taxon* names no taxon, or several.
        UnknownCountryError: *country* is not a country.
        InvalidDateError: *on* is not a date.
    """
    key = (taxon, on, country, checklist)
    try:
        return _FAST[key]
    except (KeyError, TypeError):
        pass
    from mea_trade.cites.taxa import taxon as find

    day = as_date(on, "on")
    book = resolve(checklist)
    t = find(taxon, checklist=book) if not isinstance(taxon, Taxon) else taxon
    result = _listing(t, day, _country_code(country), book)
    if len(_FAST) >= 65536:
        _FAST.clear()
    _FAST[key] = result
    return result


#: Answers by the arguments as given (a dict hit for repeated look-ups).
_FAST: dict[tuple[object, ...], AppendixListing] = {}


@functools.lru_cache(maxsize=65536)
def _listing(taxon: Taxon, day: _dt.date, country: str | None, book: Checklist) -> AppendixListing:
    b = _bundled_book() if book.bundled else _book(book)
    state = _state(b, taxon, day)
    appendix, section, uncertain, split = _resolve_country(state.sections, country)
    entry = state.entry
    tables = _TABLES.get()
    complete_to = book.as_of
    partial = day > complete_to
    pos = bisect.bisect_right(tables.change_days, day)
    latest = tables.change_days[pos - 1] if pos else None
    as_of = max(complete_to, latest) if partial and latest else complete_to
    known_start = entry is not None and (entry.start is not None)
    complete = day >= complete_to or (
        known_start and entry is not None and entry.start is not None and entry.start <= day
    )
    unverified = bool(entry is not None and not entry.verified)
    notes: list[str] = []
    if not complete:
        notes.append(
            f"The bundled checklist gives the listing on {complete_to.isoformat()}; whether it "
            f"was already in force on {day.isoformat()} is not in the bundled data."
        )
    if partial:
        notes.append(
            f"Changes to the Appendices after {complete_to.isoformat()} are bundled only in part "
            f"(latest applied: {as_of.isoformat()})."
        )
    if entry is not None and entry.note and (state.changed or not entry.sections):
        notes.append(entry.note)
    if uncertain:
        notes.append(
            f"Only part of the population of {country} is in one appendix (a province, a "
            "subspecies or a region): the stricter appendix is given."
        )
    if split and country is None and appendix is not None:
        notes.append(
            "The populations are in different appendices: pass country= for the population's."
        )
    if appendix is None and state.sections == () and entry is not None and entry.sections == ():
        pass
    effective = entry.start if entry is not None and entry.start is not None else None
    annotation = None
    if section is not None and appendix is not None:
        annotation = Annotation(
            appendix=section.appendix,
            text=clean(section.annotation),
            raw=section.annotation,
            hash_symbol=section.hash_symbol,
            hash_text=clean(section.hash_text),
            effective=effective,
        )
    parties = state.parties if appendix == "III" else ()
    if appendix == "III" and not parties:
        notes.append("The Party that listed it in Appendix III is not in the bundled data.")
    cite = entry.citation if entry is not None else None
    if cite is not None and appendix is not None and entry is not None and not state.changed:
        cite = attrs.evolve(
            cite,
            provision=f"Appendix {appendix} (listing on {complete_to.isoformat()})",
        )
    return AppendixListing(
        taxon=taxon,
        on=day,
        country=country,
        appendix=appendix,
        annotation=annotation,
        listed_under=state.listed_under if appendix is not None else None,
        listing_country=parties[0] if parties else None,
        listing_countries=parties,
        effective=effective if appendix is not None or state.changed else None,
        cop=entry.cop if entry is not None else None,
        citation=cite,
        complete_to=complete_to,
        as_of=as_of,
        partial=partial,
        complete=complete,
        unverified=unverified,
        uncertain=uncertain,
        split=split,
        sections=state.sections,
        notes=tuple(notes),
    )


def history(
    taxon: str | Taxon, *, country: str | Country | None = None, checklist: Checklist | None = None
) -> tuple[AppendixListing, ...]:
    """The listing of *taxon* on the checklist's day and on each later day it changed.

    >>> [(x.on.isoformat(), x.appendix) for x in history("Aonyx cinerea")]
    [('2017-04-21', 'II'), ('2019-11-26', 'I')]
    """
    from mea_trade.cites.taxa import taxon as find

    book = resolve(checklist)
    t = find(taxon, checklist=book) if not isinstance(taxon, Taxon) else taxon
    code = _country_code(country)
    days = [book.as_of, *(d for d in _TABLES.get().change_days if d > book.as_of)]
    b = _bundled_book() if book.bundled else _book(book)
    snap = b.snapshot.get(t.id, ())
    days += [e.start for e in snap if e.start is not None and e.start > book.as_of]
    out: list[AppendixListing] = []
    for day in sorted(set(days)):
        x = _listing(t, day, code, book)
        if not out or (x.appendix, x.listed_under, x.effective) != (
            out[-1].appendix,
            out[-1].listed_under,
            out[-1].effective,
        ):
            out.append(x)
    return tuple(out)


def added_taxa() -> tuple[Taxon, ...]:
    """Taxa that later listings name and the bundled checklist lacks (``added_taxa.csv``)."""
    return _TABLES.get().added
