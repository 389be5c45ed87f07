"""Montreal Protocol allowed levels and compliance: a control step applied to a baseline.

>>> import mea_trade as mt
>>> lvl = mt.montreal.allowed_level("Brazil", "C/I", 2026)
>>> print(f"{lvl.quantity:.6g~}")
431.373 ODP_t
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from mea_trade.errors import (
    InvalidArgumentError,
    InvalidQuantityError,
    MeaTradeError,
    MissingDataError,
)
from mea_trade.montreal.baselines import Baseline, _reports, published_baseline
from mea_trade.montreal.controls import (
    _BINDING,
    ControlStep,
    _group,
    _kind,
    _party_class,
    _year,
    control_measure,
    party_class,
)
from mea_trade.montreal.levels import (
    Report,
    _default_unit,
    _level,
)

if TYPE_CHECKING:
    import pint


__all__ = [
    "AllowedLevel",
    "Compliance",
    "allowed_level",
    "compliance",
]

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
