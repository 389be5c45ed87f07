"""Citations: the official source every bundled fact rests on.

Each source has a stable id in ``data/sources.csv`` (e.g. ``"mp-annex-c"``);
data rows name those ids, and :func:`citation` resolves them to
:class:`Citation` records.

>>> from mea_trade.citations import citation
>>> c = citation("mp-annex-a")
>>> c.instrument, c.provision
('Montreal Protocol', 'Annex A')
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade.errors import MeaTradeError

__all__ = ["Citation", "UnknownCitationError", "all_citations", "citation", "citations"]


class UnknownCitationError(MeaTradeError, LookupError):
    """A source id that is not in the citations table."""


def _optional_date(value: str | _dt.date | None) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(value)


def _optional_str(value: str | None) -> str | None:
    return value or None


@attrs.frozen(kw_only=True)
class Citation:
    """An official source: an instrument and a provision, with where to read it.

    Attributes:
        id: stable identifier used in the data files (``"mp-annex-c"``).
        instrument: the treaty, decision body or publication (``"Montreal Protocol"``).
        provision: article, annex, decision, table or page (``"Annex C, Group I"``).
        title: a human-readable title of the source document.
        url: where the official text can be read, if online.
        retrieved: when the library's maintainers read it (ISO date), if recorded.
        note: caveats (secondary source, snapshot date, ...).
    """

    id: str
    instrument: str
    provision: str
    title: str = ""
    url: str | None = attrs.field(default=None, converter=_optional_str)
    retrieved: _dt.date | None = attrs.field(default=None, converter=_optional_date)
    note: str | None = attrs.field(default=None, converter=_optional_str)

    def __str__(self) -> str:
        text = f"{self.instrument}, {self.provision}"
        if self.url:
            text += f" <{self.url}>"
        return text


def _load() -> Mapping[str, Citation]:
    table: dict[str, Citation] = {}
    for row in read_csv("sources.csv"):
        item = Citation(
            id=row["id"],
            instrument=row["instrument"],
            provision=row["provision"],
            title=row.get("title", ""),
            url=row.get("url"),
            retrieved=row.get("retrieved"),
            note=row.get("note"),
        )
        if item.id in table:
            raise MeaTradeError(f"duplicate source id {item.id!r} in sources.csv")
        table[item.id] = item
    return MappingProxyType(table)


_CITATIONS: Lazy[Mapping[str, Citation]] = Lazy(_load)


def citation(source_id: str) -> Citation:
    """Return the :class:`Citation` with this id.

    Raises:
        UnknownCitationError: no source has this id (close matches are named).

    >>> citation("kigali-annex-f").provision
    'Annex F'
    """
    table = _CITATIONS.get()
    try:
        return table[source_id]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(source_id), list(table), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownCitationError(f"unknown source id {source_id!r}{hint}") from None


def citations(source_ids: str) -> tuple[Citation, ...]:
    """Resolve a ``;``-separated list of source ids (as stored in data files).

    >>> [c.id for c in citations("mp-annex-a; mp-art-1-4")]
    ['mp-annex-a', 'mp-art-1-4']
    """
    if type(source_ids) is str:
        return _citations(source_ids)
    return tuple(citation(part.strip()) for part in source_ids.split(";") if part.strip())


@functools.lru_cache(maxsize=4096)
def _citations(source_ids: str) -> tuple[Citation, ...]:
    """:func:`citations` of a text, remembered (the table and its citations are immutable)."""
    return tuple(citation(part.strip()) for part in source_ids.split(";") if part.strip())


def all_citations() -> Mapping[str, Citation]:
    """Return every known source, keyed by id (read-only).

    >>> "mp-annex-e" in all_citations()
    True
    """
    return _CITATIONS.get()
