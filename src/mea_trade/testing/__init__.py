"""Helpers for users' own test suites.

This package imports without Hypothesis; only :mod:`mea_trade.testing.strategies`
needs it (install the ``test`` extra). Hypothesis finds
:func:`_hypothesis_setup_hook` through the package's ``hypothesis`` entry point and
calls it when it is imported, so that ``st.from_type`` knows the public record types.
"""

from __future__ import annotations

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    """Register the strategies of the public record types (``hypothesis`` entry point)."""
    from mea_trade.testing.strategies import register_type_strategies

    register_type_strategies()
