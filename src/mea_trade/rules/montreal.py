"""Deprecated alias of :mod:`mea_trade.montreal.rules` (kept for one release)."""

from __future__ import annotations

import importlib
import sys
import warnings

warnings.warn(
    "mea_trade.rules.montreal moved to mea_trade.montreal.rules; "
    "the old path will be removed in the next release",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = importlib.import_module("mea_trade.montreal.rules")
