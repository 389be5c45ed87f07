"""Notes for HS-code commodities that other conventions may concern.

Until a convention has a treaty room with rule module of its own (see
:mod:`mea_trade.registry`), a shipment declared by HS code gets a note for each
flag of :func:`mea_trade.hs.flags` under that convention; a room handles the
flags of its own instruments.

>>> import mea_trade as mt
>>> s = mt.Shipment("0106.20", exporter="ES", importer="IN", date="2024-01-10")
>>> [n.code for n in evaluate(s)]
['cites.hs_line']
"""

from __future__ import annotations

from collections.abc import Iterator

from mea_trade.records import Finding, Note, Shipment

__all__ = ["NAME", "evaluate"]

NAME = "hs_flags"


def evaluate(shipment: Shipment) -> Iterator[Finding]:
    """A note per flag of the shipment's HS code that no room handles (none for named goods)."""
    from mea_trade.hs import HSCode, flags
    from mea_trade.registry import covered_instruments

    code = shipment.commodity
    if not isinstance(code, HSCode):
        return
    covered = covered_instruments()
    for flag in flags(code, code.edition):
        if flag.instrument in covered:
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
