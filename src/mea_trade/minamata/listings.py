"""Where the Minamata Convention lists a commodity: the provider of :func:`mea_trade.listings`.

Mercury and the mercury compounds of Article 3(1)(b) are found by name, synonym
or CAS number; mercury-added products by the words trade documents use
("mercury thermometer", "compact fluorescent lamp", "button cell battery"), each
with the Annex A entries that may cover it; HS codes through the screening flags.

>>> from mea_trade.records import ListingQuery
>>> [(x.list, x.effective.isoformat()) for x in listings(ListingQuery.of("mercury"))]
[('Article 3', '2017-08-16')]
>>> [x.detail for x in listings(ListingQuery.of("mercury thermometer"))]
['manufacture, import and export not allowed after 2020 (phase-out date; Article 4(1))']
"""

from __future__ import annotations

import datetime as _dt

from mea_trade.minamata.annexes import AnnexAEntry, article_3, entries_for
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]

_DATASETS = ("minamata/annex_a.csv", "minamata/article_3.csv")


def _as_of() -> _dt.date:
    from mea_trade.manifest import datasets

    return max(d.as_of for d in datasets() if d.path in _DATASETS)


def detail(row: AnnexAEntry, product: str) -> str:
    """The entry's phase-out and conditions in words."""
    if row.part == "II":
        text = "measures to phase down its use (Article 4(3))"
    elif row.phase_out_after:
        text = (
            f"manufacture, import and export not allowed after {row.phase_out_after} "
            "(phase-out date; Article 4(1))"
        )
    else:
        text = "amends an earlier entry (Article 4(1))"
    if product in row.conditional:
        text += "; only goods of this kind that meet the entry's description"
    if not row.original:
        text += f"; added by {row.decision}"
    return text


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Minamata Convention listings of the commodity in *query* (all dates)."""
    from mea_trade.chemicals import Chemical, identities
    from mea_trade.hs import HSCode, flags

    item = query.commodity
    if item is None:
        return ()
    as_of = _as_of()
    out: list[Listing] = []
    if isinstance(item, HSCode):
        for flag in flags(item, item.edition):
            if flag.instrument != "minamata":
                continue
            rows = [row for chem in flag.chemicals for row in article_3(chem)]
            for row in rows:
                out.append(
                    Listing(
                        instrument="minamata",
                        list="Article 3",
                        entry=row.entry,
                        subject=f"HS {item}",
                        effective=_eif(),
                        detail=row.provision,
                        match="hs_code",
                        citation=row.citation,
                        as_of=as_of,
                    )
                )
            if not rows:
                out.append(
                    Listing(
                        instrument="minamata",
                        list="HS screening flag",
                        entry=str(item),
                        subject=f"HS {item}",
                        detail=flag.reason,
                        match="hs_code",
                        citation=flag.sources[0] if flag.sources else None,
                        as_of=as_of,
                    )
                )
        return tuple(out)
    if isinstance(item, Chemical) and item.kind == "product":
        for entry in entries_for(item.id):
            out.append(
                Listing(
                    instrument="minamata",
                    list=f"Annex A, Part {entry.part}",
                    entry=entry.entry,
                    subject=item.name,
                    effective=entry.entry_into_force,
                    detail=detail(entry, item.id),
                    match=query.match,
                    citation=entry.citation,
                    unverified=bool(entry.unverified - {"decision"}),
                    as_of=as_of,
                )
            )
        return tuple(out)
    for ident in identities(item, text=query.text):
        for row in article_3(ident.chemical.id):
            out.append(
                Listing(
                    instrument="minamata",
                    list="Article 3",
                    entry=row.entry,
                    subject=ident.via.name if ident.via is not None else ident.chemical.name,
                    effective=_eif(),
                    detail=row.provision
                    + ("" if row.trade_rules else "; Article 3(6) and (8) do not apply to it"),
                    match=ident.match,
                    citation=row.citation,
                    as_of=as_of,
                )
            )
    return tuple(out)


def _eif() -> _dt.date | None:
    from mea_trade.instruments import get

    return get("minamata").entry_into_force
