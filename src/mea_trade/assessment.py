"""Shipment assessment: what a declaration line needs, what is prohibited, and why.

:func:`assess` runs every rule module over a :class:`Shipment` and returns an
immutable :class:`Assessment` listing each :class:`Requirement` (a licence,
permit or consent, and which side must hold it) and each :class:`Prohibition`,
every one with its :class:`~mea_trade.citations.Citation` and a one-line
reason, plus :class:`Note` objects where the answer depends on facts the
shipment does not state.

>>> import datetime as dt
>>> import mea_trade as mt
>>> a = mt.assess(mt.Shipment("HCFC-22", exporter="CN", importer="GH", date=dt.date(2024, 5, 1)))
>>> a.status
'licences_required'
>>> [(r.document, r.party) for r in a.requirements]
[('export licence', 'CN'), ('import licence', 'GH')]

Rule modules are plain modules with a ``NAME`` and a function
``evaluate(shipment) -> Iterable[Finding]``; :data:`RULE_MODULES` lists the
bundled ones (the Montreal Protocol first). Another convention plugs in as a
module of its own, passed to :func:`assess` through ``rules=`` or added to
:data:`RULE_MODULES`, without changes here.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import re
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from mea_trade._data import Lazy
from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.countries import get as _country
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidDateError,
    InvalidQuantityError,
    MeaTradeError,
    _shorten,
)

if TYPE_CHECKING:
    import pint

    from mea_trade.catalog import Mixture, Substance
    from mea_trade.hs import HSCode

__all__ = [
    "END_USES",
    "RULE_MODULES",
    "STATES",
    "Assessment",
    "Finding",
    "Note",
    "Prohibition",
    "Requirement",
    "Shipment",
    "assess",
]

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
#: Rule modules run by :func:`assess`, in order (import paths).
RULE_MODULES: tuple[str, ...] = ("mea_trade.rules.montreal", "mea_trade.rules.hs_flags")

_HS_LIKE = re.compile(r"^\s*\d{4}(?:[.\s]?\d{2})(?:[.\s]?\d{1,6})?\s*$")


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


@functools.lru_cache(maxsize=4096)
def _commodity_text(value: str) -> Substance | Mixture | HSCode:
    """Cached reading of the commodity texts a file repeats (errors are not cached)."""
    return _read_commodity(value)


def _read_commodity(value: str) -> Substance | Mixture | HSCode:
    from mea_trade.catalog import lookup
    from mea_trade.hs import HSCode

    if _HS_LIKE.match(value) and not re.match(r"^\s*\d{2,7}-\d{2}-\d\s*$", value):
        return HSCode.parse(value)
    return lookup(value)


def _party(value: object) -> Country:
    if isinstance(value, Country):
        return value
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
    if value is None:
        return None
    from mea_trade.units import get_registry, mass_in_tonnes

    if isinstance(value, str):
        try:
            value = get_registry().Quantity(value)
        except Exception as exc:
            raise InvalidQuantityError(f"cannot read quantity {_shorten(value)}") from exc
    mass_in_tonnes(value)  # validates: a finite, non-negative mass of the library's registry
    return value  # type: ignore[return-value]


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


@attrs.frozen
class Shipment:
    """One declaration line: what moves, from where to where, when, and how much.

    Args:
        commodity: a :class:`~mea_trade.catalog.Substance`, a
            :class:`~mea_trade.catalog.Mixture`, a name, ASHRAE number or CAS number
            (looked up with :func:`mea_trade.lookup`), or an HS code (``"2903.71"``,
            a national code, or an :class:`~mea_trade.hs.HSCode`).
        exporter, importer: countries (ISO codes or names).
        date: date of the movement (a :class:`datetime.date` or ISO string).
        quantity: the mass (a pint quantity or a string such as ``"500 kg"``), optional.
        state: ``"new"``, ``"used"``, ``"recycled"`` or ``"reclaimed"``, optional.
        end_use: one of :data:`END_USES`, optional.
        transit: countries crossed on the way, optional.
        reference: the declaration's own identifier, kept in the results.

    >>> s = Shipment("R-404A", exporter="DE", importer="Turkey", date="2025-03-01")
    >>> s.commodity.name, s.importer.alpha2
    ('R-404A', 'TR')
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
        """The commodity as text (name, or HS code)."""
        return str(self.commodity)


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
class Assessment:
    """The answer for one shipment.

    Attributes:
        shipment: what was assessed.
        requirements, prohibitions, notes: the findings, in rule order.
        instruments_applied: ids of the instruments whose rules were evaluated
            and found to concern the commodity.
    """

    shipment: Shipment
    requirements: tuple[Requirement, ...]
    prohibitions: tuple[Prohibition, ...]
    notes: tuple[Note, ...]
    instruments_applied: tuple[str, ...]

    @property
    def prohibited(self) -> bool:
        """Whether any ban applies."""
        return bool(self.prohibitions)

    @property
    def status(self) -> str:
        """``"prohibited"``, ``"licences_required"``, ``"check"`` (notes only) or ``"clear"``."""
        if self.prohibitions:
            return "prohibited"
        if self.requirements:
            return "licences_required"
        if self.notes:
            return "check"
        return "clear"

    def summary(self) -> str:
        """One line: the status and what is required or prohibited.

        >>> import mea_trade as mt
        >>> s = mt.Shipment("CFC-12", exporter="IN", importer="US", date="1989-03-01")
        >>> print(mt.assess(s).summary())
        clear
        """
        parts = [self.status]
        parts += [f"{p.side} ban ({p.party}, {p.citation.provision})" for p in self.prohibitions]
        parts += [f"{r.document} ({r.party})" for r in self.requirements]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (dates as ISO strings)."""
        s = self.shipment
        return {
            "reference": s.reference,
            "commodity": s.commodity_name,
            "exporter": s.exporter.alpha2,
            "importer": s.importer.alpha2,
            "date": s.date.isoformat(),
            "status": self.status,
            "instruments": list(self.instruments_applied),
            "requirements": [
                {
                    "code": r.code,
                    "document": r.document,
                    "side": r.side,
                    "party": r.party,
                    "instrument": r.instrument,
                    "provision": r.citation.provision,
                    "reason": r.reason,
                    "unverified": r.unverified,
                }
                for r in self.requirements
            ],
            "prohibitions": [
                {
                    "code": p.code,
                    "side": p.side,
                    "party": p.party,
                    "instrument": p.instrument,
                    "since": p.since.isoformat(),
                    "provision": p.citation.provision,
                    "reason": p.reason,
                    "unverified": p.unverified,
                }
                for p in self.prohibitions
            ],
            "notes": [{"code": n.code, "text": n.text} for n in self.notes],
        }


def _modules(rules: Sequence[str | ModuleType] | None) -> tuple[Any, ...]:
    out = []
    for item in RULE_MODULES if rules is None else rules:
        module = importlib.import_module(item) if isinstance(item, str) else item
        if not callable(getattr(module, "evaluate", None)):
            raise InvalidArgumentError(f"rule module {item!r} has no evaluate(shipment)")
        out.append(module)
    return tuple(out)


_DEFAULT: Lazy[tuple[Any, ...]] = Lazy(lambda: _modules(None))


def assess(
    shipment: Shipment | Mapping[str, Any], *, rules: Sequence[str | ModuleType] | None = None
) -> Assessment:
    """Assess one shipment under every rule module.

    *shipment* may be a :class:`Shipment` or a mapping of its fields. The
    result is deterministic and depends only on the shipment and the bundled
    data.

    >>> import mea_trade as mt
    >>> a = mt.assess({"commodity": "CFC-11", "exporter": "CN", "importer": "SS",
    ...                "date": "2010-06-01"})
    >>> a.status, a.prohibitions[0].code
    ('prohibited', 'montreal.export_ban_non_party')

    Raises:
        MeaTradeError: a field of a mapping cannot be read (typed error naming it).
    """
    if not isinstance(shipment, Shipment):
        if not isinstance(shipment, Mapping):
            raise InvalidArgumentError(
                f"expected a Shipment or a mapping, not {type(shipment).__name__}"
            )
        shipment = _from_mapping(shipment)
    modules = _DEFAULT.get() if rules is None else _modules(rules)
    requirements: list[Requirement] = []
    prohibitions: list[Prohibition] = []
    notes: list[Note] = []
    applied: list[str] = []
    for module in modules:
        for finding in module.evaluate(shipment):
            if isinstance(finding, Requirement):
                requirements.append(finding)
            elif isinstance(finding, Prohibition):
                prohibitions.append(finding)
            elif isinstance(finding, Note):
                notes.append(finding)
            else:
                raise MeaTradeError(f"rule module returned {finding!r}")
            inst = getattr(finding, "instrument", None)
            if inst and inst not in applied:
                applied.append(inst)
    return Assessment(
        shipment=shipment,
        requirements=tuple(requirements),
        prohibitions=tuple(prohibitions),
        notes=tuple(notes),
        instruments_applied=tuple(applied),
    )


_FIELDS = ("commodity", "exporter", "importer", "date", "quantity", "state", "end_use")


def _from_mapping(row: Mapping[str, Any]) -> Shipment:
    missing = [k for k in ("commodity", "exporter", "importer", "date") if not row.get(k)]
    if missing:
        raise InvalidArgumentError(f"missing field(s): {', '.join(missing)}")
    transit = row.get("transit")
    if isinstance(transit, str):
        transit = [t for t in re.split(r"[;,\s]+", transit) if t]
    return Shipment(
        row["commodity"],
        exporter=row["exporter"],
        importer=row["importer"],
        date=row["date"],
        quantity=row.get("quantity") or None,
        state=row.get("state") or None,
        end_use=row.get("end_use") or None,
        transit=transit or (),
        reference=None if row.get("reference") in (None, "") else str(row.get("reference")),
    )
