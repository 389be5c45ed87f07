"""Typed errors raised by mea_trade.

Every error derives from :class:`MeaTradeError`, and also from the built-in
exception a Python user would expect (``LookupError`` for unknown names,
``ValueError`` for malformed values, ``TypeError`` for values of the wrong
kind), so both ``except MeaTradeError`` and ``except LookupError`` work.
Messages name the bad value and say what was expected.

>>> import mea_trade as mt
>>> try:
...     mt.substance("HCFC-2222")
... except LookupError as exc:
...     print(type(exc).__name__)
UnknownSubstanceError
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

__all__ = [
    "AmbiguousNameError",
    "InvalidArgumentError",
    "InvalidCASError",
    "InvalidCompositionError",
    "InvalidDataError",
    "InvalidDateError",
    "InvalidHSCodeError",
    "InvalidQuantityError",
    "InvalidWasteCodeError",
    "MeaTradeError",
    "MissingDataError",
    "OutOfRangeError",
    "QuotaExceededError",
    "UnknownBasisError",
    "UnknownChemicalError",
    "UnknownCommodityError",
    "UnknownCountryError",
    "UnknownInstrumentError",
    "UnknownMixtureError",
    "UnknownNameError",
    "UnknownOrganismError",
    "UnknownSubstanceError",
    "UnknownTaxonError",
]


def _shorten(value: object, limit: int = 80) -> str:
    """Return ``repr(value)`` cut to *limit* characters, for messages about huge input."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 5] + "...'" if text[0] in "'\"" else text[: limit - 3] + "..."
    return text


class MeaTradeError(Exception):
    """Base class of every error raised by mea_trade."""


class UnknownNameError(MeaTradeError, LookupError):
    """Base of the errors for a name, code or id that the bundled data does not know.

    Attributes:
        query: the value that was looked up.
        suggestions: close matches among the known names, best first.
    """

    kind = "name"
    expected = "a known name"

    def __init__(self, query: object, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        msg = f"unknown {self.kind} {_shorten(query)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            msg += f"; expected {self.expected}"
        super().__init__(msg)

    def __reduce__(self) -> tuple[type[UnknownNameError], tuple[object, tuple[str, ...]]]:
        return (type(self), (self.query, self.suggestions))


class UnknownSubstanceError(UnknownNameError):
    """No bundled substance matches the given name, CAS number or synonym."""

    kind = "substance"
    expected = "a substance name, ASHRAE number, synonym or CAS number"


class UnknownMixtureError(UnknownSubstanceError):
    """No bundled blend matches the given designation or trade name."""

    kind = "mixture"
    expected = "an ASHRAE blend designation such as 'R-410A' or a trade name"


class UnknownCommodityError(UnknownSubstanceError):
    """Neither a substance nor a bundled blend has the given name (:func:`mea_trade.lookup`)."""

    kind = "substance or blend"


class UnknownChemicalError(UnknownSubstanceError):
    """No bundled chemical, listed family or product type has the given name or CAS number."""

    kind = "chemical or product"
    expected = "a chemical name, ISO common name, synonym, CAS number or product name"


class UnknownCountryError(UnknownNameError):
    """No bundled country matches the given ISO code or name."""

    kind = "country"
    expected = "an ISO 3166-1 code (alpha-2, alpha-3 or numeric) or a country name"


class UnknownInstrumentError(UnknownNameError):
    """No bundled instrument (convention, protocol, amendment) has the given id or name."""

    kind = "instrument"
    expected = "an instrument id such as 'montreal', 'kigali' or 'basel'"


class UnknownOrganismError(UnknownNameError):
    """No bundled organism (crop) has the given common or scientific name."""

    kind = "organism"
    expected = "a crop name such as 'maize' or a scientific name such as 'Zea mays'"


class InvalidWasteCodeError(MeaTradeError, ValueError):
    """A waste code, Annex IV operation code or Annex III hazard code is malformed or unknown."""


class InvalidHSCodeError(MeaTradeError, ValueError):
    """A string that should be an HS code is malformed or not a subheading of the edition."""


class InvalidCASError(MeaTradeError, ValueError):
    """A string that should be a CAS Registry Number is malformed or fails its check digit."""


class InvalidCompositionError(MeaTradeError, ValueError):
    """A mixture's mass fractions are negative, not finite, repeated, or do not sum to 100 %."""


class InvalidQuantityError(MeaTradeError, ValueError):
    """A quantity is not a finite, non-negative mass (a bare number, NaN, negative, wrong unit)."""


class UnknownBasisError(MeaTradeError, ValueError):
    """An ODP or GWP basis name that the library does not know."""


class MissingDataError(MeaTradeError, LookupError):
    """The bundled data has no value of the requested kind for this item (e.g. no AR4 GWP).

    Attributes:
        reach: for a party status asked past an incomplete party list, the last date the
            data answers for (the list's completeness date, or a known non-party's
            confirmation, whichever is later); None otherwise.
    """

    def __init__(self, *args: object, reach: _dt.date | None = None) -> None:
        super().__init__(*args)
        self.reach = reach


class InvalidArgumentError(MeaTradeError, TypeError):
    """An argument of the wrong type (e.g. a number where a substance name was expected)."""


class InvalidDataError(MeaTradeError, ValueError):
    """A user-supplied table (import responses, a register of exemptions) has a bad row.

    The message names the table, the row number and the column.
    """


class InvalidDateError(MeaTradeError, TypeError):
    """A value that should be a :class:`datetime.date` is not one."""


class QuotaExceededError(MeaTradeError, ValueError):
    """A shipment applied to a quota ledger would use more than the holder has left.

    Attributes:
        holder: the allocation (importer or producer) the shipment was applied to.
        shipment: a description of the shipment (its reference, item and mass).
        requested: the amount the shipment counts for, in the quota's unit.
        remaining: what the holder had left before the shipment.
        shortfall: ``requested - remaining``.
    """

    def __init__(
        self, holder: str, shipment: str, requested: object, remaining: object, shortfall: object
    ) -> None:
        self.holder = holder
        self.shipment = shipment
        self.requested = requested
        self.remaining = remaining
        self.shortfall = shortfall
        super().__init__(
            f"quota exceeded for allocation {holder!r}: shipment {shipment} counts for "
            f"{requested}, but only {remaining} is left (short by {shortfall})"
        )

    def __reduce__(self) -> tuple[type[QuotaExceededError], tuple[object, ...]]:
        return (
            type(self),
            (self.holder, self.shipment, self.requested, self.remaining, self.shortfall),
        )


class UnknownTaxonError(UnknownNameError):
    """No taxon of the CITES checklist has the given scientific name, synonym or common name."""

    kind = "taxon"
    expected = "a scientific name, synonym or common name of a taxon in the CITES checklist"


class AmbiguousNameError(MeaTradeError, LookupError):
    """A name that belongs to several records (a common name shared by two species).

    Attributes:
        query: the name that was looked up.
        candidates: the records' names, for the caller to choose from.
    """

    def __init__(self, query: object, candidates: Sequence[str], kind: str = "name") -> None:
        self.query = query
        self.candidates = tuple(candidates)
        self.kind = kind
        shown = ", ".join(repr(c) for c in self.candidates[:12])
        more = f" and {len(self.candidates) - 12} more" if len(self.candidates) > 12 else ""
        super().__init__(
            f"ambiguous {kind} {_shorten(query)}: it names {len(self.candidates)} taxa "
            f"({shown}{more}); pass a scientific name"
        )

    def __reduce__(self) -> tuple[type[AmbiguousNameError], tuple[object, tuple[str, ...], str]]:
        return (type(self), (self.query, self.candidates, self.kind))


class OutOfRangeError(MeaTradeError, ValueError):
    """A date or year outside what the bundled data covers."""
