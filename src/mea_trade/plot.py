"""Charts of control schedules and allowed levels, for notebooks (optional extra ``plot``).

Needs matplotlib (``pip install "mea-trade[plot]"``); importing this module does
not import it, calling a function does.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from mea_trade.plot import plot_schedule
>>> ax = plot_schedule("C/I", "A5")
>>> ax.get_ylabel()
'maximum calculated level (% of baseline)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mea_trade.errors import InvalidArgumentError, MeaTradeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mea_trade.montreal import Report

__all__ = ["plot_allowed_levels", "plot_schedule"]


class MissingExtraError(MeaTradeError, ImportError):
    """An optional dependency (an extra) is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError('plotting needs matplotlib: pip install "mea-trade[plot]"') from exc
    return plt


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, new = plt.subplots(figsize=(7, 3.5))
    return new  # type: ignore[no-any-return]


def plot_schedule(
    group: str,
    party_class: str,
    kind: str = "consumption",
    *,
    first: int | None = None,
    last: int = 2050,
    ax: Axes | None = None,
) -> Axes:
    """Draw a control schedule as a step chart (per cent of baseline by year).

    Averaged steps (the Article 5 HCFC tail) are hatched and labelled.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_schedule("F", "NA5G1")
    >>> ax.get_title()
    'F consumption, NA5G1 parties'
    """
    from mea_trade.montreal import schedule

    steps = schedule(group, party_class, kind)
    if not steps:
        raise InvalidArgumentError(f"no {kind} schedule for {group} and {party_class}")
    start = first if first is not None else steps[0].start.year - 2
    if start > last:
        raise InvalidArgumentError(f"first ({start}) must not be after last ({last})")
    years = list(range(start, last + 1))
    values: list[float] = []
    for year in years:
        found = [
            s
            for s in steps
            if s.start.year <= year and (s.last_year is None or year <= s.last_year)
        ]
        values.append(found[-1].percent if found else float("nan"))
    axes = _axes(ax)
    axes.step(years, values, where="post", color="tab:blue", linewidth=2)
    for step in steps:
        if step.averaged_over:
            a, b = step.averaged_over
            axes.axvspan(a, b + 1, ymax=0.15, hatch="//", alpha=0.2, color="tab:orange")
            axes.annotate(
                f"average {step.percent:g} % over {a}-{b}",
                xy=(a, step.percent),
                xytext=(a, 40),
                fontsize=8,
            )
    axes.set_ylim(0, 105)
    axes.set_xlim(start, last)
    axes.set_xlabel("year")
    axes.set_ylabel("maximum calculated level (% of baseline)")
    label = steps[0].party_class
    axes.set_title(f"{steps[0].group} {kind}, {label} parties")
    axes.grid(alpha=0.3)
    return axes


def plot_allowed_levels(
    party: object,
    group: str,
    years: Iterable[int],
    *,
    kind: str = "consumption",
    reported: Mapping[int, Report] | None = None,
    baseline: object = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a party's allowed level by year, with its reported calculated levels.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_allowed_levels("Brazil", "C/I", range(2010, 2041))
    >>> ax.get_ylabel()
    'ODP_t'
    """
    from mea_trade.montreal import allowed_level, calculated_level

    span = list(years)
    if not span:
        raise InvalidArgumentError("years is empty")
    levels = [allowed_level(party, group, y, kind=kind, baseline=baseline) for y in span]
    values = [lvl.value if lvl.value is not None else float("nan") for lvl in levels]
    axes = _axes(ax)
    axes.step(span, values, where="post", color="tab:blue", linewidth=2, label="allowed")
    if reported:
        xs = sorted(y for y in reported if span[0] <= y <= span[-1])
        ys = [calculated_level(reported[y], levels[0].group).value(kind) for y in xs]
        axes.bar(xs, ys, color="tab:gray", alpha=0.6, label="calculated level", align="edge")
    axes.set_xlabel("year")
    axes.set_ylabel(levels[0].unit)
    axes.set_title(f"{levels[0].party}: {levels[0].group} {kind}")
    axes.legend()
    axes.grid(alpha=0.3)
    return axes
