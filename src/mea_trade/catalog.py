"""Substances and mixtures: controlled substances, blend components and blends.

The catalog holds the controlled substances of the Montreal Protocol, the
non-controlled substances found in refrigerant blends, and the blends themselves.

Records are immutable and come from the bundled data (``data/montreal/annex_*.csv``,
``data/substances/other.csv``, ``data/gwp/ipcc.csv``, ``data/blends/*.csv``), which is
parsed on first use and indexed by every name people type.

>>> import mea_trade as mt
>>> hcfc22 = mt.substance("R22")
>>> hcfc22.name, hcfc22.cas, hcfc22.annex_group, hcfc22.odp
('HCFC-22', '75-45-6', 'C/I', 0.055)
>>> mt.mixture("R-410A").gwp()
2087.5
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import ClassVar, Literal

import attrs

from mea_trade._data import Lazy, read_csv, split_cell
from mea_trade._names import MAX_QUERY, NameIndex
from mea_trade._records import KeyedRecord, Records
from mea_trade.cas import looks_like_cas, normalize_cas
from mea_trade.citations import Citation, citations
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidCompositionError,
    MeaTradeError,
    MissingDataError,
    UnknownBasisError,
    UnknownCommodityError,
    UnknownMixtureError,
    UnknownSubstanceError,
    _shorten,
)

__all__ = [
    "GWP_BASES",
    "MONTREAL_ANNEX_GROUPS",
    "Component",
    "Control",
    "Mixture",
    "Substance",
    "lookup",
    "mixture",
    "mixtures",
    "substance",
    "substances",
]

GwpBasis = Literal["kigali", "protocol", "ar4", "ar5", "ar6"]

#: The GWP bases the library knows, in the order the docs explain them.
#:
#: * ``"kigali"``: the 100-year GWP of Annex F of the Montreal Protocol for the
#:   HFCs of Annex F, and 0 for every other substance. This is the basis of HFC
#:   calculated levels, licences and quotas in CO2-equivalent tonnes.
#: * ``"protocol"``: the GWP printed in the Protocol's annexes for any substance
#:   (Annex A Group I, Annex C Group I, Annex F), 0 for substances without one.
#:   This is how the Ozone Secretariat computes a blend's GWP, HCFCs included.
#: * ``"ar4"``, ``"ar5"``, ``"ar6"``: IPCC 100-year GWPs of the Fourth, Fifth and
#:   Sixth Assessment Reports (science, not law).
GWP_BASES: tuple[str, ...] = ("kigali", "protocol", "ar4", "ar5", "ar6")

#: The annex groups of the Montreal Protocol, as ``"annex/group"`` codes.
MONTREAL_ANNEX_GROUPS: tuple[str, ...] = (
    "A/I",
    "A/II",
    "B/I",
    "B/II",
    "B/III",
    "C/I",
    "C/II",
    "C/III",
    "E/I",
    "F/I",
    "F/II",
)

#: Tolerance on the sum of mass fractions: 0.01 percentage points, bounds included.
#: The sum is taken in exact decimal arithmetic over each fraction as it is written
#: (a float is read as the shortest decimal that gives it back, ``49.995`` as 49.995),
#: so a composition summing to 99.99 % or 100.01 % is accepted and one summing to
#: 99.989 % is not, whatever the binary rounding of the floats.
COMPOSITION_TOLERANCE = 1e-4
_TOLERANCE = Fraction(Decimal(repr(COMPOSITION_TOLERANCE)))


def _parse_group(annex: str | None, group: str | None) -> tuple[str | None, str | None]:
    """Accept ``group="C/I"`` or ``annex="C", group="I"`` (also ``"CI"``, ``"c/i"``)."""
    if group is not None and not isinstance(group, str):
        raise InvalidArgumentError(f"group must be a str such as 'C/I', not {group!r}")
    if annex is not None and not isinstance(annex, str):
        raise InvalidArgumentError(f"annex must be a str such as 'C', not {annex!r}")
    if group is not None:
        text = group.strip().upper().replace(" ", "")
        if "/" in text:
            ann, _, grp = text.partition("/")
            if annex is not None and annex.strip().upper() != ann:
                raise InvalidArgumentError(f"group {group!r} is not in annex {annex!r}")
            annex, group = ann, grp
        elif annex is None and len(text) >= 2 and text[0] in "ABCEF" and set(text[1:]) <= set("IV"):
            annex, group = text[0], text[1:]
        else:
            group = text
    if annex is not None:
        annex = annex.strip().upper()
        if annex not in {"A", "B", "C", "D", "E", "F"}:
            raise InvalidArgumentError(f"unknown annex {annex!r}: expected one of A, B, C, E, F")
    if group is not None and group not in {"I", "II", "III"}:
        raise InvalidArgumentError(
            f"unknown group {group!r}: expected I, II or III, or a code such as 'C/I'"
        )
    if annex is not None and group is not None and f"{annex}/{group}" not in MONTREAL_ANNEX_GROUPS:
        raise InvalidArgumentError(
            f"unknown annex group {annex}/{group}: "
            f"expected one of {', '.join(MONTREAL_ANNEX_GROUPS)}"
        )
    return annex, group


@attrs.frozen(kw_only=True)
class Control:
    """A listing of a substance under an instrument: which annex and group, and the source.

    >>> import mea_trade as mt
    >>> control = mt.substance("HFC-23").control
    >>> control.instrument, control.code
    ('montreal', 'F/II')
    """

    instrument: str
    annex: str
    group: str
    sources: tuple[Citation, ...] = attrs.field(repr=False)

    @property
    def code(self) -> str:
        """The annex group as ``"annex/group"``, e.g. ``"C/I"``."""
        return f"{self.annex}/{self.group}"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Substance(KeyedRecord):
    """A chemical substance with its legal classification and environmental factors.

    Substances are singletons of the bundled catalog: get them with
    :func:`substance` or :func:`substances`. They compare and hash by ``id``, and
    pickle by ``id``.

    Attributes:
        id: unique identifier in the catalog (usually the name).
        name: the name as the legal text prints it (``"HCFC-22"``, ``"halon-1211"``).
        chemical_name: systematic chemical name.
        formula: the formula as printed in the annex (structural where it is).
        cas: CAS Registry Number, or None (isomer groups often have none).
        ashrae: ASHRAE Standard 34 refrigerant number, or None.
        synonyms: other names accepted by :func:`substance`.
        controls: listings under the instruments (empty for non-controlled substances).
        odp: the ozone-depleting potential the Protocol uses for calculated levels
            (for an annex range, its highest value); 0 for substances outside Annexes A-E.
        odp_range: ``(low, high)`` where the annex gives a range, else None.
        isomers: number of isomers the annex states for an isomer-group entry.
        gwp_values: GWPs by basis (see :data:`GWP_BASES`); use :meth:`gwp`.
        sources: where the listing, ODP and GWP come from.
        cas_sources: where the CAS number comes from.
        unverified: names of fields whose values could not be checked against an
            official or primary source.
        note: remarks (isomer coverage, source disagreements).
    """

    id: str
    name: str
    chemical_name: str
    formula: str
    cas: str | None = None
    ashrae: str | None = None
    synonyms: tuple[str, ...] = ()
    controls: tuple[Control, ...] = ()
    odp: float = 0.0
    odp_range: tuple[float, float] | None = None
    isomers: int | None = None
    gwp_values: tuple[tuple[str, float], ...] = attrs.field(default=(), repr=False)
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    cas_sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    note: str | None = attrs.field(default=None, repr=False)

    _KEY = "id"
    #: Properties added to the fields in tables (:meth:`~mea_trade._records.Records.to_frame`).
    _EXPORT: ClassVar[tuple[str, ...]] = ("annex_group",)

    @classmethod
    def _get(cls, key: str) -> Substance:
        return substance(key)

    def __str__(self) -> str:
        return self.name

    @property
    def control(self) -> Control | None:
        """The Montreal Protocol listing, or None if the substance is not controlled."""
        for item in self.controls:
            if item.instrument == "montreal":
                return item
        return None

    @property
    def is_controlled(self) -> bool:
        """Whether the substance is listed in an annex of the Montreal Protocol."""
        return self.control is not None

    @property
    def annex(self) -> str | None:
        """Montreal Protocol annex (``"A"``, ``"B"``, ``"C"``, ``"E"``, ``"F"``) or None."""
        control = self.control
        return control.annex if control else None

    @property
    def group(self) -> str | None:
        """Montreal Protocol group within the annex (``"I"``, ``"II"``, ``"III"``) or None."""
        control = self.control
        return control.group if control else None

    @property
    def annex_group(self) -> str | None:
        """Montreal Protocol annex group as ``"annex/group"`` (``"C/I"``) or None."""
        control = self.control
        return control.code if control else None

    @property
    def is_ods(self) -> bool:
        """Whether it is an ozone-depleting substance controlled in Annex A, B, C or E."""
        return self.annex in {"A", "B", "C", "E"}

    @property
    def is_hfc(self) -> bool:
        """Whether it is an HFC controlled in Annex F (Kigali Amendment)."""
        return self.annex == "F"

    def gwp(self, basis: str = "kigali") -> float:
        """Return the 100-year GWP on the given basis (see :data:`GWP_BASES`).

        Raises:
            UnknownBasisError: *basis* is not one of :data:`GWP_BASES`.
            MissingDataError: the bundled IPCC tables have no value for this substance.

        >>> import mea_trade as mt
        >>> mt.substance("HFC-134a").gwp()
        1430.0
        >>> mt.substance("HCFC-22").gwp(), mt.substance("HCFC-22").gwp("protocol")
        (0.0, 1810.0)
        """
        if basis not in GWP_BASES:
            raise UnknownBasisError(
                f"unknown GWP basis {_shorten(basis)}: expected one of {', '.join(GWP_BASES)}"
            )
        for name, value in self.gwp_values:
            if name == basis:
                return value
        if basis == "kigali" or basis == "protocol":
            return 0.0
        raise MissingDataError(f"no {basis.upper()} GWP is bundled for {self.name}")

    def gwp_bases(self) -> tuple[str, ...]:
        """The bases for which :meth:`gwp` returns a value.

        >>> import mea_trade as mt
        >>> mt.substance("R-1234yf").gwp_bases()
        ('kigali', 'protocol', 'ar5', 'ar6')
        """
        have = {name for name, _ in self.gwp_values} | {"kigali", "protocol"}
        return tuple(b for b in GWP_BASES if b in have)


@attrs.frozen(kw_only=True, cache_hash=True)
class Component:
    """One substance of a mixture with its mass fraction (0 < fraction <= 1)."""

    substance: Substance
    fraction: float

    @property
    def percent(self) -> float:
        """The mass fraction in per cent."""
        return self.fraction * 100.0


def _check_fraction(name: str, value: object) -> Decimal:
    """The fraction as the exact decimal it is written as (floats by their shortest repr)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InvalidCompositionError(
            f"mass fraction of {_shorten(name)} must be a number, not {_shorten(value)}"
        )
    if isinstance(value, float):
        exact = Decimal(repr(value)) if math.isfinite(value) else Decimal("NaN")
    else:
        exact = Decimal(value)
    if not exact.is_finite() or exact <= 0:
        raise InvalidCompositionError(
            f"mass fraction of {_shorten(name)} must be a finite number above 0, not {value!r}"
        )
    return exact


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Mixture:
    """A mixture of substances by mass, such as an ASHRAE refrigerant blend.

    Its ODP and GWP derive from the components (mass-weighted sums), which is how
    the Protocol counts controlled substances in mixtures (Art. 1(4), Art. 3).

    Attributes:
        name: ASHRAE designation (``"R-410A"``) for bundled blends, None for custom mixtures.
        components: the substances with their mass fractions (summing to 1).
        kind: ``"zeotrope"``, ``"azeotrope"`` or None (custom).
        synonyms: trade names and other designations accepted by :func:`mixture`.
        sources: where the composition comes from.
        unverified: fields that could not be checked against a primary source.
        note: remarks.

    >>> import mea_trade as mt
    >>> m = mt.Mixture.from_mass_fractions({"HFC-32": 50, "HFC-125": 50})
    >>> m.gwp(), m.odp
    (2087.5, 0.0)
    """

    name: str | None = None
    components: tuple[Component, ...]
    kind: str | None = None
    synonyms: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False, eq=False)
    unverified: frozenset[str] = attrs.field(default=frozenset(), repr=False, eq=False)
    note: str | None = attrs.field(default=None, repr=False, eq=False)
    #: Properties added to the fields in tables (:meth:`~mea_trade._records.Records.to_frame`).
    _EXPORT: ClassVar[tuple[str, ...]] = ("odp", "annex_groups")

    @classmethod
    def from_mass_fractions(
        cls,
        fractions: Mapping[str, float | Decimal]
        | Mapping[Substance, float | Decimal]
        | Mapping[str | Substance, float | Decimal],
        *,
        name: str | None = None,
    ) -> Mixture:
        """Build a mixture from ``{substance: mass fraction}``.

        Fractions may be given in per cent (summing to 100) or as fractions of 1
        (summing to 1), as ints, floats or :class:`decimal.Decimal`; the sum must be
        within 0.01 percentage points of 100 %, bounds included. The sum is exact: each
        number is read as the decimal it is written as (see :data:`COMPOSITION_TOLERANCE`),
        so ``{"HFC-32": 49.995, "HFC-125": 49.995}`` (99.99 %) is accepted, as its
        decimal sum says, while binary floating point would put it a hair below.
        Substances may be named any way :func:`substance` accepts.

        Raises:
            InvalidCompositionError: empty, repeated, non-positive, NaN, or a sum off 100 %.
            UnknownSubstanceError: a component name is unknown.

        >>> m = Mixture.from_mass_fractions({"R-32": 0.5, "R-125": 0.5})
        >>> [(c.substance.name, c.percent) for c in m.components]
        [('HFC-32', 50.0), ('HFC-125', 50.0)]
        >>> Mixture.from_mass_fractions({"HFC-32": 60, "HFC-125": 50})
        Traceback (most recent call last):
        ...
        mea_trade.errors.InvalidCompositionError: mass fractions sum to 110 (%); expected 100 % ...
        """
        if not isinstance(fractions, Mapping):
            raise InvalidArgumentError(
                "fractions must be a mapping of substance to mass fraction, "
                f"not {type(fractions).__name__}"
            )
        if not fractions:
            raise InvalidCompositionError("a mixture needs at least one component")
        parts: dict[Substance, Decimal] = {}
        for item, value in fractions.items():
            label = item.name if isinstance(item, Substance) else str(item)
            number = _check_fraction(label, value)
            sub = substance(item)
            if sub in parts:
                raise InvalidCompositionError(f"{sub.name} is listed twice (as {label!r})")
            parts[sub] = number
        total = sum((Fraction(v) for v in parts.values()), Fraction(0))  # exact
        if abs(total - 100) <= 100 * _TOLERANCE:
            scale = 100
        elif abs(total - 1) <= _TOLERANCE:
            scale = 1
        else:
            shown = f"{float(total):.12g}"
            raise InvalidCompositionError(
                f"mass fractions sum to {shown} (%); expected 100 % within 0.01 "
                "percentage points (or 1 within 0.0001)"
            )
        components = tuple(
            Component(substance=s, fraction=float(v) / scale) for s, v in parts.items()
        )
        return cls(name=name, components=components)

    def __str__(self) -> str:
        if self.name:
            return self.name
        return " / ".join(f"{c.substance.name} {c.percent:g}%" for c in self.components)

    def __repr__(self) -> str:
        if self.name:
            return f"Mixture({self.name!r})"
        parts = ", ".join(f"{c.substance.name!r}: {c.percent:g}" for c in self.components)
        return f"Mixture.from_mass_fractions({{{parts}}})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))  # type: ignore[attr-defined]

    @property
    def odp(self) -> float:
        """ODP of the mixture: the mass-weighted sum of the components' Protocol ODPs.

        >>> import mea_trade as mt
        >>> round(mt.mixture("R-401A").odp, 5)
        0.03663
        """
        return math.fsum(c.fraction * c.substance.odp for c in self.components)

    def gwp(self, basis: str = "kigali") -> float:
        """GWP of the mixture on *basis*: the mass-weighted sum of the components' GWPs.

        With ``basis="kigali"`` only Annex F components count, as for HFC
        calculated levels; with ``"protocol"`` every GWP printed in the Protocol's
        annexes counts (the Ozone Secretariat's blend GWP, HCFCs included).

        Raises:
            UnknownBasisError: unknown *basis*.
            MissingDataError: an IPCC basis lacks a value for a component.

        >>> import mea_trade as mt
        >>> r402a = mt.mixture("R-402A")
        >>> round(r402a.gwp("kigali"), 1), round(r402a.gwp("protocol"), 1)
        (2100.0, 2787.8)
        """
        return math.fsum(c.fraction * c.substance.gwp(basis) for c in self.components)

    @property
    def controlled_components(self) -> tuple[Component, ...]:
        """Components controlled under the Montreal Protocol."""
        return tuple(c for c in self.components if c.substance.is_controlled)

    @property
    def is_controlled(self) -> bool:
        """Whether at least one component is a controlled substance."""
        return any(c.substance.is_controlled for c in self.components)

    @property
    def annex_groups(self) -> tuple[str, ...]:
        """The Montreal Protocol annex groups of the controlled components, in annex order.

        >>> import mea_trade as mt
        >>> mt.mixture("R-502").annex_groups
        ('A/I', 'C/I')
        """
        have = {c.substance.annex_group for c in self.components}
        return tuple(code for code in MONTREAL_ANNEX_GROUPS if code in have)

    def fraction_of(self, item: str | Substance) -> float:
        """Mass fraction (0-1) of a substance in the mixture, 0 if absent.

        >>> import mea_trade as mt
        >>> mt.mixture("R-404A").fraction_of("HFC-143a")
        0.52
        """
        sub = substance(item)
        return math.fsum(c.fraction for c in self.components if c.substance == sub)


# --------------------------------------------------------------------------- catalog


@attrs.frozen
class _Catalog:
    substances: tuple[Substance, ...]
    names: NameIndex[Substance]
    by_cas: Mapping[str, Substance]
    mixtures: tuple[Mixture, ...]
    mixture_names: NameIndex[Mixture]


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def _substance_from_row(row: Mapping[str, str], gwps: Mapping[str, dict[str, float]]) -> Substance:
    annex = row.get("annex", "")
    controls: tuple[Control, ...] = ()
    values = dict(gwps.get(row["id"], {}))
    odp = 0.0
    odp_range = None
    if annex:
        controls = (
            Control(
                instrument="montreal",
                annex=annex,
                group=row["group"],
                sources=citations(row["source"]),
            ),
        )
        odp = float(row["odp"])
        low, high = _float(row["odp_min"]), _float(row["odp_max"])
        if low is not None and high is not None:
            odp_range = (low, high)
        annex_gwp = _float(row.get("gwp", ""))
        if annex_gwp is not None:
            values["protocol"] = annex_gwp
            if annex == "F":
                values["kigali"] = annex_gwp
    ordered = tuple((b, values[b]) for b in GWP_BASES if b in values)
    return Substance(
        id=row["id"],
        name=row["name"],
        chemical_name=row["chemical_name"],
        formula=row["formula"],
        cas=normalize_cas(row["cas"]) if row["cas"] else None,
        ashrae=row["ashrae"] or None,
        synonyms=split_cell(row["synonyms"]),
        controls=controls,
        odp=odp,
        odp_range=odp_range,
        isomers=int(row["isomers"]) if row.get("isomers") else None,
        gwp_values=ordered,
        sources=citations(row.get("source", "")),
        cas_sources=citations(row.get("cas_source", "")),
        unverified=frozenset(split_cell(row.get("unverified", ""))),
        note=row.get("note") or None,
    )


_SUBSTANCE_FILES = (
    "montreal/annex_a.csv",
    "montreal/annex_b.csv",
    "montreal/annex_c.csv",
    "montreal/annex_e.csv",
    "montreal/annex_f.csv",
    "substances/other.csv",
)


def _substance_names(sub: Substance) -> list[str]:
    names = [sub.id, sub.name, *sub.synonyms]
    if sub.ashrae:
        names.append(sub.ashrae)
    if sub.cas:
        names.append(sub.cas)
    if sub.formula:
        names.append(sub.formula)
    return names


def _mixture_names(mix: Mixture) -> list[str]:
    names = [*([mix.name] if mix.name else []), *mix.synonyms]
    if mix.name and mix.name.startswith("R-"):
        names.append(mix.name[2:])
    return names


def _load_catalog() -> _Catalog:
    gwps: dict[str, dict[str, float]] = {}
    for row in read_csv("gwp/ipcc.csv"):
        gwps.setdefault(row["substance"], {})[row["basis"]] = float(row["gwp100"])
    subs: list[Substance] = []
    for path in _SUBSTANCE_FILES:
        subs.extend(_substance_from_row(row, gwps) for row in read_csv(path))
    by_id = {s.id: s for s in subs}
    if len(by_id) != len(subs):
        raise MeaTradeError("duplicate substance ids in the bundled data")
    unknown_gwp = set(gwps) - set(by_id)
    if unknown_gwp:
        raise MeaTradeError(f"gwp/ipcc.csv names unknown substances: {sorted(unknown_gwp)}")
    names = NameIndex(subs, _substance_names, lambda s: s.name, "substance")
    by_cas = {s.cas: s for s in subs if s.cas}

    comps: dict[str, list[Component]] = {}
    for row in read_csv("blends/components.csv"):
        comps.setdefault(row["blend"], []).append(
            Component(substance=by_id[row["component"]], fraction=float(row["mass_pct"]) / 100.0)
        )
    mixes = tuple(
        Mixture(
            name=row["id"],
            components=tuple(comps[row["id"]]),
            kind=row["kind"] or None,
            synonyms=split_cell(row["synonyms"]),
            sources=citations(row["source"]),
            unverified=frozenset(split_cell(row["unverified"])),
            note=row["note"] or None,
        )
        for row in read_csv("blends/ashrae.csv")
    )
    return _Catalog(
        substances=tuple(subs),
        names=names,
        by_cas=MappingProxyType(by_cas),
        mixtures=mixes,
        mixture_names=NameIndex(mixes, _mixture_names, lambda m: m.name or "", "mixture"),
    )


_CATALOG: Lazy[_Catalog] = Lazy(_load_catalog)


def substance(query: str | Substance) -> Substance:
    """Return the substance named by *query*: a name, ASHRAE number, synonym, formula or CAS RN.

    Matching ignores case, spaces, hyphens and other punctuation, so ``"HCFC-22"``,
    ``"R-22"``, ``"R22"``, ``"hcfc 22"``, ``"chlorodifluoromethane"`` and ``"75-45-6"``
    all name the same substance. Where the Protocol's Annex C lists both an isomer
    group and its commercial isomer under one name (HCFC-123, HCFC-124), the name
    means the commercial isomer, as in the Ozone Secretariat's data; the group entry
    is ``"HCFC-123 (all isomers)"`` or its formula ``"C2HF3Cl2"``.

    Raises:
        UnknownSubstanceError: nothing matches (close matches are suggested).
        InvalidCASError: *query* is shaped like a CAS RN but its check digit is wrong.
        InvalidArgumentError: *query* is not a string.

    >>> substance("chlorodifluoromethane").name
    'HCFC-22'
    >>> substance("75-45-6").ashrae
    'R-22'
    >>> substance("HCFC-123").odp, substance("HCFC-123 (all isomers)").odp
    (0.02, 0.06)
    >>> substance("HFC-134")
    Substance('HFC-134')
    >>> substance("HCFC-23")
    Traceback (most recent call last):
    ...
    mea_trade.errors.UnknownSubstanceError: unknown substance 'HCFC-23'; did you mean ...
    """
    if isinstance(query, Substance):
        return query
    if not isinstance(query, str):
        raise InvalidArgumentError(
            f"expected a substance name or CAS number (str), not {type(query).__name__}: "
            f"{_shorten(query)}"
        )
    catalog = _CATALOG.get()
    hit = catalog.names.find(query)
    if hit is not None:
        return hit
    if len(query) > MAX_QUERY:
        raise UnknownSubstanceError(query)
    if looks_like_cas(query):
        hit = catalog.by_cas.get(normalize_cas(query))
        if hit is not None:
            return hit
        raise UnknownSubstanceError(query)
    if query in catalog.mixture_names:
        raise UnknownSubstanceError(query, ())
    raise UnknownSubstanceError(query, catalog.names.suggest(query))


def mixture(query: str | Mixture) -> Mixture:
    """Return the bundled blend named by *query* (ASHRAE designation or trade name).

    Matching ignores case and punctuation (``"R-410A"``, ``"r410a"``, ``"410A"``).

    Raises:
        UnknownMixtureError: no bundled blend has this name (close matches are suggested).
        InvalidArgumentError: *query* is not a string.

    >>> [(c.substance.name, c.percent) for c in mixture("r404a").components]
    [('HFC-125', 44.0), ('HFC-134a', 4.0), ('HFC-143a', 52.0)]
    >>> mixture("R-410B").name
    'R-410B'
    """
    if isinstance(query, Mixture):
        return query
    return _CATALOG.get().mixture_names.resolve(query, "a blend designation", UnknownMixtureError)


def lookup(query: str | Substance | Mixture) -> Substance | Mixture:
    """Return the substance or bundled blend named by *query*, whichever it names.

    Raises:
        UnknownSubstanceError: neither a substance nor a blend has this name (close
            matches among both are suggested).
        InvalidCASError: *query* is shaped like a CAS RN but its check digit is wrong.
        InvalidArgumentError: *query* is not a string.

    >>> lookup("R-404A").name, lookup("R-404a").is_controlled
    ('R-404A', True)
    >>> lookup("R-134a").name
    'HFC-134a'
    """
    if isinstance(query, (Substance, Mixture)):
        return query
    try:
        return substance(query)
    except UnknownSubstanceError as first:
        try:
            return mixture(query)
        except UnknownMixtureError as second:
            merged = list(dict.fromkeys([*first.suggestions, *second.suggestions]))[:4]
            raise UnknownCommodityError(query, merged) from None


def substances(
    *,
    instrument: str | None = None,
    annex: str | None = None,
    group: str | None = None,
    controlled: bool | None = None,
) -> Records[Substance]:
    """The catalog's substances, optionally filtered, as a :class:`~mea_trade._records.Records`.

    Args:
        instrument: ``"montreal"`` for substances listed in the Protocol's annexes.
        annex: ``"A"``, ``"B"``, ``"C"``, ``"E"`` or ``"F"``.
        group: a group within *annex* (``"I"``) or a full code (``"C/I"``).
        controlled: True for controlled substances only, False for the others.

    Raises:
        InvalidArgumentError: unknown instrument, annex or group.

    >>> len(list(substances(group="A/I")))
    6
    >>> [s.name for s in substances(annex="F", group="II")]
    ['HFC-23']
    """
    if instrument is not None and instrument != "montreal":
        raise InvalidArgumentError(
            f"unknown instrument {_shorten(instrument)}: substances are listed under 'montreal'"
        )
    annex, group = _parse_group(annex, group)
    return Records(_filter_substances(instrument, annex, group, controlled))


def _filter_substances(
    instrument: str | None, annex: str | None, group: str | None, controlled: bool | None
) -> Iterator[Substance]:
    for sub in _CATALOG.get().substances:
        control = sub.control
        if controlled is not None and (control is not None) != controlled:
            continue
        if (instrument or annex or group) and control is None:
            continue
        if annex is not None and control is not None and control.annex != annex:
            continue
        if group is not None and control is not None and control.group != group:
            continue
        yield sub


def mixtures(*, controlled: bool | None = None, annex_group: str | None = None) -> Records[Mixture]:
    """The bundled blends, optionally only those with a component in *annex_group*.

    >>> len([m for m in mixtures(annex_group="A/I")]) >= 5
    True
    """
    code: str | None = None
    if annex_group is not None:
        ann, grp = _parse_group(None, annex_group)
        if ann is None or grp is None:
            raise InvalidArgumentError(
                f"annex_group must name an annex and a group, such as 'C/I', not {annex_group!r}"
            )
        code = f"{ann}/{grp}"
    return Records(
        mix
        for mix in _CATALOG.get().mixtures
        if (controlled is None or mix.is_controlled == controlled)
        and (code is None or code in mix.annex_groups)
    )
