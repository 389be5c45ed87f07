"""What the rooms' list models and listings providers share.

A chemical room keeps its list as rows indexed by the id of the identity they
name (:mod:`mea_trade.chemicals`); :func:`rows_for` finds the rows that concern a
commodity through its identities. A listings provider answers a
:class:`~mea_trade.records.ListingQuery` with :class:`~mea_trade.records.Listing`
records: :func:`chemical_listings` is the whole provider of a room whose list is
found by identity and by the chemicals an HS screening flag names, each room
giving only how one of its rows reads as a listing (:func:`entry_listing` for an
annex entry with its dates); :func:`flag_listing` is the
listing of a screening flag itself (a hint to look, not a legal listing), and
:func:`datasets_as_of` the date a room's bundled lists are complete to.

>>> from mea_trade.hs import HSCode, flags
>>> code = HSCode.parse("2903.71")
>>> x = flag_listing(flags(code)[0], code)
>>> (x.instrument, x.list, x.entry, x.subject, x.match)
('montreal', 'HS screening flag', '2903.71', 'HS 2903.71', 'hs_code')
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from mea_trade.records import Listing, ListingQuery

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical, Identity
    from mea_trade.citations import Citation
    from mea_trade.hs import Flag, HSCode

__all__ = [
    "AnnexEntry",
    "chemical_listings",
    "datasets_as_of",
    "entry_listing",
    "flag_listing",
    "flags_of",
    "hs_listings",
    "rows_for",
    "subject_of",
]

R = TypeVar("R")

#: How a room reads one of its rows as a listing: (row, subject, match, as_of) -> listing,
#: or None for a row that is no listing (an exemption, a row already listed).
RowListing = Callable[[R, str, str, _dt.date], Listing | None]


def rows_for(
    commodity: Chemical | Substance | Mixture | str,
    by_chemical: Mapping[str, Sequence[R]],
    text: str | None = None,
) -> tuple[tuple[R, Identity], ...]:
    """The rows of *by_chemical* (rows by identity id) that concern *commodity*.

    Each row comes with the identity through which the commodity reaches it
    (itself, a family it belongs to, a component), in the order of
    :func:`mea_trade.chemicals.identities`.
    """
    from mea_trade.chemicals import identities

    return tuple(
        (row, ident)
        for ident in identities(commodity, text=text)
        for row in by_chemical.get(ident.chemical.id, ())
    )


def datasets_as_of(*paths: str) -> _dt.date:
    """The newest as-of date of the bundled datasets *paths* (``"cwc/schedules.csv"``)."""
    from mea_trade.manifest import datasets

    return max(d.as_of for d in datasets() if d.path in paths)


@functools.lru_cache(maxsize=8192)
def flags_of(code: HSCode, instrument: str) -> tuple[Flag, ...]:
    """The screening flags of *code* (in its own edition) under *instrument*.

    Cached: every room asks for its own on each HS line.
    """
    from mea_trade.hs import flags

    return tuple(flag for flag in flags(code, code.edition) if flag.instrument == instrument)


def flag_listing(flag: Flag, code: HSCode, as_of: _dt.date | None = None) -> Listing:
    """The listing of an HS screening flag: a hint to look at *code*, not a legal listing."""
    return Listing(
        instrument=flag.instrument,
        list="HS screening flag",
        entry=str(code),
        subject=f"HS {code}",
        detail=flag.reason,
        match="hs_code",
        citation=flag.sources[0] if flag.sources else None,
        as_of=as_of,
    )


def subject_of(ident: Identity) -> str:
    """The name a commodity is listed under: the family member's own, else the identity's."""
    return ident.via.name if ident.via is not None else ident.chemical.name


class AnnexEntry(Protocol):
    """A dated entry of an annex, as the chemical rooms' list models hold one."""

    @property
    def entry(self) -> str: ...
    @property
    def entry_into_force(self) -> _dt.date | None: ...
    @property
    def until(self) -> _dt.date | None: ...
    @property
    def citation(self) -> Citation: ...
    @property
    def unverified(self) -> frozenset[str]: ...


def entry_listing(
    row: AnnexEntry,
    *,
    instrument: str,
    list: str,
    detail: str,
    subject: str,
    match: str,
    as_of: _dt.date,
) -> Listing:
    """The listing of an annex entry, from its entry into force until its deletion.

    An unverified decision alone does not make the listing unverified: the entry
    and its dates are what a listing states.
    """
    return Listing(
        instrument=instrument,
        list=list,
        entry=row.entry,
        subject=subject,
        effective=row.entry_into_force,
        until=row.until,
        detail=detail,
        match=match,
        citation=row.citation,
        unverified=bool(row.unverified - {"decision"}),
        as_of=as_of,
    )


def hs_listings(
    code: HSCode,
    *,
    instrument: str,
    as_of: _dt.date,
    rows_of: Callable[[str], Iterable[R]],
    listing: RowListing[R],
    flag_without_rows: bool = True,
) -> list[Listing]:
    """The listings of an HS code: the rows of the chemicals its flags under *instrument* name.

    A flag that names no listed chemical is itself listed (:func:`flag_listing`),
    unless *flag_without_rows* is False.
    """
    out: list[Listing] = []
    for flag in flags_of(code, instrument):
        rows = [row for chem in flag.chemicals for row in rows_of(chem)]
        if not rows and flag_without_rows:
            out.append(flag_listing(flag, code, as_of))
        for row in rows:
            found = listing(row, f"HS {code}", "hs_code", as_of)
            if found is not None:
                out.append(found)
    return out


def chemical_listings(
    query: ListingQuery,
    *,
    instrument: str,
    datasets: tuple[str, ...],
    rows_of: Callable[[str], Iterable[R]],
    matches: Callable[..., Iterable[tuple[R, Identity]]],
    listing: RowListing[R],
    flag_without_rows: bool = True,
) -> tuple[Listing, ...]:
    """The listings provider of a chemical room, from how it reads one row as a listing.

    An HS code gets :func:`hs_listings`; any other commodity the rows that
    ``matches(commodity, text=query.text)`` gives, listed under :func:`subject_of`
    with the identity's match. The as-of date is that of *datasets*.
    """
    from mea_trade.hs import HSCode

    item = query.commodity
    if item is None:
        return ()
    as_of = datasets_as_of(*datasets)
    if isinstance(item, HSCode):
        return tuple(
            hs_listings(
                item,
                instrument=instrument,
                as_of=as_of,
                rows_of=rows_of,
                listing=listing,
                flag_without_rows=flag_without_rows,
            )
        )
    out = []
    for row, ident in matches(item, text=query.text):
        found = listing(row, subject_of(ident), ident.match, as_of)
        if found is not None:
            out.append(found)
    return tuple(out)
