"""Notes for HS-code commodities that other conventions may concern.

Until those conventions have rule modules of their own, a shipment declared by
HS code gets a note for each flag of :func:`mea_trade.hs.flags` outside the
Montreal Protocol (whose module handles its own flags).

>>> import mea_trade as mt
>>> s = mt.Shipment("2805.40", exporter="ES", importer="IN", date="2024-01-10")
>>> [n.code for n in evaluate(s)]
['minamata.hs_line']
"""

from __future__ import annotations

from collections.abc import Iterator

from mea_trade.assessment import Finding, Note, Shipment

__all__ = ["NAME", "evaluate"]

NAME = "hs_flags"


def evaluate(shipment: Shipment) -> Iterator[Finding]:
    """A note per non-Montreal flag of the shipment's HS code (none for named goods)."""
    from mea_trade.hs import HSCode, flags

    code = shipment.commodity
    if not isinstance(code, HSCode):
        return
    for flag in flags(code, code.edition):
        if flag.instrument == "montreal":
            continue
        yield Note(
            code=f"{flag.instrument}.hs_line",
            text=(
                f"HS {code} {flag.reason}. The rules of this convention are not assessed "
                "by this release: check the goods against its lists."
            ),
            instrument=flag.instrument,
            citation=flag.sources[0] if flag.sources else None,
        )
