"""Where the Rotterdam Convention lists a commodity: the provider of :func:`mea_trade.listings`.

An Annex III entry is found by the chemical's name, ISO common name, synonym or
CAS number (:mod:`mea_trade.chemicals`), a member of a listed family (a
tributyltin compound, an asbestos mineral) through the family
(``match="family"``), and an HS code through the screening flags that name Annex
III chemicals (``match="hs_code"``). Deleted entries carry the date they stopped
applying (:attr:`~mea_trade.records.Listing.until`).

>>> from mea_trade.records import ListingQuery
>>> [(x.list, x.entry, x.effective.isoformat()) for x in listings(ListingQuery.of("aldicarb"))]
[('Annex III', 'Aldicarb', '2011-10-24')]
"""

from __future__ import annotations

import datetime as _dt

from mea_trade._providers import chemical_listings, entry_listing
from mea_trade.records import Listing, ListingQuery
from mea_trade.rotterdam.annex_iii import AnnexIIIEntry, entries_of, matches

__all__ = ["listings"]


def detail(row: AnnexIIIEntry) -> str:
    """Category, decision and caveats of an entry, in words."""
    parts = [f"category: {row.category_text}"]
    if row.formulation:
        parts.append("only the formulations named in the entry")
    parts.append(
        "in the Convention as it entered into force"
        if row.decision.startswith("Convention")
        else f"listed by {row.decision} (adopted {row.adopted})"
    )
    if row.entry_into_force is None:
        parts.append("date of entry into force not known")
    if row.until:
        parts.append(f"deleted by {row.until_decision} with effect from {row.until.isoformat()}")
    return "; ".join(parts)


def _listing(row: AnnexIIIEntry, subject: str, match: str, as_of: _dt.date) -> Listing:
    return entry_listing(
        row,
        instrument="rotterdam",
        list="Annex III",
        detail=detail(row),
        subject=subject,
        match=match,
        as_of=as_of,
    )


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Annex III entries of the commodity in *query* (all dates, deleted entries included)."""
    return chemical_listings(
        query,
        instrument="rotterdam",
        datasets=("rotterdam/annex_iii.csv",),
        rows_of=entries_of,
        matches=matches,
        listing=_listing,
    )
