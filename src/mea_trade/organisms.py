"""Organisms by the names a declaration uses: crops that may be living modified.

A shipment of seeds or grain names the crop (``"maize"``, ``"corn"``,
``"Zea mays"``); the Cartagena room (:mod:`mea_trade.cartagena`) reads the
organism and what the declaration says about living modified organisms. The
bundled table (``data/organisms/crops.csv``) is small and only names the
organisms: it says nothing about whether a consignment is living modified.

>>> organism("corn").name
'maize'
>>> organism("Glycine max").name
'soybean'
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade._names import NameIndex
from mea_trade.citations import Citation, citations
from mea_trade.errors import UnknownOrganismError

__all__ = ["Organism", "find", "organism", "organisms"]

_DATASET = "organisms/crops.csv"


@attrs.frozen(kw_only=True)
class Organism:
    """An organism a declaration may name.

    Attributes:
        name: the common name (``"maize"``).
        synonyms: other names (``("corn", ...)``).
        scientific_name: the binomial (``"Zea mays"``); see :attr:`unverified`.
        kind: ``"crop"``.
        sources: where the names were read.
        unverified: fields not confirmed in a source (``{"scientific_name"}``).
    """

    name: str
    synonyms: tuple[str, ...] = attrs.field(default=(), repr=False)
    scientific_name: str = attrs.field(default="", repr=False)
    kind: str = attrs.field(default="crop", repr=False)
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False, eq=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False, eq=False)

    def __str__(self) -> str:
        return self.name


def _load() -> NameIndex[Organism]:
    records = [
        Organism(
            name=row["name"],
            synonyms=tuple(s for s in row["synonyms"].split(";") if s),
            scientific_name=row["scientific_name"],
            kind=row["kind"],
            sources=citations(row["source"]),
            unverified=frozenset(x for x in row["unverified"].split(";") if x),
        )
        for row in read_csv(_DATASET)
    ]
    return NameIndex(
        records,
        lambda o: (o.name, *o.synonyms, o.scientific_name),
        lambda o: o.name,
        "organism",
    )


_INDEX: Lazy[NameIndex[Organism]] = Lazy(_load)


def find(name: str) -> Organism | None:
    """The organism called *name* (common, other or scientific name), or None."""
    return _INDEX.get().find(name)


def organism(name: str) -> Organism:
    """The organism called *name*.

    Raises:
        UnknownOrganismError: no bundled organism has that name (close matches named).
    """
    return _INDEX.get().resolve(name, "an organism name", UnknownOrganismError)


def organisms() -> Iterator[Organism]:
    """Every bundled organism, in file order."""
    seen: list[Organism] = []
    for row in read_csv(_DATASET):
        item = organism(row["name"])
        if item not in seen:
            seen.append(item)
            yield item
