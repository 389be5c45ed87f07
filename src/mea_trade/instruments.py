"""Instruments: the conventions, protocols and amendments with trade rules.

>>> from mea_trade import instruments
>>> k = instruments.get("kigali")
>>> k.name, k.adopted.isoformat(), k.entry_into_force.isoformat(), k.parent
('Kigali Amendment to the Montreal Protocol', '2016-10-15', '2019-01-01', 'montreal')
>>> instruments.get("Basel Convention").id
'basel'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, optional_date, read_csv
from mea_trade._names import NameIndex
from mea_trade._records import KeyedRecord, Records
from mea_trade.citations import Citation, citations
from mea_trade.errors import UnknownInstrumentError

__all__ = ["Instrument", "all_instruments", "get"]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Instrument(KeyedRecord):
    """A convention, protocol or amendment.

    Instruments are singletons: they compare and hash by ``id``, and pickle by id.

    Attributes:
        id: stable identifier (``"montreal"``, ``"kigali"``, ``"basel_ban"``).
        name: full title.
        short_name: the usual short name.
        kind: ``"convention"``, ``"protocol"`` or ``"amendment"``.
        parent: id of the instrument it amends or supplements, or None.
        adopted: date of adoption (or of opening for signature).
        place: where it was adopted.
        entry_into_force: date it entered into force, or None if not yet in force.
        depositary: who keeps the instruments of ratification.
        url: where the official text and status are published.
        eif_days: days after deposit after which it enters into force for a State
            that joins once it is in force.
        eif_rule: the provision that says so.
        aliases: other names accepted by :func:`get`.
        sources: where these facts come from.
    """

    id: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    adopted: _dt.date
    place: str
    entry_into_force: _dt.date | None = None
    depositary: str
    url: str
    eif_days: int
    eif_rule: str
    aliases: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()

    _KEY = "id"

    @classmethod
    def _get(cls, key: str) -> Instrument:
        return get(key)

    def __str__(self) -> str:
        return self.short_name

    def in_force(self, on: _dt.date) -> bool:
        """Whether the instrument itself is in force on *on*.

        >>> ban = get("basel_ban")
        >>> ban.in_force(_dt.date(2019, 12, 4)), ban.in_force(_dt.date(2019, 12, 5))
        (False, True)
        """
        return self.entry_into_force is not None and on >= self.entry_into_force


@attrs.frozen
class _Table:
    items: tuple[Instrument, ...]
    by_id: Mapping[str, Instrument]
    names: NameIndex[Instrument]


def _load() -> _Table:
    items = tuple(
        Instrument(
            id=row["id"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            parent=row["parent"] or None,
            adopted=_dt.date.fromisoformat(row["adopted"]),
            place=row["place"],
            entry_into_force=optional_date(row["entry_into_force"]),
            depositary=row["depositary"],
            url=row["url"],
            eif_days=int(row["eif_days"]),
            eif_rule=row["eif_rule"],
            aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            sources=citations(row["source"]),
        )
        for row in read_csv("instruments.csv")
    )
    return _Table(
        items=items,
        by_id=MappingProxyType({i.id: i for i in items}),
        names=NameIndex(
            items, lambda i: [i.id, i.name, i.short_name, *i.aliases], lambda i: i.id, "instrument"
        ),
    )


_TABLE: Lazy[_Table] = Lazy(_load)


def get(query: str | Instrument) -> Instrument:
    """Return the instrument with this id, short name, full name or alias.

    Raises:
        UnknownInstrumentError: no instrument matches (close matches are suggested).
        InvalidArgumentError: *query* is not a string.

    >>> get("Montreal Protocol").id, get("cwc").short_name
    ('montreal', 'Chemical Weapons Convention')
    """
    if isinstance(query, Instrument):
        return query
    return _TABLE.get().names.resolve(query, "an instrument id or name", UnknownInstrumentError)


def all_instruments(*, parent: str | None = None) -> Records[Instrument]:
    """The bundled instruments, optionally only those amending *parent*.

    The result is a :class:`~mea_trade._records.Records` (``len()``, ``to_frame()``).

    >>> [i.id for i in all_instruments(parent="montreal")]
    ['london', 'copenhagen', 'montreal_amendment', 'beijing', 'kigali']
    """
    parent_id = get(parent).id if parent is not None else None
    return Records(i for i in _TABLE.get().items if parent_id is None or i.parent == parent_id)
