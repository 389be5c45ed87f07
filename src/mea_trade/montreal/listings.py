"""Where the Montreal Protocol lists a commodity: the provider of :func:`mea_trade.listings`.

A controlled substance is listed in an annex group; a mixture through each of
its controlled components; an HS code through the screening flags of
:func:`mea_trade.hs.flags` (a hint, not a legal listing). Each listing takes
effect on the entry into force of the instrument that made the group's
substances controlled substances (``data/montreal/annex_groups.csv``).

>>> from mea_trade.records import ListingQuery
>>> [x.describe() for x in listings(ListingQuery.of("R-22"))]  # doctest: +NORMALIZE_WHITESPACE
['HCFC-22: Montreal Protocol Annex C, Group I, since 1994-06-14 (Hydrochlorofluorocarbons (HCFCs);
  ODP 0.055, GWP 1810; added by the Copenhagen Amendment)']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade.citations import Citation, citations
from mea_trade.records import Listing, ListingQuery

if TYPE_CHECKING:
    from mea_trade.catalog import Substance
    from mea_trade.hs import HSCode

__all__ = ["AnnexGroup", "annex_group", "listings"]

_DATASET = "montreal/annex_groups.csv"


@attrs.frozen(kw_only=True)
class AnnexGroup:
    """An annex group and the instrument that made its substances controlled.

    >>> g = annex_group("C/I")
    >>> g.added_by, g.effective.isoformat()
    ('copenhagen', '1994-06-14')
    """

    code: str
    annex: str
    label: str
    title: str
    added_by: str
    effective: _dt.date
    sources: tuple[Citation, ...] = attrs.field(repr=False)
    verified: bool = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)


def _load() -> Mapping[str, AnnexGroup]:
    from mea_trade.instruments import get as instrument

    out: dict[str, AnnexGroup] = {}
    for row in read_csv(_DATASET):
        added_by = instrument(row["added_by"])
        if added_by.entry_into_force is None:  # pragma: no cover - checked by the data tests
            raise ValueError(f"{_DATASET}: {added_by.id} has no entry into force")
        out[row["group"]] = AnnexGroup(
            code=row["group"],
            annex=row["annex"],
            label=row["group_label"],
            title=row["title"],
            added_by=added_by.id,
            effective=added_by.entry_into_force,
            sources=citations(row["source"]),
            verified=row["verified"] == "text",
            note=row["note"] or None,
        )
    return MappingProxyType(out)


_GROUPS: Lazy[Mapping[str, AnnexGroup]] = Lazy(_load)


def annex_group(code: str) -> AnnexGroup:
    """The annex group *code* (``"C/I"``).

    Raises:
        KeyError: not an annex group of the Protocol.
    """
    return _GROUPS.get()[code]


def _as_of() -> _dt.date:
    from mea_trade.manifest import datasets

    return next(d.as_of for d in datasets() if d.path == _DATASET)


def _detail(sub: Substance, group: AnnexGroup) -> str:
    factors = [f"ODP {sub.odp:g}"]
    gwp = sub.gwp("protocol")
    if gwp:
        factors.append(f"GWP {gwp:g}")
    origin = (
        "in the Protocol as adopted"
        if group.added_by == "montreal"
        else f"added by the {_short(group.added_by)}"
    )
    return f"{group.title}; {', '.join(factors)}; {origin}"


def _short(instrument_id: str) -> str:
    from mea_trade.instruments import get

    return get(instrument_id).short_name


def _substance_listings(
    sub: Substance, *, match: str, subject: str, as_of: _dt.date
) -> tuple[Listing, ...]:
    out = []
    for control in sub.controls:
        if control.instrument != "montreal":
            continue
        group = annex_group(control.code)
        cite = (control.sources or group.sources)[0]
        out.append(
            Listing(
                instrument="montreal",
                list=f"Annex {group.annex}",
                entry=group.label,
                subject=subject,
                effective=group.effective,
                detail=_detail(sub, group),
                match=match,
                citation=attrs.evolve(cite, provision=f"Annex {group.annex}, {group.label}"),
                unverified=not group.verified or bool(sub.unverified & {"annex", "group"}),
                as_of=as_of,
            )
        )
    return tuple(out)


def _hs_listings(code: HSCode, as_of: _dt.date) -> tuple[Listing, ...]:
    from mea_trade.hs import flags

    out = []
    for flag in flags(code, code.edition):
        if flag.instrument != "montreal":
            continue
        for g in flag.groups or ("",):
            group = annex_group(g) if g else None
            out.append(
                Listing(
                    instrument="montreal",
                    list=f"Annex {group.annex}" if group else "HS screening flag",
                    entry=group.label if group else str(code),
                    subject=f"HS {code}",
                    effective=group.effective if group else None,
                    detail=flag.reason,
                    match="hs_code",
                    citation=flag.sources[0] if flag.sources else None,
                    as_of=as_of,
                )
            )
    return tuple(out)


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Montreal Protocol listings of the commodity in *query* (all dates).

    :func:`mea_trade.listings` filters them by date; this provider returns every
    listing with the date it took effect.
    """
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.hs import HSCode

    item = query.commodity
    as_of = _as_of()
    if isinstance(item, Substance):
        return _substance_listings(item, match=query.match, subject=item.name, as_of=as_of)
    if isinstance(item, Mixture):
        out: list[Listing] = []
        for comp in item.controlled_components:
            out += _substance_listings(
                comp.substance,
                match="component",
                subject=f"{comp.substance.name} ({comp.fraction * 100:g} % of {item.name})",
                as_of=as_of,
            )
        return tuple(out)
    if isinstance(item, HSCode):
        return _hs_listings(item, as_of)
    return ()
