"""Deprecated alias of :mod:`mea_trade.hs_flags` (kept for one release)."""

from __future__ import annotations

import importlib
import sys
import warnings

warnings.warn(
    "mea_trade.rules.hs_flags moved to mea_trade.hs_flags; "
    "the old path will be removed in the next release",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = importlib.import_module("mea_trade.hs_flags")
