"""Montreal Protocol baselines: computed from reported data by Article 3, or as published.

The national baselines the Ozone Secretariat published are bundled
(``data/montreal/baselines.csv``), so that :func:`published_baseline` (and
:func:`mea_trade.montreal.allowed_level`) answer for a party without a
user-supplied baseline.

>>> from mea_trade.montreal import published_baseline
>>> published_baseline("Brazil", "C/I", "A5").value
1327.3
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from mea_trade.errors import (
    InvalidArgumentError,
    MissingDataError,
    _shorten,
)
from mea_trade.montreal.controls import (
    _TABLES,
    BaselineFormula,
    _formulas,
    _group,
    _kind,
    _party_class,
    _pct,
    baseline_formula,
)
from mea_trade.montreal.levels import Report, _default_unit, _level

if TYPE_CHECKING:
    import pint


__all__ = [
    "Baseline",
    "baseline",
    "published_baseline",
]

# ------------------------------------------------------------------ baselines


@attrs.frozen(kw_only=True)
class Baseline:
    """A baseline computed from reported data, or published by the Secretariat.

    Attributes:
        group, party_class, kind, unit: what it is the baseline of.
        value: the baseline in ``unit`` (a float).
        formula: the formula used (None for a user-supplied number).
        source: ``"computed"``, ``"published"`` (the Ozone Secretariat's figure)
            or ``"given"``.
        capped: True if Article 5(3)'s per-capita level was lower and used.
        note: remarks (e.g. that the per-capita cap could not be applied).
    """

    group: str
    party_class: str
    kind: str
    unit: str
    value: float
    formula: BaselineFormula | None = attrs.field(repr=False)
    source: str
    capped: bool = False
    note: str | None = attrs.field(default=None, repr=False)

    @property
    def quantity(self) -> pint.Quantity[Any]:
        """The baseline as a pint quantity."""
        from mea_trade.units import get_registry

        return get_registry().Quantity(self.value, self.unit)


def _reports(reported: object) -> Mapping[int, Report]:
    if isinstance(reported, Report):
        return {reported.year: reported}
    if isinstance(reported, Mapping):
        out: dict[int, Report] = {}
        for year, rep in reported.items():
            if not isinstance(rep, Report):
                raise InvalidArgumentError(
                    f"expected Report values, not {type(rep).__name__} for {year!r}"
                )
            if rep.year != year:
                raise InvalidArgumentError(f"report for {rep.year} filed under year {year!r}")
            out[rep.year] = rep
        return out
    if isinstance(reported, Iterable) and not isinstance(reported, (str, bytes)):
        out = {}
        for rep in reported:
            if not isinstance(rep, Report):
                raise InvalidArgumentError(
                    f"expected Report objects, not {type(rep).__name__}: {_shorten(rep)}"
                )
            if rep.year in out:
                raise InvalidArgumentError(f"two reports for {rep.year}")
            out[rep.year] = rep
        return out
    raise InvalidArgumentError(
        f"expected a Report, a mapping year -> Report or an iterable of Reports, not "
        f"{type(reported).__name__}"
    )


def _evaluate(formula: BaselineFormula, reports: Mapping[int, Report], unit: str) -> float:
    if formula.kind == "bdn":
        raise MissingDataError(
            f"the {formula.id} baseline is the average production for basic domestic needs, "
            "which Article 7 data report separately; use published_baseline() or pass it"
        )
    if formula.method == "mean_of":
        a, b = (_formulas()[i] for i in formula.plus_baseline)
        return (_evaluate(a, reports, unit) + _evaluate(b, reports, unit)) / 2
    missing = [y for y in formula.years + formula.plus_years if y not in reports]
    if missing:
        raise MissingDataError(
            f"the {formula.id} baseline needs reported data for "
            f"{', '.join(str(y) for y in sorted(set(missing)))}"
        )
    value = sum(_level(reports[y], formula.group, unit).value(formula.kind) for y in formula.years)
    value /= len(formula.years)
    if formula.plus_percent is not None:
        share = float(formula.plus_percent) / 100
        if formula.plus_group:
            extra = sum(
                _level(reports[y], formula.plus_group, unit).value(formula.kind)
                for y in formula.plus_years
            ) / len(formula.plus_years)
            value += share * extra
        elif formula.plus_baseline:
            value += share * _evaluate(_formulas()[formula.plus_baseline[0]], reports, unit)
    return value


def baseline(
    group: str,
    party_class: str,
    reported: Report | Mapping[int, Report] | Iterable[Report],
    *,
    kind: str = "consumption",
    population: float | None = None,
) -> Baseline:
    """Compute a baseline from reported data by the Protocol's formula.

    *reported* holds a :class:`Report` per year (a mapping year -> Report or an
    iterable of Reports). *population* (number of inhabitants) lets Article 5(3)
    cap an Article 5 party's Annex A or B baseline at 0.3 or 0.2 kg per capita;
    without it the average is used and the result says so in its note.

    >>> reports = [Report(year=y, lines=[{"substance": "HCFC-22", "imports": t}])
    ...            for y, t in ((2009, 100), (2010, 120))]
    >>> b = baseline("C/I", "A5", reports)
    >>> round(b.value, 4), b.source
    (6.05, 'computed')

    Raises:
        MissingDataError: a year the formula needs is not in *reported*.
    """
    formula = baseline_formula(group, party_class, kind)
    reports = _reports(reported)
    value = _evaluate(formula, reports, formula.unit)
    capped = False
    note = None
    if formula.per_capita_kg is not None:
        if population is None:
            note = (
                f"Article 5(3) allows {_pct(formula.per_capita_kg)} kg per capita if lower; "
                "no population given, so the cap was not applied"
            )
        else:
            if (
                isinstance(population, bool)
                or not isinstance(population, (int, float))
                or not (math.isfinite(population) and population > 0)
            ):
                raise InvalidArgumentError(
                    f"population must be a positive number, not {_shorten(population)}"
                )
            # kg per capita of ODP-weighted consumption, in ODP tonnes
            cap = float(formula.per_capita_kg) * population / 1000
            if cap < value:
                value, capped = cap, True
    return Baseline(
        group=formula.group,
        party_class=formula.party_class,
        kind=formula.kind,
        unit=formula.unit,
        value=value,
        formula=formula,
        source="computed",
        capped=capped,
        note=note,
    )


def published_baseline(
    party: object, group: str, party_class: str, kind: str = "consumption"
) -> Baseline | None:
    """The baseline the Ozone Secretariat published for a party, or None.

    From the Secretariat's reference data (snapshot December 2019): production,
    consumption and basic-domestic-needs baselines in ODP tonnes, and the HFC
    baselines (CO2-equivalent tonnes) of the non-Article 5 parties that had
    them then.

    >>> b = published_baseline("Brazil", "C/I", "A5")
    >>> b.value, b.unit, b.source
    (1327.3, 'ODP_t', 'published')
    """
    from mea_trade.countries import get as country

    who = country(party)  # type: ignore[arg-type]
    g = _group(group)
    cls = _party_class(party_class, g)
    k = _kind(kind)
    base_cls = "A5" if cls.startswith("A5") else "NA5"
    unit = _default_unit(g)
    value = _TABLES.get().published.get((who.alpha2, g, base_cls, k, unit))
    if value is None:
        return None
    formula = _formulas().get(f"{g}:{cls}:{k}")
    return Baseline(
        group=g,
        party_class=cls,
        kind=k,
        unit=unit,
        value=value,
        formula=formula,
        source="published",
        note="Ozone Secretariat reference data (ORS), snapshot December 2019",
    )
