"""The registry of treaty rooms: which rule module and which listings provider each has.

Each treaty room (:mod:`mea_trade.montreal`, and the rooms of the other
conventions as they land) plugs into the top of the library through two
registrations, named here as import paths so that nothing is imported before
it is used:

* ``rules``: a module with ``NAME`` and ``evaluate(shipment)``, run by
  :func:`mea_trade.assess` (see :class:`mea_trade.records.RuleModule`);
* ``listings``: ``"module:function"``, a function ``(query, on) -> tuple[Listing, ...]``
  asked by :func:`mea_trade.listings`;
* ``commodities`` (optional): ``"module:function"``, a reader of commodity texts the
  catalog does not know (a taxon name), registered here with
  :func:`mea_trade.records.register_commodity_reader` so that a
  :class:`~mea_trade.records.Shipment` accepts them.

``instruments`` names the instruments whose rules the room evaluates, so that the
HS-flag notes of :mod:`mea_trade.hs_flags` leave them to it. Adding a treaty adds
a room (a package) and one :class:`Room` here, and changes nothing else.

>>> [room.name for room in ROOMS]
['montreal', 'basel', 'cartagena', 'cites', 'rotterdam', 'stockholm', 'minamata', 'cwc']
>>> room("montreal").rules
'mea_trade.montreal.rules'
"""

from __future__ import annotations

import functools

import attrs

from mea_trade.errors import InvalidArgumentError

__all__ = ["ROOMS", "Room", "room"]


@attrs.frozen(kw_only=True)
class Room:
    """One treaty room: its package, the instruments it covers, its two registrations."""

    name: str
    package: str
    instruments: tuple[str, ...]
    rules: str | None = None
    listings: str | None = None
    commodities: str | None = None


#: The treaty rooms, in the order :func:`mea_trade.assess` runs their rules.
ROOMS: tuple[Room, ...] = (
    Room(
        name="montreal",
        package="mea_trade.montreal",
        instruments=(
            "vienna",
            "montreal",
            "london",
            "copenhagen",
            "montreal_amendment",
            "beijing",
            "kigali",
        ),
        rules="mea_trade.montreal.rules",
        listings="mea_trade.montreal.listings:listings",
    ),
    Room(
        name="basel",
        package="mea_trade.basel",
        instruments=("basel", "basel_ban"),
        rules="mea_trade.basel.rules",
        listings="mea_trade.basel.listings:listings",
    ),
    Room(
        name="cartagena",
        package="mea_trade.cartagena",
        instruments=("cartagena",),
        rules="mea_trade.cartagena.rules",
        listings="mea_trade.cartagena.listings:listings",
    ),
    Room(
        name="cites",
        package="mea_trade.cites",
        instruments=("cites",),
        rules="mea_trade.cites.rules",
        listings="mea_trade.cites.listings:listings",
        commodities="mea_trade.cites.taxa:read_commodity",
    ),
    Room(
        name="rotterdam",
        package="mea_trade.rotterdam",
        instruments=("rotterdam",),
        rules="mea_trade.rotterdam.rules",
        listings="mea_trade.rotterdam.listings:listings",
    ),
    Room(
        name="stockholm",
        package="mea_trade.stockholm",
        instruments=("stockholm",),
        rules="mea_trade.stockholm.rules",
        listings="mea_trade.stockholm.listings:listings",
    ),
    Room(
        name="minamata",
        package="mea_trade.minamata",
        instruments=("minamata",),
        rules="mea_trade.minamata.rules",
        listings="mea_trade.minamata.listings:listings",
    ),
    Room(
        name="cwc",
        package="mea_trade.cwc",
        instruments=("cwc",),
        rules="mea_trade.cwc.rules",
        listings="mea_trade.cwc.listings:listings",
    ),
)


def _register_readers() -> None:
    from mea_trade.records import register_commodity_reader

    for r in ROOMS:
        if r.commodities:
            register_commodity_reader(r.commodities)


_register_readers()


def room(name: str) -> Room:
    """The room called *name*.

    Raises:
        InvalidArgumentError: no such room.
    """
    for r in ROOMS:
        if r.name == name:
            return r
    raise InvalidArgumentError(
        f"unknown treaty room {name!r}; expected one of {', '.join(r.name for r in ROOMS)}"
    )


@functools.lru_cache(maxsize=1)
def covered_instruments() -> frozenset[str]:
    """The instruments whose rules some room evaluates."""
    return frozenset(i for r in ROOMS if r.rules for i in r.instruments)
