"""Charts of control schedules and allowed levels, for notebooks (optional extra ``plot``).

Needs matplotlib (``pip install "mea-trade[plot]"``); importing this module does
not import it, calling a function does.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from mea_trade.plot import plot_schedule
>>> ax = plot_schedule("C/I", "A5")
>>> ax.get_ylabel()
'maximum calculated level (% of baseline)'

Figures the functions create use matplotlib's constrained layout, so that a plain
``fig.savefig(...)`` keeps every label on the page; titles name the annex group
and the party in words, and units read as words ("ODP tonnes").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mea_trade.errors import InvalidArgumentError, MeaTradeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mea_trade.montreal import Report

__all__ = ["UNIT_LABELS", "group_label", "plot_allowed_levels", "plot_schedule"]


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
    _, new = plt.subplots(figsize=(7, 3.5), layout="constrained")
    return new  # type: ignore[no-any-return]


#: Units as words, for axis labels.
UNIT_LABELS = {"ODP_t": "ODP tonnes", "CO2e_t": "CO2-equivalent tonnes", "t": "tonnes"}
_CLASS_LABELS = {
    "A5": "Article 5 parties",
    "NA5": "non-Article 5 parties",
    "A5G1": "Article 5 parties, group 1",
    "A5G2": "Article 5 parties, group 2",
    "NA5G1": "non-Article 5 parties, group 1",
    "NA5G2": "non-Article 5 parties, group 2",
}


def group_label(group: str) -> str:
    """An annex group in words: ``"Annex C Group I: Hydrochlorofluorocarbons (HCFCs)"``.

    >>> group_label("C/I")
    'Annex C Group I: Hydrochlorofluorocarbons (HCFCs)'
    >>> group_label("F")
    'Annex F: Hydrofluorocarbons (HFCs)'
    """
    from mea_trade._data import read_csv

    rows = {row["group"]: row for row in read_csv("montreal/annex_groups.csv")}
    if group in rows:
        row = rows[group]
        return f"Annex {row['annex']} {row['group_label']}: {row['title']}"
    if len(group) == 1:
        return f"Annex {group}: Hydrofluorocarbons (HFCs)" if group == "F" else f"Annex {group}"
    return group


def _unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


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

    A limit on an average over several years (the Article 5 HCFC tail) is drawn as
    a dashed line over its span and labelled as an average.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_schedule("F", "NA5G1")
    >>> print(ax.get_title())
    Annex F: Hydrofluorocarbons (HFCs)
    consumption, non-Article 5 parties, group 1
    """
    from mea_trade.montreal import schedule

    steps = schedule(group, party_class, kind)
    if not steps:
        raise InvalidArgumentError(f"no {kind} schedule for {group} and {party_class}")
    start = first if first is not None else steps[0].start.year - 2
    if start > last:
        raise InvalidArgumentError(f"first ({start}) must not be after last ({last})")
    years = list(range(start, last + 1))
    yearly: list[float] = []
    for year in years:
        found = [
            s
            for s in steps
            if s.start.year <= year and (s.last_year is None or year <= s.last_year)
        ]
        step = found[-1] if found else None
        yearly.append(step.percent if step is not None and not step.averaged_over else float("nan"))
    axes = _axes(ax)
    # one more point so that the last year is drawn as a segment too
    axes.step(
        [*years, last + 1],
        [*yearly, yearly[-1]],
        where="post",
        color="tab:blue",
        linewidth=2,
        label="yearly limit",
    )
    for step in steps:
        if step.averaged_over:
            a, b = step.averaged_over
            axes.hlines(
                step.percent,
                max(a, start),
                min(b + 1, last + 1),
                colors="tab:orange",
                linestyles="--",
                linewidth=2,
                label=f"limit on the {a}-{b} average ({step.percent:g} %)",
            )
    axes.set_ylim(0, 105)
    axes.set_xlim(start, last + 1)
    if any(step.averaged_over for step in steps):
        axes.legend(fontsize=8)
    axes.set_xlabel("year")
    axes.set_ylabel("maximum calculated level (% of baseline)")
    label = _CLASS_LABELS.get(steps[0].party_class, f"{steps[0].party_class} parties")
    what = "production for basic domestic needs" if kind == "bdn" else kind
    axes.set_title(f"{group_label(steps[0].group)}\n{what}, {label}", fontsize=10)
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

    A limit on an average over several years (the Article 5 HCFC tail, 2.5 % of
    the baseline averaged over 2030-2039) is drawn as a dashed line over its span
    and labelled as an average, not as a yearly cap.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_allowed_levels("Brazil", "C/I", range(2010, 2041))
    >>> ax.get_ylabel()
    'ODP tonnes'
    >>> print(ax.get_title())
    Brazil: allowed consumption
    Annex C Group I: Hydrochlorofluorocarbons (HCFCs)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['allowed (yearly)', 'allowed on average over 2030-2039']
    """
    from mea_trade.countries import get as country
    from mea_trade.montreal import allowed_level, calculated_level

    span = list(years)
    if not span:
        raise InvalidArgumentError("years is empty")
    levels = [allowed_level(party, group, y, kind=kind, baseline=baseline) for y in span]
    yearly: list[float] = []
    averaged: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for year, level in zip(span, levels, strict=True):
        value = level.value if level.value is not None else float("nan")
        over = level.step.averaged_over if level.step is not None else None
        if over:
            averaged.setdefault((over[0], over[1]), []).append((year, value))
            yearly.append(float("nan"))
        else:
            yearly.append(value)
    axes = _axes(ax)
    # one more point so that the last year is drawn as a segment too
    axes.step(
        [*span, span[-1] + 1],
        [*yearly, yearly[-1]],
        where="post",
        color="tab:blue",
        linewidth=2,
        label="allowed (yearly)",
    )
    for (first, last), points in averaged.items():
        value = points[0][1]
        axes.hlines(
            value,
            max(first, span[0]),
            min(last + 1, span[-1] + 1),
            colors="tab:orange",
            linestyles="--",
            linewidth=2,
            label=f"allowed on average over {first}-{last}",
        )
    if reported:
        xs = sorted(y for y in reported if span[0] <= y <= span[-1])
        ys = [calculated_level(reported[y], levels[0].group).value(kind) for y in xs]
        axes.bar(xs, ys, color="tab:gray", alpha=0.6, label="calculated level", align="edge")
    axes.set_xlabel("year")
    axes.set_ylabel(_unit_label(levels[0].unit))
    name = country(levels[0].party).name
    what = "production for basic domestic needs" if kind == "bdn" else kind
    axes.set_title(f"{name}: allowed {what}\n{group_label(levels[0].group)}", fontsize=10)
    axes.legend()
    axes.grid(alpha=0.3)
    return axes
