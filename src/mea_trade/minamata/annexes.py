"""Minamata Convention: Annex A (mercury-added products), Annex B (processes), Article 3 mercury.

Rows of ``data/minamata/annex_a.csv`` (with the product types of
:mod:`mea_trade.chemicals` each entry covers), ``annex_a_exclusions.csv``,
``annex_b.csv`` and ``article_3.csv``, loaded on first use and indexed by
identity.

>>> [(x.phase_out_after, x.banned_from.isoformat()) for x in entries_for("mercury-thermometer")]
[(2020, '2021-01-01')]
>>> [x.provision for x in article_3("mercury")]
['Article 2(d) and 3(1)(a)']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, cited, group_by, optional_date, read_csv, split_cell
from mea_trade.citations import Citation

__all__ = [
    "AnnexAEntry",
    "AnnexBEntry",
    "Article3Entry",
    "Exclusion",
    "annex_a",
    "annex_b",
    "article_3",
    "declarants",
    "entries_for",
    "exclusions",
]


@attrs.frozen(kw_only=True)
class AnnexAEntry:
    """One entry of Annex A.

    Attributes:
        part: ``"I"`` (phase-out, Art. 4(1)) or ``"II"`` (measures, Art. 4(3)).
        entry: as printed.
        products: the product types it may cover (ids of :mod:`mea_trade.chemicals`).
        conditional: the product types it covers only under conditions the trade
            words do not state (a wattage, a mercury content).
        phase_out_after: the year after which manufacture, import and export are not
            allowed (None for Part II).
        decision, adopted, entry_into_force: the listing and when it took effect.
        exclusions: the exceptions the entry states.
        citation, unverified, note: source and caveats.
    """

    part: str
    entry: str
    products: tuple[str, ...]
    conditional: frozenset[str]
    phase_out_after: int | None
    decision: str
    adopted: str
    entry_into_force: _dt.date | None
    exclusions: str
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    @property
    def original(self) -> bool:
        """Whether the entry is in the Convention as adopted (not added by an amendment)."""
        return self.decision == "Convention text"

    @property
    def banned_from(self) -> _dt.date | None:
        """The first day on which manufacture, import and export are not allowed."""
        return _dt.date(self.phase_out_after + 1, 1, 1) if self.phase_out_after else None


@attrs.frozen(kw_only=True)
class Exclusion:
    """One of the general exclusions of Annex A (letters a to e)."""

    letter: str
    text: str
    purposes: frozenset[str]
    citation: Citation = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class AnnexBEntry:
    """A manufacturing process of Annex B."""

    part: str
    process: str
    phase_out_after: int | None
    decision: str
    entry_into_force: _dt.date | None
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class Article3Entry:
    """Mercury or a compound of Article 3; ``trade_rules`` where paragraphs 6 and 8 apply."""

    chemical: str
    provision: str
    entry: str
    trade_rules: bool
    citation: Citation = attrs.field(repr=False)


@attrs.frozen
class _Tables:
    annex_a: tuple[AnnexAEntry, ...]
    by_product: Mapping[str, tuple[AnnexAEntry, ...]]
    exclusions: tuple[Exclusion, ...]
    annex_b: tuple[AnnexBEntry, ...]
    article_3: Mapping[str, tuple[Article3Entry, ...]]
    declarants: Mapping[str, _dt.date | None]


def _load() -> _Tables:
    annex_a = []
    for row in read_csv("minamata/annex_a.csv"):
        marked = split_cell(row["products"])
        decision = row["decision"]
        provision = f"Annex A, Part {row['part']}" + (
            "" if decision == "Convention text" else f" ({decision})"
        )
        annex_a.append(
            AnnexAEntry(
                part=row["part"],
                entry=row["entry"],
                products=tuple(p.rstrip("?") for p in marked),
                conditional=frozenset(p.rstrip("?") for p in marked if p.endswith("?")),
                phase_out_after=int(row["phase_out_after"]) if row["phase_out_after"] else None,
                decision=decision,
                adopted=row["adopted"],
                entry_into_force=optional_date(row["entry_into_force"]),
                exclusions=row["exclusions"],
                citation=cited(row["source"], provision),
                unverified=frozenset(split_cell(row["unverified"])),
                note=row["note"] or None,
            )
        )
    by_product: dict[str, list[AnnexAEntry]] = {}
    for rec in annex_a:
        for product in rec.products:
            by_product.setdefault(product, []).append(rec)
    exclusions = tuple(
        Exclusion(
            letter=row["letter"],
            text=row["text"],
            purposes=frozenset(split_cell(row["purposes"])),
            citation=cited(row["source"], f"Annex A ({row['letter']})"),
        )
        for row in read_csv("minamata/annex_a_exclusions.csv")
    )
    annex_b = tuple(
        AnnexBEntry(
            part=row["part"],
            process=row["process"],
            phase_out_after=int(row["phase_out_after"]) if row["phase_out_after"] else None,
            decision=row["decision"],
            entry_into_force=optional_date(row["entry_into_force"]),
            citation=cited(row["source"], f"Annex B, Part {row['part']}"),
            unverified=frozenset(split_cell(row["unverified"])),
        )
        for row in read_csv("minamata/annex_b.csv")
    )
    art3 = [
        Article3Entry(
            chemical=row["chemical"],
            provision=row["provision"],
            entry=row["entry"],
            trade_rules=row["trade_rules"] == "yes",
            citation=cited(row["source"], row["provision"]),
        )
        for row in read_csv("minamata/article_3.csv")
    ]
    declared = {
        row["country"]: optional_date(row["withdrawn"])
        for row in read_csv("minamata/amendment_declarations.csv")
    }
    return _Tables(
        annex_a=tuple(annex_a),
        by_product=MappingProxyType({k: tuple(v) for k, v in by_product.items()}),
        exclusions=exclusions,
        annex_b=annex_b,
        article_3=group_by(art3, lambda rec: rec.chemical),
        declarants=MappingProxyType(declared),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def annex_a() -> tuple[AnnexAEntry, ...]:
    """Every Annex A entry (Parts I and II), in file order."""
    return _TABLES.get().annex_a


def entries_for(product_id: str) -> tuple[AnnexAEntry, ...]:
    """The Annex A entries that may cover the product type *product_id*."""
    return _TABLES.get().by_product.get(product_id, ())


def exclusions() -> tuple[Exclusion, ...]:
    """The general exclusions of Annex A."""
    return _TABLES.get().exclusions


def annex_b() -> tuple[AnnexBEntry, ...]:
    """The processes of Annex B."""
    return _TABLES.get().annex_b


def article_3(chemical_id: str) -> tuple[Article3Entry, ...]:
    """The Article 3 entries of *chemical_id* (mercury, or one of the compounds of Art. 3(1)(b))."""
    return _TABLES.get().article_3.get(chemical_id, ())


def declarants() -> Mapping[str, _dt.date | None]:
    """Parties known to have declared under Article 30(5)."""
    return _TABLES.get().declarants
