"""Everything the bundled conventions say about one commodity, on one date.

:func:`listings` asks every treaty room's listings provider (see
:mod:`mea_trade.registry`) about a name, CAS number, ASHRAE number or HS code,
and returns one :class:`~mea_trade.records.Listing` per annex, appendix or
schedule entry, each with the date it took effect and its citation. For an HS
code of a convention that has no room yet, the screening flags of
:func:`mea_trade.hs.flags` stand in (``match="hs_code"``: a hint to look, not a
legal listing).

>>> import mea_trade as mt
>>> for x in mt.listings("HCFC-22"):
...     print(x.instrument, x.list, x.entry, x.effective)
montreal Annex C Group I 1994-06-14
>>> [x.subject for x in mt.listings("R-410A")]
['HFC-32 (50 % of R-410A)', 'HFC-125 (50 % of R-410A)']
>>> mt.listings("HCFC-22", on="1993-01-01")
()
"""

from __future__ import annotations

import datetime as _dt
import importlib
import sys
import types
from collections.abc import Callable, Iterable

from mea_trade._data import Lazy
from mea_trade._dates import as_date
from mea_trade._providers import flag_listing
from mea_trade.errors import UnknownCommodityError, _shorten
from mea_trade.records import Listing, ListingQuery
from mea_trade.registry import ROOMS

__all__ = ["PROVIDERS", "listings"]

Provider = Callable[[ListingQuery], Iterable[Listing]]

#: The listings providers asked by :func:`listings`, in order (``"module:function"``):
#: each treaty room's provider, then the HS flags of conventions without a room.
PROVIDERS: tuple[str, ...] = (
    *(room.listings for room in ROOMS if room.listings),
    "mea_trade.listings:hs_flag_listings",
)


def _load_providers() -> tuple[Provider, ...]:
    out = []
    for path in PROVIDERS:
        module, _, name = path.partition(":")
        out.append(getattr(importlib.import_module(module), name))
    return tuple(out)


_PROVIDERS: Lazy[tuple[Provider, ...]] = Lazy(_load_providers)


def hs_flag_listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The HS screening flags of the conventions that no treaty room lists yet.

    Every convention whose instruments have HS flags now has a room that lists them:

    >>> from mea_trade.records import ListingQuery
    >>> hs_flag_listings(ListingQuery.of("0106.20"))
    ()
    >>> import mea_trade as mt
    >>> [(x.instrument, x.match) for x in mt.listings("0106.20")]
    [('cites', 'hs_code')]
    """
    from mea_trade.hs import HSCode, flags

    code = query.commodity
    if not isinstance(code, HSCode):
        return ()
    listed = {i for room in ROOMS if room.listings for i in room.instruments}
    return tuple(
        flag_listing(flag, code)
        for flag in flags(code, code.edition)
        if flag.instrument not in listed
    )


def listings(query: object, *, on: _dt.date | str | None = None) -> tuple[Listing, ...]:
    """Every bundled listing of a commodity, from every convention, in force on *on*.

    *query* is a name, CAS number, ASHRAE number or HS code (or a
    :class:`~mea_trade.catalog.Substance`, :class:`~mea_trade.catalog.Mixture` or
    :class:`~mea_trade.hs.HSCode`). Without *on*, every listing is returned with
    the date it took effect (and, for an entry since deleted or replaced, the date
    it stopped applying); with *on* (a date or ISO string), only those in effect on
    that date (listings without a known start are kept; an entry deleted before *on*
    is not). An empty tuple
    means that the commodity is known and no bundled list names it; mind each
    listing's ``as_of``, the date its list is complete to.

    >>> import mea_trade as mt
    >>> [(x.list, x.entry, x.match) for x in mt.listings("75-45-6")]
    [('Annex C', 'Group I', 'cas')]
    >>> [(x.instrument, x.list, x.entry) for x in mt.listings("3827.61")]
    [('montreal', 'Annex F', 'Group I')]
    >>> mt.listings("HFO-1234yf")
    ()

    Raises:
        UnknownCommodityError: (or a subclass) no provider knows *query*; the
            message offers close matches.
        InvalidDateError: *on* is not a date.
    """
    day = None if on is None else as_date(on, "on")
    q = ListingQuery.of(query)
    found: list[Listing] = []
    for provider in _PROVIDERS.get():
        for listing in provider(q):
            if day is None or listing.in_effect(day):
                found.append(listing)
    if not found and q.commodity is None:
        if q.error is not None:
            raise q.error
        raise UnknownCommodityError(f"no convention lists {_shorten(query)}")  # pragma: no cover
    return tuple(found)


class _CallableModule(types.ModuleType):
    """The module mea_trade.listings, callable as :func:`listings`.

    Importing a submodule makes it an attribute of its package, so once anything has
    imported ``mea_trade.listings`` (the command line does), ``mea_trade.listings``
    names this module rather than the function. Calling the module calls the function,
    so ``mt.listings(query)`` works whatever was imported first.
    """

    def __call__(self, query: object, *, on: _dt.date | str | None = None) -> tuple[Listing, ...]:
        return listings(query, on=on)


sys.modules[__name__].__class__ = _CallableModule
