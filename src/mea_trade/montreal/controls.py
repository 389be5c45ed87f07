"""Montreal Protocol control measures: annex groups, party classes and dated schedules.

The production and consumption limits of Articles 2A to 2J and of Article 5 are
bundled as dated steps (``data/montreal/control_measures.csv``), each with the
article and paragraph it rests on, and the baseline formulas of Article 3 as
data too (``baseline_formulas.csv``).

>>> from mea_trade.montreal import control_measure
>>> step = control_measure("C/I", "A5", 2026)
>>> step.percent, step.provision
(32.5, 'Article 5, paragraph 8 ter (d)')

Party classes (``party_class``): ``"NA5"`` (not operating under Article 5(1)),
``"A5"`` (operating under Article 5(1)), and for the HFCs of Annex F the Kigali
groups ``"NA5G1"``, ``"NA5G2"``, ``"A5G1"`` and ``"A5G2"``. A Kigali group may be
given for any annex group (it implies A5 or NA5); ``"A5"``/``"NA5"`` alone are
not enough for Annex F, whose schedule depends on the group.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade._dates import step_table
from mea_trade.catalog import MONTREAL_ANNEX_GROUPS
from mea_trade.citations import Citation, citations
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidDateError,
    MissingDataError,
    _shorten,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "CONTROL_GROUPS",
    "KINDS",
    "PARTY_CLASSES",
    "BaselineFormula",
    "ControlStep",
    "baseline_formula",
    "control_measure",
    "party_class",
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
        return _step_citation(self.sources, self.provision)

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


@functools.lru_cache(maxsize=1024)
def _step_citation(sources: tuple[str, ...], provision: str) -> Citation:
    """A step's primary source with its provision (citations are immutable: shared)."""
    return attrs.evolve(citations(";".join(sources))[0], provision=provision)


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
    return _in_force(schedule(group, party_class, kind, article5=article5), _year(year))


def _in_force(steps: tuple[ControlStep, ...], on: _dt.date) -> ControlStep | None:
    """The step of *steps* in force on *on*, if any."""
    for step in steps:
        if step.in_force(on):
            return step
    return None


@functools.lru_cache(maxsize=256)
def _consumption_steps(
    group: str, article5: bool
) -> tuple[tuple[_dt.date, ...], tuple[ControlStep | None, ...]]:
    """The step in force as a :func:`~mea_trade._dates.step_table`.

    :meth:`ControlStep.in_force` changes only at a step's start or end.
    """
    steps = schedule(group, "A5" if article5 else "NA5", "consumption")
    days = [d for step in steps for d in (step.start, step.end) if d is not None]
    return step_table(days, lambda day: _in_force(steps, day))


def _consumption_step(group: str, article5: bool, on: _dt.date) -> ControlStep | None:
    """``control_measure(group, "A5" or "NA5", on)`` for a valid group and a date, cached."""
    days, steps = _consumption_steps(group, article5)
    return steps[bisect.bisect_right(days, on)]


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
