"""Rotterdam Convention, Annex III: the chemicals subject to the prior informed consent procedure.

Rows of ``data/rotterdam/annex_iii.csv`` (one per entry, with its category, the
decision that listed it and the date it entered into force for all Parties,
Article 22(5)(c); deleted entries keep the date they stopped applying), loaded on
first use and indexed by chemical identity (:mod:`mea_trade.chemicals`).

>>> [(x.category, x.entry_into_force.isoformat()) for x in entries_of("tributyltin-compounds")]
[('pesticide', '2009-02-01'), ('industrial', '2017-09-15')]
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, cited, group_by, optional_date, read_csv
from mea_trade._dates import in_period
from mea_trade._providers import rows_for
from mea_trade.citations import Citation

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical, Identity
    from mea_trade.records import Commodity

__all__ = ["CATEGORIES", "AnnexIIIEntry", "entries", "entries_of", "matches"]

#: Annex III categories (Art. 2(a)); import responses relate to them (Art. 10(5)).
CATEGORIES: tuple[str, ...] = (
    "pesticide",
    "industrial",
    "severely_hazardous_pesticide_formulation",
)


@attrs.frozen(kw_only=True)
class AnnexIIIEntry:
    """One Annex III entry.

    Attributes:
        chemical: id of the listed identity in :mod:`mea_trade.chemicals`.
        entry: the entry as printed.
        cas: the CAS numbers it prints.
        category: ``"pesticide"``, ``"industrial"`` or
            ``"severely_hazardous_pesticide_formulation"``.
        formulation: True when only certain formulations are listed.
        decision: the listing decision (``"Convention text ..."`` for the original list).
        adopted: as read (ISO date, or ``YYYY-MM``).
        entry_into_force: the date specified in the decision (None where not known).
        until: when the entry was deleted, if it was; until_decision: by which decision.
        citation: provision and source.
        unverified: fields not confirmed in an official source.
        note: caveats.
    """

    chemical: str
    entry: str
    cas: tuple[str, ...]
    category: str
    formulation: bool
    decision: str
    adopted: str
    entry_into_force: _dt.date | None
    until: _dt.date | None
    until_decision: str | None
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    @property
    def category_text(self) -> str:
        """The category in words."""
        return self.category.replace("_", " ")

    def in_force(self, on: _dt.date) -> bool:
        """Whether the entry applies on *on* (False while its entry into force is unknown)."""
        return in_period(on, self.entry_into_force, self.until, open_start=False)


@attrs.frozen
class _Tables:
    rows: tuple[AnnexIIIEntry, ...]
    by_chemical: Mapping[str, tuple[AnnexIIIEntry, ...]]


def _load() -> _Tables:
    rows = []
    for row in read_csv("rotterdam/annex_iii.csv"):
        decision = row["decision"]
        provision = "Annex III" + ("" if decision.startswith("Convention") else f" ({decision})")
        rows.append(
            AnnexIIIEntry(
                chemical=row["chemical"],
                entry=row["entry"],
                cas=tuple(c for c in row["cas"].split(";") if c),
                category=row["category"],
                formulation=row["scope"] == "formulation",
                decision=decision,
                adopted=row["adopted"],
                entry_into_force=optional_date(row["entry_into_force"]),
                until=optional_date(row["until"]),
                until_decision=row["until_decision"] or None,
                citation=cited(row["source"], provision),
                unverified=frozenset(u for u in row["unverified"].split(";") if u),
                note=row["note"] or None,
            )
        )
    return _Tables(rows=tuple(rows), by_chemical=group_by(rows, lambda rec: rec.chemical))


_TABLES: Lazy[_Tables] = Lazy(_load)


def entries() -> tuple[AnnexIIIEntry, ...]:
    """Every Annex III entry, deleted ones included, in file order."""
    return _TABLES.get().rows


def entries_of(chemical_id: str) -> tuple[AnnexIIIEntry, ...]:
    """The entries whose listed identity is *chemical_id*."""
    return _TABLES.get().by_chemical.get(chemical_id, ())


def matches(
    commodity: Commodity | str, *, text: str | None = None
) -> tuple[tuple[AnnexIIIEntry, Identity], ...]:
    """Every entry that concerns *commodity*, with the identity through which it does.

    A family that Annex III lists only through its members (asbestos: five forms,
    each an entry) gives its members' entries with ``match="member"``.

    >>> [(x.category, i.match) for x, i in matches("1983-10-4")]
    [('pesticide', 'family'), ('industrial', 'family')]
    >>> sorted({i.chemical.id for _, i in matches("asbestos")})[:2]
    ['actinolite', 'amosite']
    """
    return _matches(commodity, text)


@functools.lru_cache(maxsize=8192)
def _matches(
    commodity: Chemical | Substance | Mixture | str, text: str | None
) -> tuple[tuple[AnnexIIIEntry, Identity], ...]:
    from mea_trade.chemicals import Identity, identities

    by_chemical = _TABLES.get().by_chemical
    found = list(rows_for(commodity, by_chemical, text))
    if not found:
        for ident in identities(commodity, text=text)[:1]:
            for member in ident.chemical.members:
                found += [
                    (row, Identity(member, "member", ident.chemical))
                    for row in by_chemical.get(member.id, ())
                ]
    return tuple(found)
