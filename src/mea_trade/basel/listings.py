"""Where the Basel Convention lists a commodity: the room's provider of :func:`mea_trade.listings`.

A waste given by its codes is listed by each entry (with the date it took effect
and, for a deleted entry, the date it ceased to); an Annex III hazard code or an
Annex IV operation code gets its entry; words that are not a commodity the
foundation knows are matched against the wording of the entries; an HS code gets
the Basel screening flags of :func:`mea_trade.hs.flags` (a hint, not a legal
listing).

>>> from mea_trade.records import ListingQuery
>>> [(x.list, x.entry, str(x.effective)) for x in listings(ListingQuery.of("A1181"))]
[('Annex VIII', 'A1181', '2025-01-01')]
>>> [(x.list, x.entry) for x in listings(ListingQuery.of("H6.1"))]
[('Annex III', 'H6.1')]
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from mea_trade._providers import flag_listing, flags_of
from mea_trade.basel.lists import Entry, entry, history, lists_as_of, search
from mea_trade.records import Listing, ListingQuery

if TYPE_CHECKING:
    pass

__all__ = ["listings"]

_KIND_WORDS = {
    "category": "Annex I category: hazardous unless it has no Annex III characteristic",
    "other": "other waste (Art. 1(2)), subject to prior informed consent",
    "hazardous": "hazardous waste (Art. 1(1)(a)), subject to prior informed consent",
    "listed_non_hazardous": "not hazardous under Art. 1(1)(a) unless it exhibits an Annex III "
    "characteristic",
    "characteristic": "hazard characteristic",
    "disposal": "disposal operation (Annex IV A)",
    "recovery": "operation which may lead to recovery (Annex IV B)",
    "oecd_green": "OECD green list (code as a national system uses it)",
    "oecd_amber": "OECD code (as a national system uses it)",
}


def _listing(entry: Entry, *, match: str, subject: str, as_of: _dt.date) -> Listing:
    cite = entry.sources[0] if entry.sources else None
    detail = _KIND_WORDS[entry.kind]
    if entry.description:
        wording = (
            entry.description if len(entry.description) <= 160 else entry.description[:157] + "..."
        )
        detail += f"; {'summary: ' if entry.wording == 'summary' else ''}{wording}"
    if entry.effective is None and entry.not_before is not None:
        detail += f"; date of effect not bundled (not before {entry.not_before.isoformat()}" + (
            f", in the text by {entry.in_text_by.isoformat()})" if entry.in_text_by else ")"
        )
    instrument = "basel"
    if cite is not None:
        from attrs import evolve

        cite = evolve(cite, provision=f"{entry.list}, {entry.code}")
    return Listing(
        instrument=instrument,
        list=entry.list,
        entry=entry.code,
        subject=subject,
        effective=entry.effective,
        until=entry.until,
        detail=detail,
        match=match,
        citation=cite,
        unverified=bool(entry.unverified - {"effective"}) or entry.effective is None,
        as_of=as_of,
    )


def _operation_or_characteristic(text: str) -> Entry | None:
    """The Annex III or Annex IV entry *text* names (``"H6.1"``, ``"R04"``), or None."""
    from mea_trade.errors import MeaTradeError
    from mea_trade.wastes import parse_characteristics, parse_operation

    raw = text.strip()
    try:
        code = parse_characteristics(raw)[0] if raw[:1] in "Hh" else parse_operation(raw)
    except (MeaTradeError, IndexError):
        return None
    return entry(code) if code else None


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Basel listings of the commodity in *query* (every version, with its dates)."""
    from mea_trade.hs import HSCode
    from mea_trade.wastes import Waste

    item = query.commodity
    as_of = lists_as_of()
    if isinstance(item, Waste):
        out = []
        for code in item.codes:
            versions = history(code.code)
            if not versions:
                entry(code.code)  # raises UnknownWasteCodeError with close matches
            out += [_listing(v, match="code", subject=code.code, as_of=as_of) for v in versions]
        return tuple(out)
    if isinstance(item, HSCode):
        return tuple(flag_listing(flag, item, as_of) for flag in flags_of(item, "basel"))
    if item is None:
        other = _operation_or_characteristic(query.text)
        if other is not None:
            return (_listing(other, match="code", subject=other.code, as_of=as_of),)
    if item is None and len(query.text) >= 4:
        return tuple(
            _listing(e, match="text", subject=query.text, as_of=as_of)
            for e in search(query.text)
            if e.kind in ("category", "other", "hazardous", "listed_non_hazardous")
        )
    return ()
