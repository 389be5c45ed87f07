"""Rule modules for :func:`mea_trade.assess`, one per instrument family.

Each module provides ``NAME`` and ``evaluate(shipment) -> Iterable[Finding]``.
"""
