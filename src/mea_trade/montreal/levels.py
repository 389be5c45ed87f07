"""Montreal Protocol calculated levels (Article 3) from a party's Article 7 data.

>>> from mea_trade.montreal import Report, calculated_level
>>> r = Report(year=2021, lines=[{"substance": "HCFC-22", "imports": 100}])
>>> round(calculated_level(r, "C/I").consumption, 4)
5.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

import attrs

from mea_trade.errors import (
    InvalidArgumentError,
    InvalidQuantityError,
    _shorten,
)
from mea_trade.montreal.controls import CONTROL_GROUPS, _group, _year

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance

__all__ = [
    "CalculatedLevel",
    "Report",
    "ReportLine",
    "calculated_level",
]

# ------------------------------------------------------------------ reports

_FIELDS = (
    "production",
    "production_feedstock",
    "production_qps",
    "imports",
    "imports_feedstock",
    "imports_qps",
    "exports",
    "exports_to_non_parties",
    "destroyed",
    "exempted",
)


def _tonnes(value: object) -> float:
    """A reported amount: a pint mass, or a real number read as metric tonnes."""
    if isinstance(value, bool):
        raise InvalidQuantityError(f"expected an amount in metric tonnes, not {value!r}")
    if isinstance(value, (int, float, Fraction)):
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise InvalidQuantityError(
                f"expected a finite, non-negative amount in metric tonnes, not {value!r}"
            )
        return number
    from mea_trade.units import mass_in_tonnes

    return mass_in_tonnes(value)


def _substance(item: object) -> Substance:
    from mea_trade.catalog import Substance, substance

    if isinstance(item, Substance):
        return item
    if not isinstance(item, str):
        raise InvalidArgumentError(
            f"expected a substance or its name, not {type(item).__name__}: {_shorten(item)}"
        )
    return substance(item)


@attrs.frozen(kw_only=True)
class ReportLine:
    """One substance's annual data, as a party reports it under Article 7.

    Amounts are metric tonnes (numbers) or pint masses, and must be finite and
    non-negative. ``production_feedstock``/``imports_feedstock`` are the parts
    entirely used as feedstock, ``production_qps``/``imports_qps`` the methyl
    bromide used for quarantine and pre-shipment, ``destroyed`` the amount
    destroyed by approved technologies, and ``exempted`` the amount produced or
    imported for uses the Parties exempted (essential, critical, laboratory).

    >>> line = ReportLine(substance="HCFC-22", imports=100, exports=10)
    >>> line.imports
    100.0
    """

    substance: Substance = attrs.field(converter=_substance)
    production: float = attrs.field(default=0.0, converter=_tonnes)
    production_feedstock: float = attrs.field(default=0.0, converter=_tonnes)
    production_qps: float = attrs.field(default=0.0, converter=_tonnes)
    imports: float = attrs.field(default=0.0, converter=_tonnes)
    imports_feedstock: float = attrs.field(default=0.0, converter=_tonnes)
    imports_qps: float = attrs.field(default=0.0, converter=_tonnes)
    exports: float = attrs.field(default=0.0, converter=_tonnes)
    exports_to_non_parties: float = attrs.field(default=0.0, converter=_tonnes)
    destroyed: float = attrs.field(default=0.0, converter=_tonnes)
    exempted: float = attrs.field(default=0.0, converter=_tonnes)

    def __attrs_post_init__(self) -> None:
        sub = self.substance
        if sub.annex_group is None:
            raise InvalidArgumentError(
                f"{sub.name} is not a controlled substance of the Montreal Protocol"
            )
        if (self.production_qps or self.imports_qps) and sub.annex_group != "E/I":
            raise InvalidArgumentError(
                f"quarantine and pre-shipment amounts apply to methyl bromide only, "
                f"not to {sub.name}"
            )
        if self.production_feedstock + self.production_qps > self.production * (1 + 1e-12):
            raise InvalidArgumentError(
                f"{sub.name}: feedstock and QPS parts of production exceed production"
            )
        if self.imports_feedstock + self.imports_qps > self.imports * (1 + 1e-12):
            raise InvalidArgumentError(
                f"{sub.name}: feedstock and QPS parts of imports exceed imports"
            )

    @classmethod
    def of_mixture(cls, mixture: str | Mixture, **amounts: Any) -> tuple[ReportLine, ...]:
        """Split amounts of a mixture into lines for its controlled components.

        Article 7 data are reported by substance; a blend's amounts count through
        the mass fraction of each controlled component.

        >>> [(l.substance.name, l.imports) for l in ReportLine.of_mixture("R-502", imports=10)]
        [('CFC-115', 5.12), ('HCFC-22', 4.88)]
        """
        from mea_trade.catalog import mixture as find_mixture

        mix = find_mixture(mixture)
        values = {k: _tonnes(v) for k, v in amounts.items()}
        unknown = set(values) - set(_FIELDS)
        if unknown:
            raise InvalidArgumentError(
                f"unknown report field(s) {sorted(unknown)}; expected {', '.join(_FIELDS)}"
            )
        return tuple(
            cls(
                substance=c.substance,
                **{k: v * c.fraction for k, v in values.items()},
            )
            for c in mix.controlled_components
        )


def _line(value: object) -> ReportLine:
    if isinstance(value, ReportLine):
        return value
    if isinstance(value, Mapping):
        data = dict(value)
        try:
            item = data.pop("substance")
        except KeyError:
            raise InvalidArgumentError("a report line needs a 'substance'") from None
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise InvalidArgumentError(
                f"unknown report field(s) {sorted(unknown)}; expected {', '.join(_FIELDS)}"
            )
        return ReportLine(substance=item, **data)
    raise InvalidArgumentError(
        f"expected a ReportLine or a mapping, not {type(value).__name__}: {_shorten(value)}"
    )


def _lines(value: Iterable[object]) -> tuple[ReportLine, ...]:
    if isinstance(value, (str, bytes, Mapping)):
        raise InvalidArgumentError("expected an iterable of report lines")
    return tuple(_line(v) for v in value)


@attrs.frozen(kw_only=True)
class Report:
    """A party's Article 7 data for one year: one :class:`ReportLine` per substance.

    Lines may be given as :class:`ReportLine` objects or as mappings with a
    ``"substance"`` key and amount fields.

    >>> r = Report(year=2021, lines=[{"substance": "HCFC-22", "imports": 100}])
    >>> len(r.lines)
    1
    """

    year: int = attrs.field()
    lines: tuple[ReportLine, ...] = attrs.field(converter=_lines)
    party: str | None = None

    @year.validator
    def _check_year(self, attribute: object, value: object) -> None:
        _year(value)


@attrs.frozen(kw_only=True)
class CalculatedLevel:
    """Calculated levels of one group for one year (Article 3), in ``unit``.

    Attributes:
        group, year, unit: what was calculated (``"ODP_t"`` or ``"CO2e_t"``).
        production: production less feedstock, QPS and destruction (Art. 1(5)).
        imports: imports less feedstock and QPS imports.
        exports: exports to Parties (and, before 1993, to non-Parties).
        consumption: production + imports - exports (Art. 3(c)).
        exempted: amounts for exempted uses, recorded (not subtracted).
    """

    group: str
    year: int
    unit: str
    production: float
    imports: float
    exports: float
    exempted: float

    @property
    def consumption(self) -> float:
        """Production plus imports minus exports (Article 3(c))."""
        return self.production + self.imports - self.exports

    def value(self, kind: str) -> float:
        """The level of a kind (``"consumption"`` or ``"production"``)."""
        if kind == "consumption":
            return self.consumption
        if kind == "production":
            return self.production
        raise InvalidArgumentError(
            f"calculated levels exist for consumption and production, not {kind!r}"
        )

    def quantity(self, kind: str = "consumption") -> pint.Quantity[Any]:
        """The level of a kind as a pint quantity in ``unit``."""
        from mea_trade.units import get_registry

        return get_registry().Quantity(self.value(kind), self.unit)


def _weight(sub: Substance, unit: str) -> float:
    if unit == "ODP_t":
        return sub.odp
    return sub.gwp("protocol")


def _default_unit(group: str) -> str:
    return "CO2e_t" if group == "F" else "ODP_t"


def _level(report: Report, group: str, unit: str) -> CalculatedLevel:
    prod = imp = exp = exempt = 0.0
    subtract_non_parties = report.year < 1993
    for line in report.lines:
        g = line.substance.annex_group
        if g is None or (g if not g.startswith("F") else "F") != group:
            continue
        w = _weight(line.substance, unit)
        prod += w * (
            line.production - line.production_feedstock - line.production_qps - line.destroyed
        )
        imp += w * (line.imports - line.imports_feedstock - line.imports_qps)
        exp += w * (line.exports + (line.exports_to_non_parties if subtract_non_parties else 0.0))
        exempt += w * line.exempted
    return CalculatedLevel(
        group=group,
        year=report.year,
        unit=unit,
        production=prod,
        imports=imp,
        exports=exp,
        exempted=exempt,
    )


@overload
def calculated_level(report: Report, group: str, *, unit: str | None = None) -> CalculatedLevel: ...
@overload
def calculated_level(
    report: Report, group: None = None, *, unit: str | None = None
) -> Mapping[str, CalculatedLevel]: ...
def calculated_level(
    report: Report, group: str | None = None, *, unit: str | None = None
) -> CalculatedLevel | Mapping[str, CalculatedLevel]:
    """Calculated levels of production, imports, exports and consumption (Article 3).

    Each substance's amount is weighted by its ODP (``ODP_t``, the default for
    Annexes A to E) or by its GWP (``CO2e_t``, the default for Annex F; for
    Annex A Group I and Annex C Group I the GWPs printed in those annexes, as
    Art. 3(2) as amended at Kigali uses them for HFC baselines). Production is
    net of destruction and feedstock (Art. 1(5)) and, for methyl bromide, of
    quarantine and pre-shipment uses (Art. 2H(6), 5(8 ter)(g)(iv)); imports for
    feedstock and QPS are left out likewise. From 1993, exports to non-Parties
    are not subtracted (Art. 3(c)). With no *group*, returns every group that
    the report touches.

    >>> r = Report(year=2021, lines=[
    ...     {"substance": "HCFC-22", "production": 100, "exports": 40},
    ...     {"substance": "HCFC-141b", "imports": 10},
    ... ])
    >>> lvl = calculated_level(r, "C/I")
    >>> round(lvl.production, 4), round(lvl.consumption, 4)
    (5.5, 4.4)
    >>> round(calculated_level(r, "C/I", unit="CO2e_t").consumption)
    115850
    """
    if not isinstance(report, Report):
        raise InvalidArgumentError(
            f"expected a Report, not {type(report).__name__}: {_shorten(report)}"
        )
    if unit is not None and unit not in ("ODP_t", "CO2e_t"):
        raise InvalidArgumentError(f"unit must be 'ODP_t' or 'CO2e_t', not {unit!r}")
    if group is not None:
        g = _group(group)
        return _level(report, g, unit or _default_unit(g))
    seen: list[str] = []
    for line in report.lines:
        code = line.substance.annex_group or ""
        code = "F" if code.startswith("F") else code
        if code not in seen:
            seen.append(code)
    ordered = [g for g in CONTROL_GROUPS if g in seen]
    return MappingProxyType({g: _level(report, g, unit or _default_unit(g)) for g in ordered})
