"""Helpers for users' own test suites.

This package imports without Hypothesis; only :mod:`mea_trade.testing.strategies`
needs it (install the ``test`` extra).
"""

from __future__ import annotations

__all__: list[str] = []
