"""Helpers for users' own test suites.

This package imports without Hypothesis; only :mod:`mea_trade.testing.strategies`
needs it (install the ``test`` extra). Hypothesis finds
:func:`_hypothesis_setup_hook` through the package's ``hypothesis`` entry point and
calls it when it is imported, so that ``st.from_type`` knows the public record types.
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []

#: Public record types (module, class) -> the strategy of :mod:`mea_trade.testing.strategies`.
_TYPE_STRATEGIES: tuple[tuple[str, str, str], ...] = (
    ("mea_trade.catalog", "Substance", "substances"),
    ("mea_trade.catalog", "Mixture", "_any_mixtures"),
    ("mea_trade.countries", "Country", "countries"),
    ("mea_trade.instruments", "Instrument", "instruments"),
    ("mea_trade.hs", "HSCode", "hs_codes"),
    ("mea_trade.chemicals", "Chemical", "chemicals"),
    ("mea_trade.records", "Shipment", "shipments"),
    ("mea_trade.assessment", "Assessment", "_assessments"),
    ("mea_trade.montreal.levels", "ReportLine", "report_lines"),
    ("mea_trade.montreal.levels", "Report", "reports"),
)


def _hypothesis_setup_hook() -> None:
    """Register the strategies of the public record types (``hypothesis`` entry point).

    Cheap: it imports the record classes (no data is read) and registers functions
    that import :mod:`mea_trade.testing.strategies` only when a type is first resolved.
    """
    import importlib

    from hypothesis import strategies as st

    def resolver(name: str) -> Any:
        def resolve(_kind: type) -> Any:
            from mea_trade.testing import strategies

            return getattr(strategies, name)()

        return resolve

    for module, cls, name in _TYPE_STRATEGIES:
        kind = getattr(importlib.import_module(module), cls)
        st.register_type_strategy(kind, resolver(name))
