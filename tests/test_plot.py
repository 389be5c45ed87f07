"""Charts (issue #17): nothing cut off by a plain savefig, readable titles and units, averages."""

from __future__ import annotations

import io
import math
from typing import Any

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from mea_trade.plot import group_label, plot_allowed_levels, plot_schedule  # noqa: E402


def _inside(ax: Any) -> None:
    """Every title, label and shown tick label lies inside the saved figure."""
    fig = ax.figure
    fig.savefig(io.BytesIO(), format="png")  # a plain savefig, no bbox_inches
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    low, high = ax.get_xlim()
    bottom, top = ax.get_ylim()
    texts = [
        ax.title,
        ax.xaxis.label,
        ax.yaxis.label,
        *(t for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high),
        *(t for t in ax.get_yticklabels() if bottom <= t.get_position()[1] <= top),
    ]
    for text in texts:
        if not text.get_text():
            continue
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, text.get_text()
        assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, text.get_text()


def test_allowed_levels_title_units_and_averages() -> None:
    ax: Any = plot_allowed_levels("BR", "C/I", range(2010, 2041))
    assert ax.get_ylabel() == "ODP tonnes"
    title = ax.get_title()
    assert title.startswith("Brazil: allowed consumption")
    assert "Hydrochlorofluorocarbons" in title
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["allowed (yearly)", "allowed on average over 2030-2039"]
    # the yearly line has no value in the averaged years: the average is drawn apart
    xs, ys = ax.lines[0].get_data()
    yearly = dict(zip(xs, ys, strict=True))
    assert all(math.isnan(yearly[y]) for y in range(2030, 2040))
    assert not math.isnan(yearly[2029])
    _inside(ax)


def test_schedule_title_and_average() -> None:
    ax: Any = plot_schedule("C/I", "A5")
    assert ax.get_title() == (
        "Annex C Group I: Hydrochlorofluorocarbons (HCFCs)\nconsumption, Article 5 parties"
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["yearly limit", "limit on the 2030-2039 average (2.5 %)"]
    _inside(ax)


def test_hfc_schedule_and_co2e_units() -> None:
    ax = plot_schedule("F", "A5G1")
    assert "Article 5 parties, group 1" in ax.get_title()
    _inside(ax)
    assert group_label("F/II") == "Annex F Group II: HFC-23"
