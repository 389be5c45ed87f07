"""Reservations, export quotas and trade suspensions (UNEP-WCMC SAPI data) by taxon and Party.

* A Party with a **reservation** on a taxon is treated as a State not a Party for
  trade in it (Art. XV(3), XVI(2), XXIII(3)): :func:`reservation`.
* **Export quotas** (CoP-approved or set by a listing annotation) and **trade
  suspensions** are returned as dated records for notes: :func:`quotas`,
  :func:`suspensions`.

A record of a higher taxon (a genus, a family) applies to the taxa below it.

>>> import datetime as dt
>>> r = reservation("Loxodonta africana", "BW", on=dt.date(1995, 1, 1))
>>> r.start.isoformat(), r.end.isoformat()
('1990-01-18', '1997-09-18')
>>> reservation("Loxodonta africana", "BW", on=dt.date(2000, 1, 1)) is None
True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, optional_date, read_csv
from mea_trade._dates import in_period
from mea_trade.citations import Citation, citation
from mea_trade.cites.checklist import Taxon

__all__ = ["Measure", "quotas", "reservation", "suspensions"]


@attrs.frozen(kw_only=True)
class Measure:
    """A dated measure on a taxon for one Party (or every Party: ``"ALL"``).

    Attributes:
        kind: ``"reservation"``, ``"quota"`` or ``"suspension"``.
        taxon: the taxon name the record names (``"ALL"`` for every taxon).
        party: ISO code, or ``"ALL"``.
        start, end: the dates it applies between (``end`` None: still in force in
            the data, which is of 2023).
        detail: the quota or restriction in words.
        citation: the source.
    """

    kind: str
    taxon: str
    party: str
    start: _dt.date | None
    end: _dt.date | None
    detail: str
    citation: Citation = attrs.field(repr=False)

    def in_force(self, on: _dt.date) -> bool:
        """Whether the record applies on *on*."""
        return in_period(on, self.start, self.end, open_start=True)


def _load() -> Mapping[str, Mapping[str, tuple[Measure, ...]]]:
    out: dict[str, dict[str, list[Measure]]] = {"reservation": {}, "quota": {}, "suspension": {}}
    cite = citation("sapi-data")
    for row in read_csv("cites/reservations.csv"):
        out["reservation"].setdefault(row["taxon"], []).append(
            Measure(
                kind="reservation",
                taxon=row["taxon"],
                party=row["party"],
                start=optional_date(row["start"]),
                end=optional_date(row["end"]),
                detail=row["note"] or f"reservation entered by {row['party']}",
                citation=attrs.evolve(cite, provision="reservations"),
            )
        )
    for row in read_csv("cites/quotas.csv"):
        detail = (
            f"export quota {row['quota']} ({row['unit']}; terms {row['term']}; sources "
            f"{row['sources']}; purposes {row['purposes']}; {row['kind'].replace('_', ' ')})"
        )
        out["quota"].setdefault(row["taxon"], []).append(
            Measure(
                kind="quota",
                taxon=row["taxon"],
                party=row["party"],
                start=optional_date(row["start"]),
                end=optional_date(row["end"]),
                detail=detail + (f": {row['note']}" if row["note"] else ""),
                citation=attrs.evolve(cite, provision="quotas"),
            )
        )
    for row in read_csv("cites/suspensions.csv"):
        out["suspension"].setdefault(row["taxon"], []).append(
            Measure(
                kind="suspension",
                taxon=row["taxon"],
                party=row["party"],
                start=optional_date(row["start"]),
                end=optional_date(row["end"]),
                detail=row["note"] or f"restriction ({row['codes']})",
                citation=attrs.evolve(cite, provision="trade suspensions"),
            )
        )
    return MappingProxyType(
        {k: MappingProxyType({t: tuple(v) for t, v in by.items()}) for k, by in out.items()}
    )


_DATA: Lazy[Mapping[str, Mapping[str, tuple[Measure, ...]]]] = Lazy(_load)


def _names(taxon: Taxon | str) -> tuple[str, ...]:
    if isinstance(taxon, Taxon):
        return (taxon.name, *taxon.lineage())
    from mea_trade.cites.taxa import taxon as find

    t = find(taxon)
    return (t.name, *t.lineage())


def _find(kind: str, taxon: Taxon | str, party: str | None, on: _dt.date) -> tuple[Measure, ...]:
    table = _DATA.get()[kind]
    out = []
    for name in (*_names(taxon), "ALL"):
        for m in table.get(name, ()):
            if (party is None or m.party in (party, "ALL")) and m.in_force(on):
                out.append(m)
    return tuple(out)


def reservation(taxon: Taxon | str, party: str, *, on: _dt.date) -> Measure | None:
    """The reservation *party* holds on *taxon* (or a higher taxon) on *on*, if any."""
    hits = _find("reservation", taxon, party, on)
    return next((m for m in hits if m.party == party), None)


def quotas(taxon: Taxon | str, party: str | None = None, *, on: _dt.date) -> tuple[Measure, ...]:
    """Export quotas on *taxon* in force on *on* (for the exporting *party*, if given)."""
    return _find("quota", taxon, party, on)


def suspensions(
    taxon: Taxon | str, party: str | None = None, *, on: _dt.date
) -> tuple[Measure, ...]:
    """Trade suspensions and restrictions on *taxon* (or all taxa) for *party* on *on*."""
    return _find("suspension", taxon, party, on)
