"""Chemical identity shared by the chemical conventions: names, ISO names, CAS numbers, families.

The Rotterdam, Stockholm, Minamata and Chemical Weapons Conventions list many of
the same chemicals, under different names and groupings. This module holds one
identity per chemical or listed family (``data/chemicals/chemicals.csv``) and one
per mercury-added product type named by the words trade documents use
(``data/chemicals/products.csv``), so that every convention's list refers to the
same records and one query finds them all. It knows no treaty: the treaty rooms
say which identities their lists name.

A *family* is a listed entry that covers several chemicals ("All tributyltin
compounds", "Mercury compounds", "Nitrogen mustards"); its members are the
chemicals the sources name as part of it, found by their own names and CAS
numbers.

>>> from mea_trade import chemicals
>>> c = chemicals.chemical("lindane")
>>> c.id, c.cas, c.iso_name
('lindane', ('58-89-9',), 'lindane')
>>> m = chemicals.chemical("1983-10-4")
>>> m.name, [f.id for f in m.family_records]
('Tributyltin fluoride', ['tributyltin-compounds'])
>>> [x.cas for x in chemicals.chemical("nitrogen mustards").members]
[('538-07-8',), ('51-75-2',), ('555-77-1',)]
>>> chemicals.chemical("mercury thermometer").kind
'product'
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

import attrs

from mea_trade._data import Lazy, read_csv, split_cell
from mea_trade._names import MAX_QUERY, NameIndex
from mea_trade._records import KeyedRecord
from mea_trade.cas import looks_like_cas, normalize_cas
from mea_trade.citations import Citation, citations
from mea_trade.errors import InvalidArgumentError, MeaTradeError, UnknownChemicalError, _shorten

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.records import Commodity

__all__ = [
    "KINDS",
    "Chemical",
    "Identity",
    "by_cas",
    "chemical",
    "chemicals",
    "find",
    "identities",
]

#: What an identity is: a chemical, a listed family of chemicals, or a product type.
KINDS: tuple[str, ...] = ("substance", "family", "product")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Chemical(KeyedRecord):
    """A chemical, a listed family of chemicals, or a mercury-added product type.

    Chemicals are singletons: they compare and hash by ``id`` and pickle by id.

    Attributes:
        id: stable key (``"lindane"``, ``"tributyltin-compounds"``, ``"mercury-thermometer"``).
        name: the name as the official text prints it.
        kind: ``"substance"``, ``"family"`` or ``"product"``.
        cas: the CAS numbers the sources print for it, the main one first.
        iso_name: the ISO common name of a pesticide, where the HS text marks one.
        synonyms: other names the sources (or customs practice, for products) use.
        families: ids of the family entries it belongs to.
        mercury: for a product, ``"named"`` when the words say it contains mercury
            and ``"possible"`` when goods of that name may be mercury-free; else None.
        sources: where the name, CAS numbers and memberships were read.
        unverified: fields resting on a secondary or carried-over source (``"cas"``, ``"name"``).
        note: caveats.
    """

    _KEY: ClassVar[str] = "id"

    id: str
    name: str
    kind: str
    cas: tuple[str, ...] = ()
    iso_name: str | None = None
    synonyms: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    mercury: str | None = None
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    note: str | None = attrs.field(default=None, repr=False)

    @classmethod
    def _get(cls, key: str) -> Chemical:
        return _TABLES.get().by_id[key]

    def __str__(self) -> str:
        return self.name

    @property
    def members(self) -> tuple[Chemical, ...]:
        """The chemicals the sources name as members of this family (empty for others)."""
        tables = _TABLES.get()
        return tuple(tables.by_id[m] for m in tables.members.get(self.id, ()))

    @property
    def family_records(self) -> tuple[Chemical, ...]:
        """The family entries this chemical belongs to."""
        by_id = _TABLES.get().by_id
        return tuple(by_id[f] for f in self.families)


@attrs.frozen
class Identity:
    """One identity a commodity has, and how the commodity reached it.

    Attributes:
        chemical: the identity.
        match: ``"name"`` or ``"cas"`` (the commodity is this chemical, read by
            name or by CAS number), ``"family"`` (a member of this family), or
            ``"component"`` (a component of a mixture).
        via: for ``"family"`` and ``"component"``, the chemical through which it was reached.
    """

    chemical: Chemical
    match: str
    via: Chemical | None = None


@attrs.frozen
class _Tables:
    by_id: Mapping[str, Chemical]
    index: NameIndex[Chemical]
    by_cas: Mapping[str, Chemical]
    members: Mapping[str, tuple[str, ...]]
    ordered: tuple[Chemical, ...]


def _load() -> _Tables:
    records: list[Chemical] = []
    for row in read_csv("chemicals/chemicals.csv"):
        records.append(
            Chemical(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                cas=tuple(normalize_cas(c) for c in split_cell(row["cas"])),
                iso_name=row["iso_name"] or None,
                synonyms=split_cell(row["synonyms"]),
                families=split_cell(row["families"]),
                sources=citations(row["source"]),
                unverified=frozenset(split_cell(row["unverified"])),
                note=row["note"] or None,
            )
        )
    for row in read_csv("chemicals/products.csv"):
        records.append(
            Chemical(
                id=row["id"],
                name=row["name"],
                kind="product",
                synonyms=split_cell(row["synonyms"]),
                mercury=row["mercury"],
                sources=citations(row["source"]),
                note=row["note"] or None,
            )
        )
    by_id: dict[str, Chemical] = {}
    by_cas: dict[str, Chemical] = {}
    members: dict[str, list[str]] = {}
    for rec in records:
        if rec.kind not in KINDS:
            raise MeaTradeError(f"chemical {rec.id!r}: unknown kind {rec.kind!r}")
        if rec.id in by_id:
            raise MeaTradeError(f"duplicate chemical id {rec.id!r}")
        by_id[rec.id] = rec
        for number in rec.cas:
            other = by_cas.setdefault(number, rec)
            if other is not rec:
                raise MeaTradeError(f"CAS number {number} names both {other.id!r} and {rec.id!r}")
        for family in rec.families:
            members.setdefault(family, []).append(rec.id)
    for family in members:
        if by_id.get(family) is None or by_id[family].kind != "family":
            raise MeaTradeError(f"{family!r} is named as a family but is no family entry")

    def names_of(rec: Chemical) -> Iterator[str]:
        yield rec.id
        yield rec.name
        if rec.iso_name:
            yield rec.iso_name
        yield from rec.synonyms
        if ": " in rec.name:  # "Sarin: O-Isopropyl methylphosphonofluoridate"
            yield from rec.name.split(": ", 1)

    index = NameIndex(records, names_of, lambda r: r.name, "chemical")
    return _Tables(
        by_id=MappingProxyType(by_id),
        index=index,
        by_cas=MappingProxyType(by_cas),
        members=MappingProxyType({k: tuple(v) for k, v in members.items()}),
        ordered=tuple(records),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def find(query: str) -> Chemical | None:
    """The chemical, family or product named by *query* (name, synonym, CAS number, id), or None.

    >>> find("HN2").cas
    ('51-75-2',)
    >>> find("unobtainium") is None
    True
    """
    tables = _TABLES.get()
    hit = tables.index.find(query)
    if hit is not None or len(query) > MAX_QUERY or not looks_like_cas(query):
        return hit
    try:
        return tables.by_cas.get(normalize_cas(query))
    except MeaTradeError:
        return None


def chemical(query: str | Chemical) -> Chemical:
    """The chemical, family or product named by *query*: name, synonym, ISO name, CAS number or id.

    Matching ignores case, spaces and punctuation (``"2,4,5-T"``, ``"245t"``).

    Raises:
        UnknownChemicalError: nothing matches (close matches are suggested).
        InvalidCASError: *query* is shaped like a CAS number but its check digit is wrong.
        InvalidArgumentError: *query* is not a string.

    >>> chemical("ethylene dibromide").name
    '1,2-dibromoethane (EDB)'
    >>> chemical("sarin").cas
    ('107-44-8',)
    """
    if isinstance(query, Chemical):
        return query
    if not isinstance(query, str):
        raise InvalidArgumentError(
            f"expected a chemical name or CAS number (str), not {type(query).__name__}: "
            f"{_shorten(query)}"
        )
    tables = _TABLES.get()
    hit = tables.index.find(query)
    if hit is not None:
        return hit
    if len(query) <= MAX_QUERY and looks_like_cas(query):
        hit = tables.by_cas.get(normalize_cas(query))  # raises InvalidCASError on a bad check digit
        if hit is not None:
            return hit
        raise UnknownChemicalError(query)
    raise UnknownChemicalError(query, suggest(query))


def suggest(query: str, n: int = 3) -> list[str]:
    """Names of the identities closest to *query*, best first."""
    return _TABLES.get().index.suggest(query, n)


def by_cas(number: str) -> Chemical | None:
    """The identity that prints the CAS number *number*, or None (a malformed number raises).

    >>> by_cas("7439-97-6").name
    'Mercury'
    """
    table = _TABLES.get().by_cas
    hit = table.get(number)
    return hit if hit is not None else table.get(normalize_cas(number))


def chemicals(kind: str | None = None) -> tuple[Chemical, ...]:
    """Every identity, in file order, optionally of one *kind* (``"substance"``, ``"family"``...).

    >>> len(chemicals("product")) > 10
    True
    """
    if kind is not None and kind not in KINDS:
        raise InvalidArgumentError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    records = _TABLES.get().ordered
    return records if kind is None else tuple(r for r in records if r.kind == kind)


def _with_families(chem: Chemical, match: str) -> Iterator[Identity]:
    yield Identity(chem, match)
    seen = {chem.id}
    stack = list(chem.family_records)
    while stack:
        family = stack.pop(0)
        if family.id in seen:
            continue
        seen.add(family.id)
        yield Identity(family, "family", chem)
        stack.extend(family.family_records)


def identities(commodity: Commodity | str, *, text: str | None = None) -> tuple[Identity, ...]:
    """The identities a commodity has: itself, its families, the components it contains.

    *commodity* is a :class:`Chemical`, a catalog substance (matched by its CAS
    number), a mixture (each component by its CAS number, ``match="component"``),
    or a name or CAS number. *text*, the words the commodity was read from, says
    whether it was named or given by CAS number. Unknown commodities, and the other
    kinds of commodity (HS codes, wastes, organisms, taxa), have none.

    >>> [(i.chemical.id, i.match) for i in identities("1983-10-4")]
    [('tributyltin-fluoride', 'cas'), ('tributyltin-compounds', 'family')]
    >>> [(i.chemical.id, i.match) for i in identities("chloropicrin")]
    [('chloropicrin', 'name')]
    """
    if isinstance(commodity, str):
        found = find(commodity)
        if found is None:
            return ()
        text = commodity
        commodity = found
    from mea_trade.catalog import Mixture, Substance

    if not isinstance(commodity, (Chemical, Substance, Mixture)):
        return ()
    read_as = "cas" if text is not None and looks_like_cas(text) else "name"
    return _identities(commodity, read_as)


@functools.lru_cache(maxsize=8192)
def _identities(commodity: Chemical | Substance | Mixture, read_as: str) -> tuple[Identity, ...]:
    """:func:`identities` of a resolved commodity (cached: rooms ask it once per shipment)."""
    from mea_trade.catalog import Mixture, Substance

    if isinstance(commodity, Chemical):
        return tuple(_with_families(commodity, read_as))
    if isinstance(commodity, Substance):
        hit = by_cas(commodity.cas) if commodity.cas else None
        return tuple(_with_families(hit, read_as)) if hit is not None else ()
    if isinstance(commodity, Mixture):
        out: list[Identity] = []
        for comp in commodity.components:
            sub = comp.substance
            hit = by_cas(sub.cas) if sub.cas else None
            if hit is not None:
                out.extend(
                    Identity(i.chemical, "component", i.via or hit)
                    for i in _with_families(hit, "cas")
                )
        return tuple(out)
    return ()
