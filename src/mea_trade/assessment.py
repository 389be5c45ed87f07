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
bundled ones (the Montreal Protocol first). A treaty room registers its rule
module in :data:`mea_trade.registry.ROOMS`; a user's own module is passed to
:func:`assess` through ``rules=``. The records rule modules read and produce
(:class:`Shipment`, :class:`Requirement`, :class:`Prohibition`, :class:`Note`)
live in :mod:`mea_trade.records` and are re-exported here.
"""

from __future__ import annotations

import importlib
import operator
import re
from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from mea_trade._data import Lazy
from mea_trade.errors import InvalidArgumentError, MeaTradeError
from mea_trade.records import (
    ASSESSED,
    END_USES,
    SHIPMENT_FIELDS,
    STATES,
    Finding,
    Note,
    Prohibition,
    Requirement,
    RuleModule,
    Shipment,
)
from mea_trade.registry import ROOMS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ABSENT",
    "ASSESSED_FIELDS",
    "CACHE_SIZE",
    "END_USES",
    "FIELD_ALIASES",
    "REQUIRED_FIELDS",
    "RULE_MODULES",
    "STATES",
    "Assessment",
    "Finding",
    "Note",
    "Prohibition",
    "Requirement",
    "RuleModule",
    "Shipment",
    "assess",
    "clear_cache",
    "field_argument",
    "missing_fields",
    "rule_modules",
]

#: Rule modules run by :func:`assess`, in order (import paths): each treaty room's
#: rule module (see :mod:`mea_trade.registry`), then the HS-flag notes for the
#: conventions without a room of their own.
RULE_MODULES: tuple[str, ...] = (
    *(room.rules for room in ROOMS if room.rules),
    "mea_trade.hs_flags",
)


@attrs.frozen(kw_only=True, repr=False)
class Assessment:
    """The answer for one shipment.

    Attributes:
        shipment: what was assessed.
        requirements, prohibitions, notes: the findings, in rule order.
        instruments_applied: ids of the instruments whose rules were evaluated
            and found to concern the commodity.

    Its repr is one line (the shipment, the status and the finding codes);
    :meth:`to_dict` gives everything, :meth:`to_records` one flat record per
    finding and :meth:`to_frame` the same as a pandas DataFrame.
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
        return _status(self.requirements, self.prohibitions, self.notes)

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

    def __repr__(self) -> str:
        findings: tuple[Finding, ...] = (*self.prohibitions, *self.requirements, *self.notes)
        codes = [f.code for f in findings]
        return f"Assessment({self.shipment!r}, status={self.status!r}, findings={codes!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dictionary per finding (prohibitions, requirements, notes, in that order).

        Keys: ``reference``, ``commodity``, ``exporter``, ``importer``, ``date``,
        ``status`` (the shipment's), ``kind`` (``"prohibition"``, ``"requirement"``
        or ``"note"``), ``code``, ``instrument``, ``side``, ``party``, ``document``,
        ``since``, ``provision``, ``reason`` (the note's text for notes) and
        ``unverified``; a finding leaves the keys that do not apply as None. A
        shipment without findings gives no records.

        >>> import mea_trade as mt
        >>> a = mt.assess(mt.Shipment("HCFC-22", exporter="CN", importer="GH", date="2024-05-01"))
        >>> for r in a.to_records():
        ...     print(r["kind"], r["code"], r["party"])
        requirement montreal.export_licence CN
        requirement montreal.import_licence GH
        note montreal.data_as_of None
        """
        s = self.shipment
        head = {
            "reference": s.reference,
            "commodity": s.commodity_name,
            "exporter": s.exporter.alpha2,
            "importer": s.importer.alpha2,
            "date": s.date.isoformat(),
            "status": self.status,
        }
        out: list[dict[str, Any]] = []
        for p in self.prohibitions:
            out.append(
                {
                    **head,
                    "kind": "prohibition",
                    "code": p.code,
                    "instrument": p.instrument,
                    "side": p.side,
                    "party": p.party,
                    "document": None,
                    "since": p.since.isoformat(),
                    "provision": p.citation.provision,
                    "reason": p.reason,
                    "unverified": p.unverified,
                }
            )
        for r in self.requirements:
            out.append(
                {
                    **head,
                    "kind": "requirement",
                    "code": r.code,
                    "instrument": r.instrument,
                    "side": r.side,
                    "party": r.party,
                    "document": r.document,
                    "since": None,
                    "provision": r.citation.provision,
                    "reason": r.reason,
                    "unverified": r.unverified,
                }
            )
        for n in self.notes:
            out.append(
                {
                    **head,
                    "kind": "note",
                    "code": n.code,
                    "instrument": n.instrument,
                    "side": None,
                    "party": None,
                    "document": None,
                    "since": None,
                    "provision": n.citation.provision if n.citation else None,
                    "reason": n.text,
                    "unverified": False,
                }
            )
        return out

    def to_frame(self) -> pd.DataFrame:
        """The findings as a pandas DataFrame, one row per finding (see :meth:`to_records`).

        Needs pandas.
        """
        import pandas as pd

        return pd.DataFrame(self.to_records(), columns=list(_RECORD_KEYS))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (dates as ISO strings)."""
        s = self.shipment
        return {
            "reference": s.reference,
            "commodity": s.commodity_name,
            "exporter": s.exporter.alpha2,
            "importer": s.importer.alpha2,
            "date": s.date.isoformat(),
            "form": s.form,
            **({"operation": s.operation} if s.operation else {}),
            **({"lmo": s.lmo} if s.lmo else {}),
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
                    "due": r.due.isoformat() if r.due else None,
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


def _finding_texts(
    requirements: Sequence[Any], prohibitions: Sequence[Any], notes: Sequence[Any]
) -> tuple[str, str, str]:
    """The requirements, prohibitions and notes columns of a result row."""
    if not requirements and not prohibitions and not notes:
        return ("", "", "")  # a clear line (what the joins below give for no findings)
    return (
        " | ".join(f"{r.document} ({r.party}; {r.citation.provision})" for r in requirements),
        " | ".join(
            f"{p.side} ban ({p.party}; {p.citation.provision}; since {p.since})"
            for p in prohibitions
        ),
        " | ".join(n.code for n in notes),
    )


def _status(
    requirements: Sequence[object], prohibitions: Sequence[object], notes: Sequence[object]
) -> str:
    if prohibitions:
        return "prohibited"
    if requirements:
        return "licences_required"
    if notes:
        return "check"
    return "clear"


def rule_modules(**replacements: RuleModule | ModuleType | str) -> tuple[Any, ...]:
    """The default rule modules, with some rooms' modules replaced (for :func:`assess` ``rules=``).

    A room whose rules read a user-supplied table (the Rotterdam import responses,
    the Stockholm and Minamata registers of exemptions) offers a ``Rules`` object
    built from that table; this puts it in the place of the room's default module.

    >>> from mea_trade.rotterdam import ImportResponses
    >>> from mea_trade.rotterdam.rules import Rules
    >>> mods = rule_modules(rotterdam=Rules(import_responses=ImportResponses.from_rows([])))
    >>> [getattr(m, "NAME") for m in mods]
    ['montreal', 'basel', 'cartagena', 'cites', 'rotterdam', 'stockholm', 'minamata', 'cwc',
     'hs_flags']
    >>> [type(m).__name__ for m in mods][4]
    'Rules'

    Raises:
        InvalidArgumentError: a name is not a room with a rule module.
    """
    by_room = {room.name: room.rules for room in ROOMS if room.rules}
    unknown = sorted(set(replacements) - set(by_room))
    if unknown:
        raise InvalidArgumentError(
            f"no room with rules called {', '.join(map(repr, unknown))}; expected one of "
            f"{', '.join(by_room)}"
        )
    swap = {by_room[name]: module for name, module in replacements.items()}
    return _modules([swap.get(path, path) for path in RULE_MODULES])


_RECORD_KEYS = (
    "reference",
    "commodity",
    "exporter",
    "importer",
    "date",
    "status",
    "kind",
    "code",
    "instrument",
    "side",
    "party",
    "document",
    "since",
    "provision",
    "reason",
    "unverified",
)


def _modules(rules: Sequence[str | ModuleType | RuleModule] | None) -> tuple[Any, ...]:
    out = []
    for item in RULE_MODULES if rules is None else rules:
        module = importlib.import_module(item) if isinstance(item, str) else item
        if not callable(getattr(module, "evaluate", None)):
            raise InvalidArgumentError(f"rule module {item!r} has no evaluate(shipment)")
        out.append(module)
    return tuple(out)


_DEFAULT: Lazy[tuple[Any, ...]] = Lazy(lambda: _modules(None))

#: The fields of a shipment the bundled rule modules read: all but those whose metadata
#: says otherwise (:data:`mea_trade.records.ASSESSED`: the quantity and the reference).
#: ``tests/test_assess.py`` checks that no rule module reads the others.
ASSESSED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Shipment) if f.metadata.get(ASSESSED, True)
)
_assessed_values = operator.attrgetter(*ASSESSED_FIELDS)

#: Findings of one shipment: requirements, prohibitions, notes and the instruments applied.
_Findings = tuple[
    tuple[Requirement, ...], tuple[Prohibition, ...], tuple[Note, ...], tuple[str, ...]
]

#: The most shipments whose findings :func:`assess` remembers (bundled rules only).
CACHE_SIZE = 16_384
_CACHE: dict[tuple[object, ...], _Findings] = {}


def clear_cache() -> None:
    """Forget the findings :func:`assess` remembers (for tests that change the bundled data)."""
    _CACHE.clear()


def assess(
    shipment: Shipment | Mapping[str, Any],
    *,
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
) -> Assessment:
    """Assess one shipment under every rule module.

    *shipment* may be a :class:`Shipment` or a mapping of its fields. The
    result is deterministic and depends only on the shipment and the bundled
    data. *rules* replaces the bundled rule modules: import paths, modules, or
    objects with ``NAME`` and ``evaluate(shipment)`` (such as a Basel rule set built
    with user data, :func:`mea_trade.basel.rules.rule_set`).

    With the bundled rules, the findings of the last :data:`CACHE_SIZE` distinct
    shipments are remembered (shipments that differ only in their quantity or reference
    share them: no rule reads those), so that assessing a repeated shipment costs a
    dictionary look-up.

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
    if rules is None:
        key = _assessed_values(shipment)
        found = _CACHE.get(key)
        if found is None:
            found = _findings(shipment, _DEFAULT.get())
            if len(_CACHE) >= CACHE_SIZE:  # first in, first out
                _CACHE.pop(next(iter(_CACHE), None), None)  # type: ignore[arg-type]
            _CACHE[key] = found
    else:
        found = _findings(shipment, _modules(rules))
    return _assessment(shipment, found)


def _assessment(shipment: Shipment, found: _Findings) -> Assessment:
    return Assessment(
        shipment=shipment,
        requirements=found[0],
        prohibitions=found[1],
        notes=found[2],
        instruments_applied=found[3],
    )


def _findings(shipment: Shipment, modules: Sequence[Any]) -> _Findings:
    """Run *modules* over *shipment* and sort their findings by kind."""
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
    return tuple(requirements), tuple(prohibitions), tuple(notes), tuple(applied)


def _boundaries(shipment: Shipment, modules: Sequence[Any]) -> tuple[Sequence[date], ...] | None:
    """The dates at which the findings for *shipment* may change, as sorted sequences.

    Each rule module may say, through an optional ``boundaries(shipment)``, between which
    dates its findings stay the same for every shipment that differs from *shipment* only
    in its date: a tuple of sorted sequences of dates (two dates that fall between the same
    consecutive dates of every sequence get the same findings), or None when they may
    change with any date. None here when some module has no such function or returns None.
    """
    out: list[Sequence[date]] = []
    for module in modules:
        function = getattr(module, "boundaries", None)
        if function is None:
            return None
        found = function(shipment)
        if found is None:
            return None
        out.extend(found)
    return tuple(out)


#: The fields a mapping must give.
REQUIRED_FIELDS: tuple[str, ...] = ("commodity", "exporter", "importer", "date")
#: Other keys that stand for a field when the field's own cell is empty (a ``taxon``
#: column names the commodity of a CITES line).
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType({"commodity": ("taxon",)})
#: Fields for which any false cell (``0``, an empty list) means "not given"; for the
#: others (the CITES fields and any field added later) only None and ``""`` do.
_FALSE_IS_ABSENT = frozenset(
    {"quantity", "state", "end_use", "transit", "form", "operation", "characteristics", "lmo"}
)


class _Absent:
    """The marker of a cell that gives no argument (the field keeps its default)."""

    def __repr__(self) -> str:
        return "ABSENT"


#: What :func:`field_argument` returns for a cell that gives no argument.
ABSENT: Any = _Absent()


def field_argument(name: str, value: object) -> object:
    """The argument a mapping's cell gives to field *name* of :class:`Shipment`, or :data:`ABSENT`.

    Transit countries in one text are split at ``;``, ``,`` and spaces; a reference is
    kept as text.

    >>> field_argument("transit", "AE; OM"), field_argument("state", "")
    (['AE', 'OM'], ABSENT)
    >>> field_argument("reference", 7)
    '7'
    """
    if name in REQUIRED_FIELDS:
        return value
    if name == "reference":
        return ABSENT if value in (None, "") else str(value)
    if name == "transit" and isinstance(value, str):
        value = [t for t in re.split(r"[;,\s]+", value) if t]
    if name in _FALSE_IS_ABSENT:
        return value or ABSENT
    return ABSENT if value in (None, "") else value


def missing_fields(cells: Mapping[str, object]) -> list[str]:
    """The required fields whose cell (after :data:`FIELD_ALIASES`) is empty, in order."""
    return [k for k in REQUIRED_FIELDS if not cells.get(k)]


def _with_aliases(row: Mapping[str, Any]) -> dict[str, Any]:
    cells = {name: row.get(name) for name in SHIPMENT_FIELDS}
    for name, aliases in FIELD_ALIASES.items():
        if not cells[name]:
            for alias in aliases:
                if row.get(alias):
                    cells[name] = row[alias]
                    break
    return cells


def _from_mapping(row: Mapping[str, Any]) -> Shipment:
    cells = _with_aliases(row)
    missing = missing_fields(cells)
    if missing:
        raise InvalidArgumentError(f"missing field(s): {', '.join(missing)}")
    arguments: dict[str, Any] = {}
    for name in SHIPMENT_FIELDS:
        argument = field_argument(name, cells[name])
        if argument is not ABSENT:
            arguments[name] = argument
    return Shipment(arguments.pop("commodity"), **arguments)
