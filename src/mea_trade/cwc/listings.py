"""Where the CWC schedules a commodity: a provider of :func:`mea_trade.listings`.

A scheduled chemical is found by name or CAS number (:mod:`mea_trade.chemicals`),
a member or named example of a scheduled family (the nitrogen mustards, the
O-alkyl phosphonofluoridates) by its own name and CAS number, the family by its
name. A chemical the Annex exempts from an item (fonofos, N,N-dimethylaminoethanol)
has no listing.

>>> import mea_trade as mt
>>> [(x.list, x.entry, x.match) for x in mt.listings("107-44-8")]
[('Schedule 1', 'Part A, item 1', 'cas')]
"""

from __future__ import annotations

import datetime as _dt

from mea_trade._data import Lazy
from mea_trade._providers import chemical_listings
from mea_trade.cwc.schedules import ScheduleRow, matches, rows_of
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]


def detail(row: ScheduleRow, item_name: str | None) -> str:
    """How the Schedule names the chemical, in words."""
    kinds = {
        "item": "the item itself",
        "example": "named as an example of the item",
        "member": "named as a member of the item",
    }
    text = kinds.get(row.row_type, row.row_type)
    if item_name and row.row_type != "item":
        text += f" ({item_name})"
    if row.in_force_from and row.in_force_from.year > 1997:
        text += f"; added to the Schedule with effect from {row.in_force_from.isoformat()}"
    return text


def _item_names() -> dict[tuple[str, str, str], str]:
    from mea_trade.cwc.schedules import rows

    return {(r.schedule, r.part, r.item): r.name for r in rows() if r.row_type == "item"}


_ITEM_NAMES: Lazy[dict[tuple[str, str, str], str]] = Lazy(_item_names)


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Schedule entries of the commodity in *query*."""
    seen: set[tuple[str, str, str]] = set()

    def listing(row: ScheduleRow, subject: str, match: str, as_of: _dt.date) -> Listing | None:
        key = (row.schedule, row.part, row.item)
        if row.row_type == "exemption" or key in seen:
            return None
        seen.add(key)
        return Listing(
            instrument="cwc",
            list=f"Schedule {row.schedule}",
            entry=f"Part {row.part}, item {row.item}",
            subject=subject,
            effective=row.in_force_from,
            detail=detail(row, _ITEM_NAMES.get().get(key)),
            match=match,
            citation=row.citation,
            unverified=bool(row.unverified),
            as_of=as_of,
        )

    return chemical_listings(
        query,
        instrument="cwc",
        datasets=("cwc/schedules.csv",),
        rows_of=rows_of,
        matches=matches,
        listing=listing,
        flag_without_rows=False,
    )
