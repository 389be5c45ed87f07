"""Where CITES lists a commodity: the provider of :func:`mea_trade.listings`.

A taxon gives one :class:`~mea_trade.records.Listing` per appendix section of each
listing it has had since the checklist's day (``until`` closes a listing a later
change replaced), with the entry it hangs from (``"Pythonidae spp."``), the date it
took effect where known, the populations it covers and its citation. An HS code of
a chapter that CITES concerns gives its screening flag (``match="hs_code"``).

>>> from mea_trade.records import ListingQuery
>>> [x.describe() for x in listings(ListingQuery.of("Python regius"))]
['Python regius: CITES Appendix II, Pythonidae spp. (all populations)']
"""

from __future__ import annotations

from mea_trade._providers import flag_listing, flags_of
from mea_trade.cites.appendices import AppendixListing, clean, history
from mea_trade.cites.checklist import Taxon
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]


def _records(x: AppendixListing, until: object) -> list[Listing]:
    out = []
    for section in x.sections:
        entry = (
            f"{x.listed_under} spp."
            if x.listed_under and x.listed_under != x.taxon.name
            else x.taxon.name
        )
        caveats = []
        if x.listing_countries and section.appendix == "III":
            caveats.append(f"listed by {', '.join(x.listing_countries)}")
        text = clean(section.annotation)
        if text:
            caveats.append(text if len(text) <= 160 else text[:157] + "...")
        if section.hash_symbol:
            caveats.append(f"annotation {section.hash_symbol}")
        if not x.complete:
            caveats.append(f"as listed on {x.complete_to.isoformat()}, since a date not bundled")
        out.append(
            Listing(
                instrument="cites",
                list=f"Appendix {section.appendix}",
                entry=entry,
                subject=x.taxon.name,
                effective=x.effective,
                detail="; ".join([section.scope, *caveats]),
                match="name",
                citation=x.citation,
                unverified=x.unverified,
                as_of=x.as_of,
                until=until,  # type: ignore[arg-type]
            )
        )
    return out


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The CITES listings of the taxon (or HS code) in *query*, each with its dates."""
    from mea_trade.hs import HSCode

    item = query.commodity
    if isinstance(item, HSCode):
        return tuple(flag_listing(flag, item) for flag in flags_of(item, "cites"))
    if not isinstance(item, Taxon):
        return ()
    states = history(item)
    out: list[Listing] = []
    for i, x in enumerate(states):
        until = states[i + 1].on if i + 1 < len(states) else None
        out += _records(x, until)
    return tuple(out)
