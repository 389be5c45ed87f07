"""The records every treaty room reads and produces: shipments, findings and listings.

A rule module (one per treaty room) reads a :class:`Shipment` and returns
findings: a :class:`Requirement` (a licence, permit, consent or notification,
and which side must hold it), a :class:`Prohibition`, or a :class:`Note`. A
listings provider returns :class:`Listing` records. These types live in the
foundation so that a treaty room never imports the layer above it
(:mod:`mea_trade.assessment`, which runs the rule modules, or
:mod:`mea_trade.listings`, which asks every provider).

>>> s = Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-05-01")
>>> s.commodity.name, s.exporter.alpha2, s.date.isoformat()
('HCFC-22', 'CN', '2024-05-01')
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import attrs

from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.countries import get as _country
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidDateError,
    MeaTradeError,
    _shorten,
)

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance
    from mea_trade.hs import HSCode

__all__ = [
    "END_USES",
    "STATES",
    "Finding",
    "Listing",
    "ListingQuery",
    "Note",
    "Prohibition",
    "Requirement",
    "RuleModule",
    "Shipment",
    "read_composition",
]

T = TypeVar("T")

#: Physical state of the goods (Art. 4B covers all four).
STATES: tuple[str, ...] = ("new", "used", "recycled", "reclaimed")
#: Declared end uses that change how the goods count or which rules apply.
END_USES: tuple[str, ...] = (
    "feedstock",
    "destruction",
    "quarantine_pre_shipment",
    "essential_use",
    "critical_use",
    "laboratory_use",
    "process_agent",
    "servicing",
)
#: An HS code as files write it: a subheading, then national digits in up to three groups
#: (``"2903.71"``, ``"290371"``, ``"3827.61.0010"``, ``"2903.71.10.00.00"``, as HSCode prints).
_HS_LIKE = re.compile(r"^\s*\d{4}(?:[.\s]?\d{2})(?:[.\s]?\d{1,6}){0,3}\s*$")


def _commodity(value: object) -> Substance | Mixture | HSCode:
    if isinstance(value, str):
        if len(value) <= 200:
            return _commodity_text(value)
        return _read_commodity(value)
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.hs import HSCode

    if isinstance(value, (Substance, Mixture, HSCode)):
        return value
    raise InvalidArgumentError(
        "expected a substance, mixture, name, CAS number or HS code as commodity, not "
        f"{type(value).__name__}: {_shorten(value)}"
    )


class _Failures:
    """The errors of texts that could not be read, by text (a bounded table).

    A file that repeats an unreadable text does not pay for the close-match
    suggestions again: each repeat raises a fresh copy of the first error.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._errors: dict[str, MeaTradeError] = {}

    def read(self, text: str, reader: Callable[[str], T]) -> T:
        known = self._errors.get(text)
        if known is not None:
            raise copy.copy(known)
        try:
            return reader(text)
        except MeaTradeError as exc:
            if len(self._errors) >= self._size:
                self._errors.clear()
            self._errors[text] = exc
            raise


_COMMODITY_FAILURES = _Failures()
_COUNTRY_FAILURES = _Failures()


@functools.lru_cache(maxsize=4096)
def _commodity_text(value: str) -> Substance | Mixture | HSCode:
    """Cached reading of the commodity texts a file repeats (errors are kept apart)."""
    return _COMMODITY_FAILURES.read(value, _read_commodity)


_PART = re.compile(
    r"\s*(?P<name>[^%]+?)(?:\s*[:=]\s*|\s+)(?P<pct>\d+(?:[.,]\d+)?)\s*%\s*(?:[,;/+]\s*|$)"
)


def _read_commodity(value: str) -> Substance | Mixture | HSCode:
    from mea_trade.catalog import lookup
    from mea_trade.hs import HSCode

    if "%" in value:
        return read_composition(value)
    if _HS_LIKE.match(value) and not re.match(r"^\s*\d{2,7}-\d{2}-\d\s*$", value):
        return HSCode.parse(value)
    return lookup(value)


def read_composition(text: str) -> Mixture:
    """Read an unnamed mixture declared by its composition in mass per cent.

    Components are a name (anything :func:`mea_trade.substance` reads), a space or
    a colon, and a percentage with a point or a comma, separated by commas,
    semicolons, slashes or plus signs; the percentages must sum to 100 (within
    0.01 percentage points). This is also how an unnamed
    :class:`~mea_trade.catalog.Mixture` prints.

    Raises:
        InvalidCompositionError: text that is not such a list, or percentages that do
            not sum to 100.
        UnknownSubstanceError: a component name is unknown.

    >>> m = read_composition("HFC-32 50%, HFC-125 50%")
    >>> m.gwp(), str(m)
    (2087.5, 'HFC-32 50% / HFC-125 50%')
    >>> read_composition(str(m)) == m
    True
    """
    from mea_trade.catalog import Mixture
    from mea_trade.errors import InvalidCompositionError

    parts: dict[str, float] = {}
    position = 0
    stripped = text.strip()
    while position < len(stripped):
        match = _PART.match(stripped, position)
        if match is None or match.end() == position:
            raise InvalidCompositionError(
                f"cannot read the composition {_shorten(text)} after {position} characters: "
                "expected components such as 'HFC-32 50%, HFC-125 50%'"
            )
        name = match["name"].strip()
        if name in parts:
            raise InvalidCompositionError(f"{name!r} is listed twice in {_shorten(text)}")
        parts[name] = float(match["pct"].replace(",", "."))
        position = match.end()
    if not parts:
        raise InvalidCompositionError(f"no components in {_shorten(text)}")
    mixture = Mixture.from_mass_fractions(parts)
    total = sum(parts.values())
    if abs(total - 100.0) > 0.01:
        raise InvalidCompositionError(
            f"the percentages of {_shorten(text)} sum to {total:g}; expected 100"
        )
    return mixture


def _party(value: object) -> Country:
    if isinstance(value, Country):
        return value
    if isinstance(value, str) and len(value) <= 200:
        return _COUNTRY_FAILURES.read(value, _country)
    return _country(value)  # type: ignore[arg-type]


def _date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidDateError(
        f"expected a datetime.date or an ISO date 'YYYY-MM-DD', not {_shorten(value)}"
    )


def _quantity(value: object) -> pint.Quantity[Any] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from mea_trade.units import mass

    return mass(value)  # text read by units.parse_mass; another registry's quantity converted


def _transit(value: object) -> tuple[Country, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, Country)):
        value = (value,)
    if not isinstance(value, Iterable):
        raise InvalidArgumentError(f"transit must be countries, not {_shorten(value)}")
    return tuple(_party(v) for v in value)


def _choice(value: object, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key in allowed:
            return key
    raise InvalidArgumentError(
        f"unknown {what} {_shorten(value)}; expected one of {', '.join(allowed)}"
    )


def _state(value: object) -> str | None:
    return _choice(value, STATES, "state")


def _end_use(value: object) -> str | None:
    return _choice(value, END_USES, "end use")


@attrs.frozen(repr=False)
class Shipment:
    """One declaration line: what moves, from where to where, when, and how much.

    Args:
        commodity: a :class:`~mea_trade.catalog.Substance`, a
            :class:`~mea_trade.catalog.Mixture`, a name, ASHRAE number or CAS number
            (looked up with :func:`mea_trade.lookup`), a composition in mass per cent
            (``"HFC-32 50%, HFC-125 50%"``, read by :func:`read_composition`), or an
            HS code (``"2903.71"``, a national code, or an :class:`~mea_trade.hs.HSCode`).
        exporter, importer: countries (ISO codes or names).
        date: date of the movement (a :class:`datetime.date` or ISO string).
        quantity: the mass, optional: a pint quantity (of any registry: it is
            converted to the library's) or a text such as ``"500 kg"`` or ``"1,5 t"``
            (read by :func:`mea_trade.units.parse_mass`).
        state: ``"new"``, ``"used"``, ``"recycled"`` or ``"reclaimed"``, optional.
        end_use: one of :data:`END_USES`, optional.
        transit: countries crossed on the way, optional.
        reference: the declaration's own identifier, kept in the results.

    >>> s = Shipment("R-404A", exporter="DE", importer="Turkey", date="2025-03-01")
    >>> s.commodity.name, s.importer.alpha2
    ('R-404A', 'TR')

    The repr is short and is itself a call that rebuilds the shipment:

    >>> Shipment("HFC-32 50%, HFC-125 50%", exporter="CN", importer="Allemagne",
    ...          date="2024-05-01", quantity="1,5 t")  # doctest: +NORMALIZE_WHITESPACE
    Shipment('HFC-32 50% / HFC-125 50%', exporter='CN', importer='DE',
             date='2024-05-01', quantity='1.5 t')
    """

    commodity: Substance | Mixture | HSCode = attrs.field(converter=_commodity)
    exporter: Country = attrs.field(converter=_party, kw_only=True)
    importer: Country = attrs.field(converter=_party, kw_only=True)
    date: _dt.date = attrs.field(converter=_date, kw_only=True)
    quantity: pint.Quantity[Any] | None = attrs.field(
        default=None, converter=_quantity, kw_only=True, eq=False
    )
    state: str | None = attrs.field(default=None, converter=_state, kw_only=True)
    end_use: str | None = attrs.field(default=None, converter=_end_use, kw_only=True)
    transit: tuple[Country, ...] = attrs.field(default=(), converter=_transit, kw_only=True)
    reference: str | None = attrs.field(default=None, kw_only=True)

    @property
    def commodity_name(self) -> str:
        """The commodity as text (name, composition, or HS code)."""
        return str(self.commodity)

    def to_row(self) -> dict[str, str]:
        """The shipment as a declaration line: the texts a file carries for it.

        :func:`mea_trade.screen` reads the row back to the same shipment.

        Keys are those of :data:`mea_trade.screening.COLUMNS`; empty fields are
        empty strings; the quantity is written by :func:`mea_trade.units.mass_text`
        and the transit countries are separated by ``;``.

        >>> Shipment("R-404A", exporter="DE", importer="TR", date="2025-03-01",
        ...          quantity="1,5 t").to_row()["quantity"]
        '1.5 t'
        """
        from mea_trade.units import mass_text

        return {
            "reference": self.reference or "",
            "commodity": self.commodity_name,
            "exporter": self.exporter.alpha2,
            "importer": self.importer.alpha2,
            "date": self.date.isoformat(),
            "quantity": "" if self.quantity is None else mass_text(self.quantity),
            "state": self.state or "",
            "end_use": self.end_use or "",
            "transit": ";".join(c.alpha2 for c in self.transit),
        }

    def __repr__(self) -> str:
        parts = [
            repr(self.commodity_name),
            f"exporter={self.exporter.alpha2!r}",
            f"importer={self.importer.alpha2!r}",
            f"date={self.date.isoformat()!r}",
        ]
        if self.quantity is not None:
            parts.append(f"quantity={_quantity_text(self.quantity)!r}")
        for name in ("state", "end_use", "reference"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        if self.transit:
            parts.append(f"transit={tuple(c.alpha2 for c in self.transit)!r}")
        return f"Shipment({', '.join(parts)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))


def _quantity_text(quantity: Any) -> str:
    try:
        return f"{quantity:~}"
    except (TypeError, ValueError):  # pragma: no cover - pint formatting of odd magnitudes
        return str(quantity)


@attrs.frozen(kw_only=True)
class Requirement:
    """A document a side must hold: a licence, permit, consent or notification.

    Attributes:
        code: stable identifier (``"montreal.export_licence"``).
        document: what is needed, in words (``"export licence"``).
        side: ``"export"``, ``"import"`` or ``"transit"``.
        party: ISO code of the country whose authority issues or requires it.
        instrument: id of the instrument.
        citation: the provision it rests on.
        reason: one line.
        unverified: True when the rule or a date it depends on is not verified.
    """

    code: str
    document: str
    side: Literal["export", "import", "transit"]
    party: str
    instrument: str
    citation: Citation = attrs.field(eq=False, repr=False)
    reason: str = attrs.field(eq=False)
    unverified: bool = attrs.field(default=False, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Prohibition:
    """A ban that applies to the shipment.

    Attributes:
        code: stable identifier (``"montreal.import_ban_non_party"``).
        side: ``"export"`` or ``"import"``: which Party must ban it.
        party: ISO code of that Party.
        instrument: id of the instrument.
        since: the date the ban applies from.
        citation: the provision.
        reason: one line.
        unverified: True when the rule or its date is not verified.
    """

    code: str
    side: Literal["export", "import", "transit"]
    party: str
    instrument: str
    since: _dt.date
    citation: Citation = attrs.field(eq=False, repr=False)
    reason: str = attrs.field(eq=False)
    unverified: bool = attrs.field(default=False, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Note:
    """Context for the officer: facts the answer depends on, caveats, coming changes."""

    code: str
    text: str
    instrument: str | None = None
    citation: Citation | None = attrs.field(default=None, eq=False, repr=False)


Finding = Requirement | Prohibition | Note


class RuleModule(Protocol):
    """What a rule module provides."""

    NAME: str

    def evaluate(self, shipment: Shipment) -> Iterable[Finding]:  # pragma: no cover
        """Return the findings for a shipment."""
        ...


@attrs.frozen(kw_only=True)
class Listing:
    """What one instrument says about a commodity: where it is listed, since when, and why.

    Attributes:
        instrument: id of the instrument whose list it is (``"montreal"``,
            ``"kigali"``, ``"stockholm"``, ...).
        list: the annex, appendix or schedule (``"Annex C"``).
        entry: the group or entry within it (``"Group I"``, ``"HCFC-22"``).
        subject: what was matched (the substance or entry name, or the HS code).
        effective: the date the listing took effect (None where the bundled
            data does not say).
        detail: exemptions, annotation or other qualification, in words.
        match: how the query reached the listing: ``"name"``, ``"cas"``,
            ``"component"`` (a component of a mixture), ``"family"`` (a member of
            a listed family), or ``"hs_code"`` (a screening flag of an HS code,
            not a legal listing).
        citation: the provision it rests on.
        unverified: True when the listing or its date is not verified.
        as_of: the date the bundled list is complete to: a later change to the
            list is not known to the library.
    """

    instrument: str
    list: str
    entry: str
    subject: str
    effective: _dt.date | None = None
    detail: str | None = None
    match: str = "name"
    citation: Citation | None = attrs.field(default=None, eq=False, repr=False)
    unverified: bool = attrs.field(default=False, repr=False)
    as_of: _dt.date | None = attrs.field(default=None, eq=False, repr=False)

    def describe(self) -> str:
        """One line in words.

        >>> from mea_trade.listings import listings
        >>> print(listings("HCFC-22")[0].describe())
        HCFC-22: Montreal Protocol Annex C, Group I, since 1994-06-14 (...)
        """
        from mea_trade.instruments import get

        name = get(self.instrument).short_name
        since = f", since {self.effective.isoformat()}" if self.effective else ""
        detail = f" ({self.detail})" if self.detail else ""
        flag = " [unverified]" if self.unverified else ""
        return f"{self.subject}: {name} {self.list}, {self.entry}{since}{detail}{flag}"


@attrs.frozen(kw_only=True)
class ListingQuery:
    """A commodity as every listings provider receives it: the text, and what it resolved to.

    Attributes:
        text: the query as text (a name, CAS number, ASHRAE number or HS code).
        commodity: the substance, mixture or HS code the foundation resolved it
            to, or None (a provider may still know the text: a taxon, a waste code,
            a chemical of another convention).
        match: ``"name"``, ``"cas"`` or ``"hs_code"``: how the text was read.
        error: why the foundation could not resolve it (raised by
            :func:`mea_trade.listings` when no provider knows the text either).

    >>> q = ListingQuery.of("75-45-6")
    >>> q.commodity.name, q.match
    ('HCFC-22', 'cas')
    """

    text: str
    commodity: Substance | Mixture | HSCode | None
    match: str
    error: Exception | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, query: object) -> ListingQuery:
        """Resolve *query* (text, :class:`~mea_trade.catalog.Substance`, mixture or HS code)."""
        from mea_trade.cas import looks_like_cas
        from mea_trade.errors import MeaTradeError
        from mea_trade.hs import HSCode

        if isinstance(query, str):
            text = query.strip()
            try:
                item = _commodity(query)
            except MeaTradeError as exc:
                match = "cas" if looks_like_cas(text) else "name"
                return cls(text=text, commodity=None, match=match, error=exc)
        else:
            item = _commodity(query)
            text = str(item)
        if isinstance(item, HSCode):
            match = "hs_code"
        elif looks_like_cas(text):
            match = "cas"
        else:
            match = "name"
        return cls(text=text, commodity=item, match=match)
