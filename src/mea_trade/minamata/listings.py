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

from mea_trade._providers import datasets_as_of, hs_listings, subject_of
from mea_trade.minamata.annexes import AnnexAEntry, Article3Entry, article_3, entries_for
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]

_DATASETS = ("minamata/annex_a.csv", "minamata/article_3.csv")


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
    from mea_trade.hs import HSCode

    item = query.commodity
    if item is None:
        return ()
    as_of = datasets_as_of(*_DATASETS)
    out: list[Listing] = []
    if isinstance(item, HSCode):
        return tuple(
            hs_listings(
                item, instrument="minamata", as_of=as_of, rows_of=article_3, listing=_article_3
            )
        )
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
            out.append(_article_3(row, subject_of(ident), ident.match, as_of, by_identity=True))
    return tuple(out)


def _article_3(
    row: Article3Entry, subject: str, match: str, as_of: _dt.date, *, by_identity: bool = False
) -> Listing:
    """An Article 3 entry as a listing; read by identity, it says where the trade rules stop."""
    detail = row.provision
    if by_identity and not row.trade_rules:
        detail += "; Article 3(6) and (8) do not apply to it"
    return Listing(
        instrument="minamata",
        list="Article 3",
        entry=row.entry,
        subject=subject,
        effective=_eif(),
        detail=detail,
        match=match,
        citation=row.citation,
        as_of=as_of,
    )


def _eif() -> _dt.date | None:
    from mea_trade.instruments import get

    return get("minamata").entry_into_force
