"""What the treaty rooms' rule modules share: findings said once, status notes, HS-line notes.

A rule module gathers findings from several rows that may say the same thing:
:func:`once` keeps the first finding of each :func:`finding_key` (a requirement
or prohibition per code and Party, a note per code and text), and
:func:`notes_last` puts the requirements and prohibitions before the notes. Where
a party list cannot say whether a country is bound (:mod:`mea_trade.membership`),
:func:`unknown_status` gives the reason in words and :func:`status_unknown_note`
the ``<room>.party_status_unknown`` note. An HS code is not a chemical: a room
answers it with one ``<room>.hs_line`` note per screening flag
(:func:`hs_line_notes`). The tables users supply to a rule module (import
responses, registers of exemptions) hold dated records by Party and identity:
:func:`load_user_table` reads one (through :func:`mea_trade.user_tables.read_table`)
and :class:`PartyTable` answers which records of a Party apply on a date.

>>> from mea_trade.records import Note
>>> a, b = Note(code="x.a", text="A"), Note(code="x.b", text="B")
>>> [f.code for f in once([a, b, a])]
['x.a', 'x.b']
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

import attrs

from mea_trade._data import group_by
from mea_trade.records import Finding, Note
from mea_trade.user_tables import read_table

if TYPE_CHECKING:
    from mea_trade.citations import Citation
    from mea_trade.countries import Country
    from mea_trade.hs import Flag, HSCode

__all__ = [
    "PartyTable",
    "finding_key",
    "hs_line_days",
    "hs_line_note",
    "hs_line_notes",
    "load_user_table",
    "notes_last",
    "once",
    "status_unknown_note",
    "unknown_status",
]


def finding_key(finding: Finding) -> tuple[str, str]:
    """What makes a finding the same as another: its code and Party, or for a note its text."""
    if isinstance(finding, Note):
        return (finding.code, finding.text)
    return (finding.code, finding.party)


def once(findings: Iterable[Finding]) -> list[Finding]:
    """*findings* in order, each :func:`finding_key` kept once (the first)."""
    seen: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        seen.setdefault(finding_key(finding), finding)
    return list(seen.values())


def notes_last(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """*findings* in order, the requirements and prohibitions before the notes."""
    found = list(findings)
    return (
        *(f for f in found if not isinstance(f, Note)),
        *(f for f in found if isinstance(f, Note)),
    )


def unknown_status(country: Country, treaty: str, on: _dt.date, fallback: str) -> str:
    """Why the status of *country* under *treaty* on *on* is unknown, in words.

    The reason :func:`mea_trade.membership.unknown_reason` gives, without naming the
    date (the note is the same on every date past the list's reach), or *fallback*,
    the room's own words, where it gives none.
    """
    from mea_trade.membership import unknown_reason

    return unknown_reason(country.alpha2, treaty, on, dated=False) or fallback


def status_unknown_note(treaty: str, text: str, citation: Citation | None) -> Note:
    """The note ``<treaty>.party_status_unknown``: a country's status under *treaty* is unknown."""
    return Note(
        code=f"{treaty}.party_status_unknown", text=text, instrument=treaty, citation=citation
    )


def hs_line_note(flag: Flag, text: str) -> Note:
    """The note on an HS line that *flag* concerns (``<instrument>.hs_line``), citing its source."""
    return Note(
        code=f"{flag.instrument}.hs_line",
        text=text,
        instrument=flag.instrument,
        citation=flag.sources[0] if flag.sources else None,
    )


def hs_line_notes(code: HSCode, instrument: str, text: Callable[[Flag], str]) -> tuple[Note, ...]:
    """One :func:`hs_line_note` per flag of *code* under *instrument*, in the words of *text*."""
    from mea_trade._providers import flags_of

    found = flags_of(code, instrument)
    return tuple(hs_line_note(flag, text(flag)) for flag in found) if found else ()


def hs_line_days(
    code: HSCode, instrument: str, rows_of: Callable[[str], Iterable[_Ending]]
) -> tuple[_dt.date, ...]:
    """The dates the rows behind *code*'s flags under *instrument* cease to apply, sorted.

    *rows_of* gives a flagged chemical's rows (listings, entries) that the room's
    HS-line notes name: the notes may change on those dates (its ``boundaries``).
    """
    from mea_trade._providers import flags_of

    days = {
        row.until
        for flag in flags_of(code, instrument)
        for chem in flag.chemicals
        for row in rows_of(chem)
        if row.until is not None
    }
    return tuple(sorted(days))


class _Ending(Protocol):
    @property
    def until(self) -> _dt.date | None: ...


class _Dated(Protocol):
    def active(self, on: _dt.date) -> bool: ...


D = TypeVar("D", bound=_Dated)


def load_user_table(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
    record: Callable[[Mapping[str, str], int], D],
    key: Callable[[D], tuple[str, str]],
) -> Mapping[tuple[str, str], tuple[D, ...]]:
    """The records of a user table, by *key* (Party code, identity id), in the table's order.

    *source* is a CSV path or rows, checked by :func:`mea_trade.user_tables.read_table`;
    ``record(row, number)`` reads one row (its cells raise
    :class:`~mea_trade.errors.InvalidDataError` naming *what*, the row and the column).
    """
    rows = read_table(source, columns=columns, required=required, what=what)
    return group_by((record(row, number) for number, row in enumerate(rows, start=1)), key)


class PartyTable(Generic[D]):
    """A table of dated records by Party and identity: the base of the user tables' classes."""

    __slots__ = ()

    entries: Mapping[tuple[str, str], tuple[D, ...]]

    def _active(self, party: str | Country, key: str, on: _dt.date) -> tuple[D, ...]:
        """The records of *party* (a country or its code or name) for *key* that apply on *on*."""
        from mea_trade.countries import Country, get

        code = party.alpha2 if isinstance(party, Country) else get(party).alpha2
        return tuple(r for r in self.entries.get((code, key), ()) if r.active(on))

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def days(self) -> tuple[_dt.date, ...]:
        """Every date of the table's records and the day after each, sorted.

        Which records apply (:meth:`_active`) can change only on one of them: the
        rule modules' ``boundaries`` include them.
        """
        found: set[_dt.date] = set()
        for records in self.entries.values():
            for record in records:
                for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(record))):
                    value = getattr(record, field.name)
                    if isinstance(value, _dt.date):
                        found.update((value, value + _dt.timedelta(days=1)))
        return tuple(sorted(found))
