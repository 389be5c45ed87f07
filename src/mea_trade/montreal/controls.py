"""Montreal Protocol control measures: schedules, baselines, calculated levels, compliance.

The production and consumption limits of Articles 2A to 2J and of Article 5 are
bundled as dated steps (``data/montreal/control_measures.csv``), each with the
article and paragraph it rests on; the baseline formulas as data too
(``baseline_formulas.csv``); and the national baselines the Ozone Secretariat
published (``baselines.csv``), so that :func:`allowed_level` answers for a party
without a user-supplied baseline.

>>> import mea_trade as mt
>>> step = mt.montreal.control_measure("C/I", "A5", 2026)
>>> step.percent, step.provision
(32.5, 'Article 5, paragraph 8 ter (d)')
>>> lvl = mt.montreal.allowed_level("Brazil", "C/I", 2026)
>>> print(f"{lvl.quantity:.6g~}")
431.373 ODP_t

Party classes (``party_class``): ``"NA5"`` (not operating under Article 5(1)),
``"A5"`` (operating under Article 5(1)), and for the HFCs of Annex F the Kigali
groups ``"NA5G1"``, ``"NA5G2"``, ``"A5G1"`` and ``"A5G2"``. A Kigali group may be
given for any annex group (it implies A5 or NA5); ``"A5"``/``"NA5"`` alone are
not enough for Annex F, whose schedule depends on the group.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade.catalog import MONTREAL_ANNEX_GROUPS
from mea_trade.citations import Citation, citations
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidDateError,
    InvalidQuantityError,
    MeaTradeError,
    MissingDataError,
    _shorten,
)

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance

__all__ = [
    "CONTROL_GROUPS",
    "KINDS",
    "PARTY_CLASSES",
    "AllowedLevel",
    "Baseline",
    "BaselineFormula",
    "CalculatedLevel",
    "Compliance",
    "ControlStep",
    "Report",
    "ReportLine",
    "allowed_level",
    "baseline",
    "baseline_formula",
    "calculated_level",
    "compliance",
    "control_measure",
    "party_class",
    "published_baseline",
    "schedule",
]

#: The groups that carry control measures (Annex F is controlled as one group).
CONTROL_GROUPS: tuple[str, ...] = (
    *(g for g in MONTREAL_ANNEX_GROUPS if not g.startswith("F")),
    "F",
)
#: Party classes: non-Article 5, Article 5, and the four Kigali groups.
PARTY_CLASSES: tuple[str, ...] = ("NA5", "A5", "NA5G1", "NA5G2", "A5G1", "A5G2")
#: Kinds of limit: consumption, production, and the extra production allowed for the
#: basic domestic needs of Article 5 parties (``"bdn"``).
KINDS: tuple[str, ...] = ("consumption", "production", "bdn")

_ALIASES = {
    "na5": "NA5",
    "nonarticle5": "NA5",
    "non_article5": "NA5",
    "a5": "A5",
    "article5": "A5",
    "na5g1": "NA5G1",
    "na5g2": "NA5G2",
    "a5g1": "A5G1",
    "a5g2": "A5G2",
}

# The instrument whose acceptance binds a party to the control measures of a group
# (Art. 4(9): a State is a non-Party for a substance if it has not agreed to be bound
# by the control measures in effect for it). Consumption and production differ for HCFCs.
_BINDING: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        **{(g, k): "montreal" for g in ("A/I", "A/II") for k in KINDS},
        **{(g, k): "london" for g in ("B/I", "B/II", "B/III") for k in KINDS},
        ("C/I", "consumption"): "copenhagen",
        ("C/I", "production"): "beijing",
        ("C/I", "bdn"): "beijing",
        **{("C/II", k): "copenhagen" for k in KINDS},
        **{("C/III", k): "beijing" for k in KINDS},
        **{("E/I", k): "copenhagen" for k in KINDS},
        **{("F", k): "kigali" for k in KINDS},
    }
)


# --------------------------------------------------------------------------- data


def _years(cell: str) -> tuple[int, ...]:
    if not cell:
        return ()
    if "-" in cell:
        first, last = (int(x) for x in cell.split("-"))
        return tuple(range(first, last + 1))
    return (int(cell),)


@attrs.frozen(kw_only=True)
class BaselineFormula:
    """How a baseline is computed from calculated levels (Article 3).

    Attributes:
        id: ``"group:party_class:kind"`` (e.g. ``"C/I:NA5:consumption"``).
        group, party_class, kind: what the baseline is for.
        unit: ``"ODP_t"`` or ``"CO2e_t"``.
        years: the years whose calculated levels are averaged.
        plus_percent: a percentage added (of ``plus_group`` in ``plus_years``, or of
            the baselines ``plus_baseline``), or None.
        plus_group, plus_years: e.g. ``"A/I"``, ``(1989,)`` for the 2.8 % of CFCs in
            the non-Article 5 HCFC baseline.
        plus_baseline: ids of other formulas used (the HCFC share of an HFC baseline;
            the two formulas averaged by Art. 2F(2)).
        method: ``"average"`` or ``"mean_of"`` (the mean of the two ``plus_baseline``).
        per_capita_kg: Article 5(3): the lower of the average and this many
            kilograms per capita, or None.
        provision: the article and paragraph.
    """

    id: str
    group: str
    party_class: str
    kind: str
    unit: str
    years: tuple[int, ...]
    method: str
    plus_percent: Fraction | None
    plus_group: str | None
    plus_years: tuple[int, ...]
    plus_baseline: tuple[str, ...]
    per_capita_kg: Fraction | None
    provision: str
    sources: tuple[str, ...] = attrs.field(repr=False)
    verified: bool = attrs.field(repr=False)

    @property
    def citation(self) -> Citation:
        """The source with this formula's article and paragraph as its provision."""
        return attrs.evolve(citations(";".join(self.sources))[0], provision=self.provision)

    def describe(self) -> str:
        """A one-line description in words.

        >>> print(baseline_formula("C/I", "NA5").describe())
        C/I consumption in 1989 + 2.8 % of A/I consumption in 1989 (Article 2F, paragraph 1)
        """
        if self.method == "mean_of":
            a, b = (_formulas()[i] for i in self.plus_baseline)
            text = f"mean of [{a.describe_core()}] and [{b.describe_core()}]"
        else:
            text = self.describe_core()
        return f"{text} ({self.provision})"

    def describe_core(self) -> str:
        """:meth:`describe` without the provision."""
        if self.method == "mean_of":
            a, b = (_formulas()[i] for i in self.plus_baseline)
            return f"mean of [{a.describe_core()}] and [{b.describe_core()}]"
        what = "production for basic domestic needs" if self.kind == "bdn" else self.kind
        span = _span(self.years)
        text = (
            f"{self.group} {what} in {span}"
            if len(self.years) == 1
            else (f"average {self.group} {what} {span}")
        )
        if self.plus_percent is not None and self.plus_group:
            text += (
                f" + {_pct(self.plus_percent)} % of {self.plus_group} {self.kind} "
                f"in {_span(self.plus_years)}"
            )
        elif self.plus_percent is not None and self.plus_baseline:
            text += f" + {_pct(self.plus_percent)} % of the {self.plus_baseline[0]} baseline"
        if self.per_capita_kg is not None:
            text += f", or {_pct(self.per_capita_kg)} kg per capita if lower"
        return text


def _span(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _pct(value: Fraction | float) -> str:
    return f"{float(value):g}"


@attrs.frozen(kw_only=True)
class ControlStep:
    """One step of a control schedule: the maximum calculated level for a period.

    Attributes:
        group: the annex group (``"C/I"``; ``"F"`` for the HFCs).
        party_class: see :data:`PARTY_CLASSES`.
        kind: ``"consumption"``, ``"production"`` or ``"bdn"``.
        start: first day of the first control period of the step.
        end: first day after the step (the next step's start), or None.
        percent: maximum calculated level as a per cent of the baseline.
        baseline: the formula of the baseline, or None for a ban without baseline
            (HBFCs, bromochloromethane).
        averaged_over: ``(first, last)`` years if the limit applies to the average
            over that period rather than to each year (Art. 5(8 ter)(e)).
        condition: the use the allowance is restricted to, or the exempted uses.
        provision: the article and paragraph.
        verified: True if read in the Protocol text; False if from the Ozone
            Secretariat's reference data with the paragraph named but not re-read.
        note: remarks (differences from the Secretariat's data, dates).
    """

    group: str
    party_class: str
    kind: str
    start: _dt.date
    end: _dt.date | None
    percent: float
    baseline: BaselineFormula | None = attrs.field(repr=False)
    averaged_over: tuple[int, int] | None
    condition: str | None = attrs.field(repr=False)
    provision: str
    sources: tuple[str, ...] = attrs.field(repr=False)
    verified: bool = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    @property
    def share(self) -> Fraction:
        """The allowed share of the baseline as an exact fraction (``percent / 100``)."""
        return Fraction(str(self.percent)) / 100

    @property
    def citation(self) -> Citation:
        """The primary source, with this step's article and paragraph as provision.

        >>> print(control_measure("A/I", "NA5", 1994).citation.provision)
        Article 2A, paragraph 3
        """
        return attrs.evolve(self.citations[0], provision=self.provision)

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every source of the step (the Protocol text and the Secretariat's data)."""
        return citations(";".join(self.sources))

    def in_force(self, on: _dt.date) -> bool:
        """Whether the step governs the control period containing the date *on*."""
        return self.start <= on and (self.end is None or on < self.end)

    @property
    def last_year(self) -> int | None:
        """The last calendar year the step governs, or None if open-ended."""
        return None if self.end is None else (self.end - _dt.timedelta(days=1)).year


@attrs.frozen
class _Tables:
    formulas: Mapping[str, BaselineFormula]
    schedules: Mapping[tuple[str, str, str], tuple[ControlStep, ...]]
    published: Mapping[tuple[str, str, str, str, str], float]


def _fraction(cell: str) -> Fraction | None:
    return Fraction(cell) if cell else None


def _load() -> _Tables:
    formulas: dict[str, BaselineFormula] = {}
    for row in read_csv("montreal/baseline_formulas.csv"):
        formulas[row["id"]] = BaselineFormula(
            id=row["id"],
            group=row["group"],
            party_class=row["party_class"],
            kind=row["kind"],
            unit=row["unit"],
            years=_years(row["years"]),
            method=row["method"],
            plus_percent=_fraction(row["plus_percent"]),
            plus_group=row["plus_group"] or None,
            plus_years=_years(row["plus_years"]),
            plus_baseline=tuple(x for x in row["plus_baseline"].split(";") if x),
            per_capita_kg=_fraction(row["per_capita_kg"]),
            provision=row["provision"],
            sources=tuple(row["source"].split(";")),
            verified=row["verified"] == "text",
        )
    rows: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in read_csv("montreal/control_measures.csv"):
        rows.setdefault((row["group"], row["party_class"], row["kind"]), []).append(row)
    schedules: dict[tuple[str, str, str], tuple[ControlStep, ...]] = {}
    for key, series in rows.items():
        series.sort(key=lambda r: r["start"])
        steps = []
        for i, row in enumerate(series):
            end = _dt.date.fromisoformat(series[i + 1]["start"]) if i + 1 < len(series) else None
            avg = _years(row["averaged_over"])
            steps.append(
                ControlStep(
                    group=row["group"],
                    party_class=row["party_class"],
                    kind=row["kind"],
                    start=_dt.date.fromisoformat(row["start"]),
                    end=end,
                    percent=float(row["percent"]),
                    baseline=formulas[row["baseline"]] if row["baseline"] else None,
                    averaged_over=(avg[0], avg[-1]) if avg else None,
                    condition=row["condition"] or None,
                    provision=row["provision"],
                    sources=tuple(row["source"].split(";")),
                    verified=row["verified"] == "text",
                    note=row["note"] or None,
                )
            )
        schedules[key] = tuple(steps)
    published: dict[tuple[str, str, str, str, str], float] = {}
    for row in read_csv("montreal/baselines.csv"):
        pkey = (row["country"], row["group"], row["party_class"], row["kind"], row["unit"])
        published[pkey] = float(row["value"])
    return _Tables(
        formulas=MappingProxyType(formulas),
        schedules=MappingProxyType(schedules),
        published=MappingProxyType(published),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def _formulas() -> Mapping[str, BaselineFormula]:
    return _TABLES.get().formulas


# ------------------------------------------------------------------ arguments


def _group(group: object) -> str:
    if not isinstance(group, str):
        raise InvalidArgumentError(
            f"expected an annex group such as 'C/I' or 'F', not {type(group).__name__}: "
            f"{_shorten(group)}"
        )
    text = group.strip().upper().replace(" ", "")
    text = {"F/I": "F", "F/II": "F", "E": "E/I", "EI": "E/I"}.get(text, text)
    if "/" not in text and len(text) > 1 and text[0] in "ABC":
        text = f"{text[0]}/{text[1:]}"
    if text not in CONTROL_GROUPS:
        raise InvalidArgumentError(
            f"unknown annex group {_shorten(group)}; expected one of {', '.join(CONTROL_GROUPS)}"
        )
    return text


def _kind(kind: object) -> str:
    if kind not in KINDS:
        raise InvalidArgumentError(
            f"unknown kind of limit {_shorten(kind)}; expected one of {', '.join(KINDS)}"
        )
    return str(kind)


def _party_class(value: object, group: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"expected a party class such as 'A5' or 'NA5G1', not {type(value).__name__}: "
            f"{_shorten(value)}"
        )
    key = value.strip().replace(" ", "").replace("-", "_").lower()
    cls = _ALIASES.get(key)
    if cls is None:
        raise InvalidArgumentError(
            f"unknown party class {_shorten(value)}; expected one of {', '.join(PARTY_CLASSES)}"
        )
    if group == "F":
        if cls in ("A5", "NA5"):
            raise InvalidArgumentError(
                f"the Annex F (HFC) schedule depends on the Kigali group: pass "
                f"{cls}G1 or {cls}G2 instead of {value!r}"
            )
        return cls
    return "A5" if cls.startswith("A5") else "NA5"


def _year(year: object) -> _dt.date:
    """The date a year's control period is judged on: the last day of the year."""
    if isinstance(year, _dt.datetime):
        return year.date()
    if isinstance(year, _dt.date):
        return year
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidDateError(
            f"expected a year (int) or a datetime.date, not {type(year).__name__}: {_shorten(year)}"
        )
    if not 1 <= year <= 9999:
        raise InvalidDateError(f"year {year} is out of range 1-9999")
    return _dt.date(year, 12, 31)


# ------------------------------------------------------------------ schedules


def _class_arg(party_class: str | None, article5: bool | None, group: str) -> str:
    if party_class is None:
        if article5 is None:
            raise InvalidArgumentError(
                "pass party_class (one of " + ", ".join(PARTY_CLASSES) + ") or article5=True/False"
            )
        if not isinstance(article5, bool):
            raise InvalidArgumentError(f"article5 must be True or False, not {_shorten(article5)}")
        party_class = "A5" if article5 else "NA5"
    elif article5 is not None:
        cls = _party_class(party_class, "C/I")
        if (cls == "A5") != bool(article5):
            raise InvalidArgumentError(
                f"party_class {party_class!r} contradicts article5={article5!r}"
            )
    return _party_class(party_class, group)


def schedule(
    group: str,
    party_class: str | None = None,
    kind: str = "consumption",
    *,
    article5: bool | None = None,
) -> tuple[ControlStep, ...]:
    """Every step of a control schedule, in date order.

    The party class is given as *party_class* or, for Annexes A to E, as
    ``article5=True``/``False``.

    >>> [(s.start.year, s.percent) for s in schedule("F", "A5G1")]
    [(2024, 100.0), (2029, 90.0), (2035, 70.0), (2040, 50.0), (2045, 20.0)]
    >>> [s.percent for s in schedule("C/I", article5=False, kind="production")]
    [100.0, 25.0, 10.0, 0.5, 0.0]

    Raises:
        InvalidArgumentError: unknown group, party class or kind; ``"A5"``/``"NA5"``
            for Annex F; ``"bdn"`` for a class or group without such allowance is
            simply an empty schedule.
    """
    g = _group(group)
    cls = _class_arg(party_class, article5, g)
    k = _kind(kind)
    return _TABLES.get().schedules.get((g, cls, k), ())


def control_measure(
    group: str,
    party_class: str | None = None,
    year: int | _dt.date | None = None,
    kind: str = "consumption",
    *,
    article5: bool | None = None,
) -> ControlStep | None:
    """The control step that governs *year* (or the period containing a date).

    For a year, the step in force at the end of that year (a step that starts
    mid-year, such as the CFC freeze of 1 July 1989, governs the year it starts
    in). Returns None when no control measure applied yet. The party class is
    *party_class* or, for Annexes A to E, ``article5=True``/``False``.

    >>> s = control_measure("C/I", "NA5", 2024)
    >>> s.percent, s.condition
    (0.5, 'servicing of refrigeration and air-conditioning equipment existing on 1 January 2020')
    >>> control_measure(group="C/I", article5=True, year=2025, kind="consumption").percent
    32.5
    >>> control_measure("F", "A5G2", 2027) is None
    True
    """
    if year is None:
        raise InvalidArgumentError("control_measure() needs a year (int) or a date")
    on = _year(year)
    for step in schedule(group, party_class, kind, article5=article5):
        if step.in_force(on):
            return step
    return None


def party_class(party: object, year: int, group: str = "C/I") -> str:
    """The party class of *party* in *year* for a group's schedule.

    The Article 5 status (and, for Annex F, the Kigali group) comes from
    :func:`mea_trade.parties.status` under the Montreal Protocol.

    >>> party_class("India", 2025, "F"), party_class("India", 2025, "C/I")
    ('A5G2', 'A5')

    Raises:
        MissingDataError: the bundled data has no Article 5 status or Kigali group
            for the party.
    """
    from mea_trade.parties import status

    g = _group(group)
    st = status(party, "montreal", on=_year(year))  # type: ignore[arg-type]
    if g == "F":
        if st.kigali_group is None:
            raise MissingDataError(
                f"no Kigali group bundled for {st.country.name}; pass party_class explicitly"
            )
        return st.kigali_group
    if st.article5 is None:
        raise MissingDataError(
            f"no Article 5 status bundled for {st.country.name} in {_year(year).year}; "
            "pass party_class explicitly"
        )
    return "A5" if st.article5 else "NA5"


def baseline_formula(group: str, party_class: str, kind: str = "consumption") -> BaselineFormula:
    """The formula of the baseline for a group, party class and kind.

    >>> f = baseline_formula("F", "NA5G2")
    >>> print(f.describe_core())
    average F consumption 2011-2013 + 25 % of the C/I:NA5:consumption baseline
    >>> f.provision
    'Article 2J, paragraph 2'

    Raises:
        MissingDataError: the group has no baseline (HBFCs, bromochloromethane) or
            no such allowance.
    """
    g = _group(group)
    cls = _party_class(party_class, g)
    k = _kind(kind)
    found = _formulas().get(f"{g}:{cls}:{k}")
    if found is None:
        raise MissingDataError(f"no {k} baseline for {g} and party class {cls}")
    return found


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


# ------------------------------------------------------------------ allowed levels


@attrs.frozen(kw_only=True)
class AllowedLevel:
    """The maximum calculated level for a party, group, year and kind.

    Attributes:
        party: ISO alpha-2 code.
        group, year, kind, party_class: what was asked.
        bound: whether the party had accepted the instrument that brings these
            control measures (Art. 4(9)); if not, no limit binds it. None when the
            bundled data cannot say (no list, or an incomplete list without the
            party; see notes).
        step: the control step in force, or None if none applies.
        baseline: the baseline used, or None.
        value: the maximum calculated level (float, in ``unit``), or None when no
            limit applies.
        unit: ``"ODP_t"`` or ``"CO2e_t"``.
        notes: conditions and caveats in words.
    """

    party: str
    group: str
    year: int
    kind: str
    party_class: str | None
    bound: bool | None
    step: ControlStep | None = attrs.field(repr=False)
    baseline: Baseline | None = attrs.field(repr=False)
    value: float | None
    unit: str
    notes: tuple[str, ...] = attrs.field(default=(), repr=False)

    @property
    def quantity(self) -> pint.Quantity[Any] | None:
        """:attr:`value` as a pint quantity, or None."""
        if self.value is None:
            return None
        from mea_trade.units import get_registry

        return get_registry().Quantity(self.value, self.unit)


def _given_baseline(value: object, g: str, cls: str, k: str) -> Baseline:
    unit = _default_unit(g)
    if isinstance(value, Baseline):
        return value
    if isinstance(value, bool):
        raise InvalidArgumentError(f"baseline must be a number or a quantity, not {value!r}")
    if isinstance(value, (int, float, Fraction)):
        number = float(value)
    else:
        from mea_trade.units import get_registry

        ureg = get_registry()
        if not isinstance(value, ureg.Quantity):
            raise InvalidArgumentError(
                f"baseline must be a number in {unit}, a pint quantity or a Baseline, not "
                f"{type(value).__name__}"
            )
        try:
            number = float(value.to(unit).magnitude)
        except Exception as exc:  # pint.DimensionalityError
            raise InvalidQuantityError(f"baseline {value} cannot be expressed in {unit}") from exc
    if not math.isfinite(number) or number < 0:
        raise InvalidQuantityError(f"baseline must be finite and non-negative, not {value!r}")
    return Baseline(
        group=g, party_class=cls, kind=k, unit=unit, value=number, formula=None, source="given"
    )


def allowed_level(
    party: object,
    group: str,
    year: int,
    *,
    kind: str = "consumption",
    baseline: object = None,
    party_class: str | None = None,
) -> AllowedLevel:
    """The maximum calculated level a party may have in a year.

    The party's class comes from the bundled Article 5 status and Kigali group
    unless *party_class* is given; the baseline is the one the Ozone Secretariat
    published unless *baseline* is given (a number in the group's unit, a pint
    quantity or a :class:`Baseline`), which overrides it.

    >>> a = allowed_level("Japan", "C/I", 2015, kind="production")
    >>> a.party_class, a.step.percent, round(a.value, 2)
    ('NA5', 10.0, 564.54)
    >>> allowed_level("Japan", "F", 2030, baseline=1000).value
    300.0

    Raises:
        MissingDataError: no published baseline and none given, or no party class.
    """
    from mea_trade.countries import get as country
    from mea_trade.parties import is_party

    who = country(party)  # type: ignore[arg-type]
    g = _group(group)
    k = _kind(kind)
    on = _year(year)
    cls = _party_class(party_class, g) if party_class is not None else _class_of(who.alpha2, on, g)
    unit = _default_unit(g)
    treaty = _BINDING[(g, k)]
    notes: list[str] = []
    bound: bool | None
    try:
        bound = is_party(who, treaty, on=on)
    except MissingDataError:
        bound = None
        notes.append(
            f"the bundled data do not say whether {who.name} is bound by the {treaty} "
            "instrument; the limit is computed as if it were"
        )

    def result(
        step: ControlStep | None, base: Baseline | None, value: float | None
    ) -> AllowedLevel:
        return AllowedLevel(
            party=who.alpha2,
            group=g,
            year=on.year,
            kind=k,
            party_class=cls,
            bound=bound,
            step=step,
            baseline=base,
            value=value,
            unit=unit,
            notes=tuple(notes),
        )

    if bound is False:
        notes.append(
            f"{who.name} is not bound by the {treaty} instrument that brings the {g} {k} "
            f"controls on {on.isoformat()}; no limit applies (it counts as a non-Party for "
            "trade, Article 4(9))"
        )
        return result(None, None, None)
    step = control_measure(g, cls, on, k)
    if step is None:
        notes.append(f"no {k} control measure applies to {g} for {cls} parties in {on.year}")
        return result(None, None, None)
    if step.condition:
        notes.append(f"allowance restricted to: {step.condition}")
    if step.averaged_over:
        first, last = step.averaged_over
        notes.append(f"the limit applies to the average over {first}-{last}, not to each year")
    if step.baseline is None or step.percent == 0:
        return result(step, None, 0.0)
    base_formula = step.baseline
    if baseline is not None:
        base = _given_baseline(baseline, g, cls, k)
    else:
        found = published_baseline(who, g, cls, base_formula.kind)
        if found is None:
            raise MissingDataError(
                f"no published {base_formula.kind} baseline for {who.name}, {g} ({cls}); "
                "pass baseline="
            )
        base = found
        if base_formula.id != f"{g}:{cls}:{k}":
            notes.append(f"percentage of the {base_formula.id} baseline")
    value = float(step.share) * base.value
    return result(step, base, value)


def _class_of(alpha2: str, on: _dt.date, group: str) -> str:
    try:
        return party_class(alpha2, on.year, group)
    except MissingDataError:
        raise
    except MeaTradeError as exc:  # pragma: no cover - defensive
        raise MissingDataError(str(exc)) from exc


# ------------------------------------------------------------------ compliance


@attrs.frozen(kw_only=True)
class Compliance:
    """Whether a party's calculated level keeps within its allowed level.

    Attributes:
        allowed: the :class:`AllowedLevel`.
        level: the calculated level compared (after exempted uses), or None.
        margin: ``allowed - level`` (negative when exceeded), or None.
        status: ``"compliant"``, ``"non_compliant"``, ``"undetermined"`` (an
            averaged limit whose period is not complete), ``"not_bound"`` or
            ``"no_limit"``.
        reason: one sentence saying why.
    """

    allowed: AllowedLevel
    level: float | None
    margin: float | None
    status: Literal["compliant", "non_compliant", "undetermined", "not_bound", "no_limit"]
    reason: str

    @property
    def compliant(self) -> bool | None:
        """True or False when decided, None otherwise."""
        if self.status in ("compliant", "no_limit", "not_bound"):
            return True
        if self.status == "non_compliant":
            return False
        return None


_EPS = 1e-9


def compliance(
    party: object,
    group: str,
    year: int,
    reported: Report | Mapping[int, Report] | Iterable[Report],
    *,
    kind: str = "consumption",
    baseline: object = None,
    party_class: str | None = None,
) -> Compliance:
    """Check a party's reported data for a year against its allowed level.

    Amounts reported as exempted (essential, critical or laboratory uses the
    Parties authorised) are taken out of the level before the comparison. For
    the Article 5 HCFC tail 2030-2039, whose limit is an average over ten years
    (Art. 5(8 ter)(e)), the reports of the period are summed: the result is
    ``"undetermined"`` until the period is complete unless the budget is already
    exceeded.

    >>> r = Report(year=2026, lines=[{"substance": "HCFC-22", "imports": 7000}])
    >>> c = compliance("Brazil", "C/I", 2026, r)
    >>> c.status, round(c.margin, 3)
    ('compliant', 46.373)
    """
    reports = _reports(reported)
    allowed = allowed_level(
        party, group, year, kind=kind, baseline=baseline, party_class=party_class
    )
    g, k = allowed.group, allowed.kind
    if allowed.bound is False:
        return Compliance(
            allowed=allowed, level=None, margin=None, status="not_bound", reason=allowed.notes[0]
        )
    if allowed.value is None:
        return Compliance(
            allowed=allowed, level=None, margin=None, status="no_limit", reason=allowed.notes[0]
        )
    step = allowed.step
    assert step is not None
    if step.averaged_over is not None:
        first, last = step.averaged_over
        period = range(first, last + 1)
        have = [y for y in period if y in reports]
        if allowed.year not in reports:
            raise MissingDataError(f"no report for {allowed.year}")
        total = sum(
            _level(reports[y], g, allowed.unit).value(k)
            - _level(reports[y], g, allowed.unit).exempted
            for y in have
        )
        budget = allowed.value * len(period)
        margin = budget - total
        if total > budget * (1 + _EPS) + _EPS:
            return Compliance(
                allowed=allowed,
                level=total,
                margin=margin,
                status="non_compliant",
                reason=(
                    f"{g} {k} over {first}-{last} already totals {total:.6g} {allowed.unit}, "
                    f"above ten times {step.percent:g} % of the baseline ({budget:.6g}) "
                    f"({step.provision})"
                ),
            )
        if len(have) < len(period):
            return Compliance(
                allowed=allowed,
                level=total,
                margin=margin,
                status="undetermined",
                reason=(
                    f"the limit is an average over {first}-{last}; {len(have)} of "
                    f"{len(period)} years reported, {margin:.6g} {allowed.unit} of the "
                    f"period's budget left ({step.provision})"
                ),
            )
        return Compliance(
            allowed=allowed,
            level=total,
            margin=margin,
            status="compliant",
            reason=(
                f"average {g} {k} over {first}-{last} is within {step.percent:g} % of the "
                f"baseline ({step.provision})"
            ),
        )
    if allowed.year not in reports:
        raise MissingDataError(f"no report for {allowed.year}")
    lvl = _level(reports[allowed.year], g, allowed.unit)
    value = lvl.value(k) - lvl.exempted
    margin = allowed.value - value
    ok = value <= allowed.value * (1 + _EPS) + _EPS
    words = (
        f"calculated {k} of {g} in {allowed.year} is {value:.6g} {allowed.unit} "
        f"against an allowed {allowed.value:.6g} ({step.percent:g} % of the baseline, "
        f"{step.provision})"
    )
    return Compliance(
        allowed=allowed,
        level=value,
        margin=margin,
        status="compliant" if ok else "non_compliant",
        reason=words,
    )
