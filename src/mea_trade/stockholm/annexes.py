"""Stockholm Convention, Annexes A, B and C: every listing with its dates, exemptions and purposes.

The listings are rows of ``data/stockholm/annex_a.csv``, ``annex_b.csv`` and
``annex_c.csv``, loaded on first use and indexed by chemical identity
(:mod:`mea_trade.chemicals`), so that finding the listings of a chemical is a
dict hit.

>>> [(x.annex, x.entry_into_force.isoformat()) for x in listings_of("lindane")]
[('A', '2010-08-26')]
>>> print(listings_of("lindane")[0].use_exemptions[0])
human health pharmaceutical for control of head lice and scabies as second line treatment
>>> listings_of("endrin")[0].exemptions
'none'
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, cited, group_by, optional_date, read_csv, split_cell
from mea_trade._dates import in_period
from mea_trade._providers import rows_for
from mea_trade.citations import Citation

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical, Identity
    from mea_trade.records import Commodity

__all__ = [
    "ANNEXES",
    "StockholmListing",
    "declarants",
    "listings",
    "listings_of",
    "matches",
    "ratified",
]

#: The annexes, with their titles.
ANNEXES: Mapping[str, str] = MappingProxyType(
    {"A": "Elimination", "B": "Restriction", "C": "Unintentional production"}
)


@attrs.frozen(kw_only=True)
class StockholmListing:
    """One listing of a chemical in Annex A, B or C.

    Attributes:
        annex: ``"A"``, ``"B"`` or ``"C"``.
        chemical: id of the listed identity in :mod:`mea_trade.chemicals`.
        entry: the entry as printed.
        cas: the CAS numbers the listing prints.
        decision: the listing decision (``"Convention text"`` for the original listings).
        cop: the meeting (``"original"``, ``"COP-4"``, ...).
        adopted: date of adoption as read (ISO; ``YYYY-MM`` where only the month is known).
        entry_into_force: when the listing entered into force for the Parties bound
            by amendments to the annexes (None where not known).
        notification: the depositary notification that communicated the amendment
            (``"C.N.524.2009"``), empty for the original listings and where not known.
        until: when an amended listing replaced this row, if it did.
        production_exemptions, use_exemptions: the specific exemptions (``("none",)``
            where the annex says None).
        acceptable_purposes: Annex B acceptable purposes.
        exemptions: ``"none"``, ``"register"``, ``"all_parties"``,
            ``"acceptable_purpose"`` (Annex A and B), ``""`` (Annex C).
        citation: the provision and source.
        unverified: fields not confirmed in an official source.
        note: caveats.
    """

    annex: str
    chemical: str
    entry: str
    cas: tuple[str, ...]
    decision: str
    cop: str
    adopted: str
    entry_into_force: _dt.date | None
    notification: str
    until: _dt.date | None
    production_exemptions: tuple[str, ...]
    use_exemptions: tuple[str, ...]
    acceptable_purposes: tuple[str, ...]
    exemptions: str
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    @property
    def original(self) -> bool:
        """Whether the chemical was listed in the Convention as adopted (not by an amendment)."""
        return self.cop == "original"

    def in_force(self, on: _dt.date) -> bool:
        """Whether the listing applies on *on* (False while its entry into force is unknown)."""
        return in_period(on, self.entry_into_force, self.until, open_start=False)

    def describe_exemptions(self) -> str:
        """The exemptions and purposes in words."""
        parts = []
        if self.production_exemptions:
            parts.append("production: " + "; ".join(self.production_exemptions))
        if self.use_exemptions:
            parts.append("use: " + "; ".join(self.use_exemptions))
        text = "specific exemptions: " + ", ".join(parts) if parts else ""
        if self.acceptable_purposes:
            text += (
                ("; " if text else "")
                + "acceptable purposes: "
                + "; ".join(self.acceptable_purposes)
            )
        return text


@attrs.frozen
class _Tables:
    rows: tuple[StockholmListing, ...]
    by_chemical: Mapping[str, tuple[StockholmListing, ...]]
    declarants: Mapping[str, _dt.date | None]
    ratifications: Mapping[tuple[str, str], _dt.date]


def _load() -> _Tables:
    rows: list[StockholmListing] = []
    for annex in ANNEXES:
        for row in read_csv(f"stockholm/annex_{annex.lower()}.csv"):
            decision = row["decision"]
            provision = f"Annex {annex}" + (f" ({decision})" if row["cop"] != "original" else "")
            rows.append(
                StockholmListing(
                    annex=annex,
                    chemical=row["chemical"],
                    entry=row["entry"],
                    cas=split_cell(row["cas"]),
                    decision=decision,
                    cop=row["cop"],
                    adopted=row["adopted"],
                    entry_into_force=optional_date(row["entry_into_force"]),
                    notification=row["notification"],
                    until=optional_date(row["until"]),
                    production_exemptions=split_cell(row["production_exemptions"]),
                    use_exemptions=split_cell(row["use_exemptions"]),
                    acceptable_purposes=split_cell(row["acceptable_purposes"]),
                    exemptions=row["exemptions"],
                    citation=cited(row["source"], provision),
                    unverified=frozenset(split_cell(row["unverified"])),
                    note=row["note"] or None,
                )
            )
    declared = {
        row["country"]: optional_date(row["withdrawn"])
        for row in read_csv("stockholm/amendment_declarations.csv")
    }
    ratified = {
        (row["country"], row["notification"]): _dt.date.fromisoformat(row["entry_into_force"])
        for row in read_csv("stockholm/amendment_ratifications.csv")
    }
    return _Tables(
        rows=tuple(rows),
        by_chemical=group_by(rows, lambda rec: rec.chemical),
        declarants=MappingProxyType(declared),
        ratifications=MappingProxyType(ratified),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def listings() -> tuple[StockholmListing, ...]:
    """Every listing row of Annexes A, B and C, in file order."""
    return _TABLES.get().rows


def listings_of(chemical_id: str) -> tuple[StockholmListing, ...]:
    """The listings whose entry is the identity *chemical_id* (not those of its families)."""
    return _TABLES.get().by_chemical.get(chemical_id, ())


def matches(
    commodity: Commodity | str, *, text: str | None = None
) -> tuple[tuple[StockholmListing, Identity], ...]:
    """Every listing that concerns *commodity*, with the identity through which it does.

    >>> [(x.annex, i.match) for x, i in matches("1763-23-1")]
    [('B', 'family'), ('B', 'family')]
    """
    return _matches(commodity, text)


@functools.lru_cache(maxsize=8192)
def _matches(
    commodity: Chemical | Substance | Mixture | str, text: str | None
) -> tuple[tuple[StockholmListing, Identity], ...]:
    return rows_for(commodity, _TABLES.get().by_chemical, text)


def ratified(country: str, notification: str) -> _dt.date | None:
    """When an amendment took effect for an Article 25(4) declarant that ratified it, if known.

    >>> ratified("CN", "C.N.524.2009").isoformat()
    '2014-03-26'
    """
    return _TABLES.get().ratifications.get((country, notification))


def declarants() -> Mapping[str, _dt.date | None]:
    """Parties known to have declared under Article 25(4), with the date of any withdrawal."""
    return _TABLES.get().declarants
