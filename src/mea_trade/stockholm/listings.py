"""Where the Stockholm Convention lists a commodity: the provider of :func:`mea_trade.listings`.

A chemical is found by name, ISO common name, synonym or CAS number
(:mod:`mea_trade.chemicals`); a member of a listed family (a PFOS salt, a
tetrabromodiphenyl ether) through the family (``match="family"``); an HS code
through the screening flags that name Stockholm chemicals (``match="hs_code"``).

>>> from mea_trade.records import ListingQuery
>>> [(x.list, x.effective.isoformat(), x.match) for x in listings(ListingQuery.of("lindane"))]
[('Annex A', '2010-08-26', 'name')]
"""

from __future__ import annotations

import datetime as _dt

from mea_trade._providers import chemical_listings, entry_listing
from mea_trade.records import Listing, ListingQuery
from mea_trade.stockholm.annexes import StockholmListing, listings_of, matches

__all__ = ["listings"]

_DATASETS = ("stockholm/annex_a.csv", "stockholm/annex_b.csv", "stockholm/annex_c.csv")


def detail(row: StockholmListing) -> str:
    """The listing's decision, exemptions and caveats in words."""
    parts = [row.decision if row.original else f"{row.decision} ({row.cop}, adopted {row.adopted})"]
    exemptions = row.describe_exemptions()
    if exemptions:
        parts.append(exemptions)
    if row.entry_into_force is None:
        parts.append("date of entry into force not known")
    if row.until:
        parts.append(f"replaced on {row.until.isoformat()}")
    return "; ".join(parts)


def _listing(row: StockholmListing, subject: str, match: str, as_of: _dt.date) -> Listing:
    return entry_listing(
        row,
        instrument="stockholm",
        list=f"Annex {row.annex}",
        detail=detail(row),
        subject=subject,
        match=match,
        as_of=as_of,
    )


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Stockholm Convention listings of the commodity in *query* (all dates)."""
    return chemical_listings(
        query,
        instrument="stockholm",
        datasets=_DATASETS,
        rows_of=listings_of,
        matches=matches,
        listing=_listing,
    )
