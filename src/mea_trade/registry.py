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
    """One treaty room: its package, the instruments it covers, its two registrations.

    The package is ``mea_trade.<name>``, with its rule module ``rules`` and its
    listings provider ``listings.listings`` unless they are given.
    """

    name: str
    instruments: tuple[str, ...]
    package: str = attrs.field()
    rules: str | None = attrs.field()
    listings: str | None = attrs.field()
    commodities: str | None = None

    @package.default
    def _package(self) -> str:
        return f"mea_trade.{self.name}"

    @rules.default
    def _rules(self) -> str:
        return f"{self.package}.rules"

    @listings.default
    def _listings(self) -> str:
        return f"{self.package}.listings:listings"


#: The treaty rooms, in the order :func:`mea_trade.assess` runs their rules.
ROOMS: tuple[Room, ...] = (
    Room(
        name="montreal",
        instruments=(
            "vienna",
            "montreal",
            "london",
            "copenhagen",
            "montreal_amendment",
            "beijing",
            "kigali",
        ),
    ),
    Room(
        name="basel",
        instruments=("basel", "basel_ban"),
    ),
    Room(
        name="cartagena",
        instruments=("cartagena",),
    ),
    Room(
        name="cites",
        instruments=("cites",),
        commodities="mea_trade.cites.taxa:read_commodity",
    ),
    Room(
        name="rotterdam",
        instruments=("rotterdam",),
    ),
    Room(
        name="stockholm",
        instruments=("stockholm",),
    ),
    Room(
        name="minamata",
        instruments=("minamata",),
    ),
    Room(
        name="cwc",
        instruments=("cwc",),
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
