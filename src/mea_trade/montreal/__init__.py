"""The Montreal Protocol and its amendments: control measures, levels, quotas and trade rules.

One room of the library: everything particular to the Montreal Protocol lives
here, over the shared foundation (substances, parties, HS codes, units).

* :mod:`~mea_trade.montreal.controls`: annex groups, party classes and the dated
  control schedules of Articles 2A to 2J and 5;
* :mod:`~mea_trade.montreal.levels`: Article 7 reports and calculated levels (Article 3);
* :mod:`~mea_trade.montreal.baselines`: baselines computed or as published;
* :mod:`~mea_trade.montreal.compliance`: allowed levels and compliance;
* :mod:`~mea_trade.montreal.quota`: national quota ledgers;
* :mod:`~mea_trade.montreal.listings`: the annex entries of a commodity
  (the provider of :func:`mea_trade.listings`);
* :mod:`~mea_trade.montreal.rules`: the Article 4 and 4B trade rules (the rule
  module of :func:`mea_trade.assess`).

>>> import mea_trade as mt
>>> step = mt.montreal.control_measure("C/I", "A5", 2026)
>>> step.percent, step.provision
(32.5, 'Article 5, paragraph 8 ter (d)')
>>> lvl = mt.montreal.allowed_level("Brazil", "C/I", 2026)
>>> print(f"{lvl.quantity:.6g~}")
431.373 ODP_t
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mea_trade.montreal.baselines import Baseline, baseline, published_baseline
from mea_trade.montreal.compliance import AllowedLevel, Compliance, allowed_level, compliance
from mea_trade.montreal.controls import (
    CONTROL_GROUPS,
    KINDS,
    PARTY_CLASSES,
    BaselineFormula,
    ControlStep,
    baseline_formula,
    control_measure,
    party_class,
    schedule,
)
from mea_trade.montreal.levels import CalculatedLevel, Report, ReportLine, calculated_level

if TYPE_CHECKING:
    from mea_trade.montreal import listings as listings
    from mea_trade.montreal import quota as quota
    from mea_trade.montreal import rules as rules

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

_SUBMODULES = frozenset({"listings", "quota", "rules"})


def __getattr__(name: str) -> Any:
    """Import the submodules that the package does not load up front on first use."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
