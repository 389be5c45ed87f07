"""Notes for HS-code commodities that other conventions may concern.

Until a convention has a treaty room with rule module of its own (see
:mod:`mea_trade.registry`), a shipment declared by HS code gets a note for each
flag of :func:`mea_trade.hs.flags` under that convention; a room handles the
flags of its own instruments. Every convention whose instruments have HS flags
now has a room, so these notes come from the rooms (``cites.hs_line``,
``minamata.hs_line``, ...), and this module adds only the ``hs.edition`` note:

>>> import mea_trade as mt
>>> s = mt.Shipment("0106.20", exporter="ES", importer="IN", date="2024-01-10")
>>> [n.code for n in evaluate(s)], [n.code for n in mt.assess(s).notes]
([], ['cites.hs_line'])
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator

from mea_trade._rules import hs_line_note
from mea_trade.citations import Citation, citations
from mea_trade.hs import HSCode
from mea_trade.records import Finding, Note, Shipment

__all__ = ["NAME", "boundaries", "evaluate"]

NAME = "hs_flags"


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the notes for *shipment* stay the same.

    ``()`` for a commodity that is not an HS code (no notes); for a code, the dates the
    editions entered into force (the notes depend on the code and on the edition in
    force). See :func:`mea_trade.montreal.rules.boundaries`.
    """
    from mea_trade.hs import edition_starts

    if not isinstance(shipment.commodity, HSCode):
        return ()
    return (edition_starts(),)


def _first_edition() -> _dt.date:
    from mea_trade.hs import edition_starts

    return edition_starts()[0]


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """A note per flag of the shipment's HS code that no room handles (none for named goods).

    A code read in an HS edition other than the one in force on the shipment's date
    (see :func:`mea_trade.hs.parse_on`) gets an ``hs.edition`` note saying which edition
    was read:

    >>> import mea_trade as mt
    >>> s = mt.Shipment("3824.78.0020", exporter="US", importer="MX", date="2023-06-01")
    >>> [n.code for n in evaluate(s)]
    ['hs.edition']
    """
    code = shipment.commodity
    if not isinstance(code, HSCode):
        return ()  # named goods: no note
    return tuple(_code_notes(code, shipment.date))


def _code_notes(code: HSCode, on: _dt.date) -> Iterator[Finding]:
    """The notes of :func:`evaluate` for a shipment of *code* on *on*."""
    from mea_trade.hs import edition_in_force, flags
    from mea_trade.registry import covered_instruments

    in_force = edition_in_force(on)
    if code.edition != in_force:
        read = code.edition.replace("HS", "HS ")
        yield Note(
            code="hs.edition",
            text=(
                f"HS {code} was read in {read}: "
                + (
                    f"{code.subheading[:4]}.{code.subheading[4:]} is not a subheading of "
                    f"{in_force.replace('HS', 'HS ')}, the edition in force on the "
                    "shipment's date (a national tariff may still apply the older edition; "
                    "check the declaration)."
                    if in_force
                    else f"no bundled edition was in force on the shipment's date (before "
                    f"{_first_edition().isoformat()}) and {read} is the earliest bundled; "
                    "check the code against the edition the declaration used."
                )
            ),
            citation=_editions_citation(),
        )
    covered = covered_instruments()
    for flag in flags(code, code.edition):
        if flag.instrument in covered:
            continue
        yield hs_line_note(
            flag,
            f"HS {code} {flag.reason}. The rules of this convention are not assessed "
            "by this release: check the goods against its lists.",
        )


@functools.lru_cache(maxsize=1)
def _editions_citation() -> Citation:
    return citations("wco-hs-editions")[0]
