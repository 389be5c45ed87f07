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

from mea_trade.cwc.schedules import ScheduleRow, matches, rows_of
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]


def _as_of() -> _dt.date:
    from mea_trade.manifest import datasets

    return next(d.as_of for d in datasets() if d.path == "cwc/schedules.csv")


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


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Schedule entries of the commodity in *query*."""
    from mea_trade.hs import HSCode, flags

    item = query.commodity
    if item is None:
        return ()
    as_of = _as_of()
    names = _item_names()
    out: list[Listing] = []
    seen: set[tuple[str, str, str]] = set()

    def add(row: ScheduleRow, subject: str, match: str) -> None:
        key = (row.schedule, row.part, row.item)
        if row.row_type == "exemption" or key in seen:
            return
        seen.add(key)
        out.append(
            Listing(
                instrument="cwc",
                list=f"Schedule {row.schedule}",
                entry=f"Part {row.part}, item {row.item}",
                subject=subject,
                effective=row.in_force_from,
                detail=detail(row, names.get(key)),
                match=match,
                citation=row.citation,
                unverified=bool(row.unverified),
                as_of=as_of,
            )
        )

    if isinstance(item, HSCode):
        for flag in flags(item, item.edition):
            if flag.instrument != "cwc":
                continue
            for chem in flag.chemicals:
                for row in rows_of(chem):
                    add(row, f"HS {item}", "hs_code")
        return tuple(out)
    for row, ident in matches(item, text=query.text):
        add(row, ident.via.name if ident.via is not None else ident.chemical.name, ident.match)
    return tuple(out)
