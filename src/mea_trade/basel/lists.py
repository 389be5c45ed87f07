"""The Basel Convention's lists on a date: waste categories and entries, characteristics.

One dated row per entry version (``data/basel/list_entries.csv``): Annex I
categories Y1-Y45, Annex II "other wastes" (Y46, Y47; Y48 from 2021; Y49 from
2025), Annex III hazard characteristics, Annex IV disposal (D) and recovery (R)
operations, Annex VIII (List A) and Annex IX (List B) entries, and the OECD
green and amber codes a national system uses. Each row has its wording (or a
summary, flagged), the date it took effect and the date it ceased to, and its
sources.

>>> entry("A1181").effective.isoformat()
'2025-01-01'
>>> import datetime as dt
>>> entry("A1181", on=dt.date(2024, 12, 31)) is None
True
>>> entry("B1110").until.isoformat()
'2025-01-01'
>>> [e.code for e in search("lead-acid batteries")]
['A1160', 'B1020']
>>> [e.code for e in search("lead-acid batteries crushed")]
['A1160']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, optional_date, read_csv
from mea_trade._names import key
from mea_trade.citations import Citation, citations
from mea_trade.errors import InvalidWasteCodeError, UnknownNameError
from mea_trade.wastes import WasteCode

__all__ = [
    "KINDS",
    "Entry",
    "UnknownWasteCodeError",
    "entries",
    "entry",
    "history",
    "search",
]

_DATASET = "basel/list_entries.csv"

#: Kinds of rows: ``category`` (Annex I), ``other`` (Annex II), ``hazardous``
#: (Annex VIII), ``listed_non_hazardous`` (Annex IX), ``characteristic`` (Annex III),
#: ``disposal`` and ``recovery`` (Annex IV A and B), ``oecd_green``, ``oecd_amber``.
KINDS: tuple[str, ...] = (
    "category",
    "other",
    "hazardous",
    "listed_non_hazardous",
    "characteristic",
    "disposal",
    "recovery",
    "oecd_green",
    "oecd_amber",
)


class UnknownWasteCodeError(UnknownNameError):
    """A well-formed code that no bundled list has."""

    kind = "waste code"
    expected = "a code of Basel Annexes I-IV, VIII or IX or of the OECD lists"


@attrs.frozen(kw_only=True)
class Entry:
    """One version of one list entry.

    Attributes:
        code: ``"A1181"``, ``"Y48"``, ``"H6.1"``, ``"R4"``, ``"GC030"``.
        list: ``"Annex VIII"``, ``"OECD green list"``, ...
        section: the heading it stands under.
        kind: one of :data:`KINDS`.
        description: the wording (see :attr:`wording`).
        wording: ``"text"`` (read in the treaty text), ``"summary"`` (an official
            summary: the legal wording was not read) or ``"none"``.
        effective: the date it took effect, if read.
        until: the date it ceased to have effect (deleted or replaced), if any.
        not_before: where :attr:`effective` was not read, the date before which it
            cannot have had effect (the adoption of the decision that added it).
        in_text_by: the date by which the published treaty text has it.
        added_by, removed_by: the Conference of the Parties decisions.
        operations: ``"R"`` when the entry covers only wastes destined for recovery.
        sources: where it was read.
        unverified: what was not confirmed in an official text.
        note: footnotes and remarks.
    """

    code: str
    list: str
    section: str = attrs.field(repr=False)
    kind: str
    description: str = attrs.field(repr=False)
    wording: str = attrs.field(repr=False)
    effective: _dt.date | None
    until: _dt.date | None = None
    not_before: _dt.date | None = attrs.field(default=None, repr=False)
    in_text_by: _dt.date | None = attrs.field(default=None, repr=False)
    added_by: str | None = attrs.field(default=None, repr=False)
    removed_by: str | None = attrs.field(default=None, repr=False)
    operations: str = attrs.field(default="", repr=False)
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False, eq=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False, eq=False)
    note: str | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def basel(self) -> bool:
        """Whether the entry is one of the Convention's own (not an OECD code)."""
        return not self.kind.startswith("oecd")

    def in_effect(self, day: _dt.date) -> bool | None:
        """Whether the entry has effect on *day*: True, False, or None where the data cannot say.

        >>> import datetime as dt
        >>> e = entry("A1010")
        >>> [e.in_effect(dt.date(year, 1, 1)) for year in (1997, 2001, 2020)]
        [False, None, True]
        """
        if self.until is not None and day >= self.until:
            return False
        if self.effective is not None:
            return day >= self.effective
        if self.not_before is not None and day < self.not_before:
            return False
        if self.in_text_by is not None and day >= self.in_text_by:
            return True
        return None

    def label(self) -> str:
        """``"A1181 (Annex VIII)"``."""
        return f"{self.code} ({self.list})"


@attrs.frozen
class _Tables:
    by_code: Mapping[str, tuple[Entry, ...]]
    rows: tuple[Entry, ...]
    words: tuple[frozenset[str], ...]


def _load() -> _Tables:
    rows: list[Entry] = []
    by_code: dict[str, list[Entry]] = {}
    for row in read_csv(_DATASET):
        item = Entry(
            code=row["code"],
            list=row["list"],
            section=row["section"],
            kind=row["kind"],
            description=row["description"],
            wording=row["wording"],
            effective=optional_date(row["effective"]),
            until=optional_date(row["until"]),
            not_before=optional_date(row["not_before"]),
            in_text_by=optional_date(row["in_text_by"]),
            added_by=row["added_by"] or None,
            removed_by=row["removed_by"] or None,
            operations=row["operations"],
            sources=citations(row["source"]),
            unverified=frozenset(x for x in row["unverified"].split(";") if x),
            note=row["note"] or None,
        )
        if item.kind not in KINDS:  # pragma: no cover - checked by the data tests
            raise ValueError(f"{_DATASET}: unknown kind {item.kind!r} for {item.code}")
        rows.append(item)
        by_code.setdefault(item.code, []).append(item)
    words = tuple(frozenset(key(w) for w in e.description.split() if len(key(w)) > 2) for e in rows)
    return _Tables(
        by_code=MappingProxyType({k: tuple(v) for k, v in by_code.items()}),
        rows=tuple(rows),
        words=words,
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def _normalise(code: str) -> str:
    if not isinstance(code, str):
        raise InvalidWasteCodeError(f"expected a code (str), not {type(code).__name__}")
    parsed = WasteCode.read(code)
    if parsed is not None:
        return parsed.code
    from mea_trade.wastes import parse_characteristics, parse_operation

    text = code.strip().upper()
    if text.startswith("H"):
        return parse_characteristics(text)[0]
    return parse_operation(text) or text


def history(code: str) -> tuple[Entry, ...]:
    """Every version of the entry *code*, oldest first (empty if no list has it).

    >>> [(e.code, e.until.isoformat() if e.until else None) for e in history("B3010")]
    [('B3010', '2021-01-01')]
    """
    return _TABLES.get().by_code.get(_normalise(code), ())


def entry(code: str, *, on: _dt.date | None = None) -> Entry | None:
    """The entry *code*: its latest version, or with *on*, the version in effect that day.

    Returns None when, on *on*, the entry certainly has no effect (before it took
    effect, or after it was deleted). Where the data cannot say (an Annex VIII or
    IX entry between its adoption and the 2014 text), the version is returned:
    check :meth:`Entry.in_effect`.

    Raises:
        UnknownWasteCodeError: no bundled list has the code.
        InvalidWasteCodeError: *code* is not shaped like a code.
    """
    versions = history(code)
    if not versions:
        tables = _TABLES.get()
        raise UnknownWasteCodeError(code, _close(code, tables))
    if on is None:
        return versions[-1]
    for version in reversed(versions):
        if version.in_effect(on) is not False:
            return version
    return None


def _close(code: str, tables: _Tables) -> list[str]:
    import difflib

    return difflib.get_close_matches(code.strip().upper(), list(tables.by_code), n=3, cutoff=0.6)


def entries(*, on: _dt.date | None = None, kind: str | None = None) -> Iterator[Entry]:
    """Every entry (every version), or with *on* those not known to be out of effect that day."""
    for item in _TABLES.get().rows:
        if kind is not None and item.kind != kind:
            continue
        if on is not None and item.in_effect(on) is False:
            continue
        yield item


def search(text: str, *, on: _dt.date | None = None) -> tuple[Entry, ...]:
    """Entries whose wording contains every word of *text* (case and accents ignored).

    >>> [e.code for e in search("waste pneumatic tyres")]
    ['B3140']
    """
    wanted = {key(w) for w in str(text).split() if len(key(w)) > 2}
    if not wanted:
        return ()
    tables = _TABLES.get()
    out = []
    for item, words in zip(tables.rows, tables.words, strict=True):
        if not all(any(w.startswith(x) for w in words) for x in wanted):
            continue
        if on is not None and item.in_effect(on) is False:
            continue
        out.append(item)
    return tuple(out)


def lists_as_of() -> _dt.date:
    """The date the bundled lists are complete to (from ``MANIFEST.json``)."""
    from mea_trade._providers import datasets_as_of

    return datasets_as_of(_DATASET)
