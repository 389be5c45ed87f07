"""Basel Convention rules for a shipment of wastes: the room's rule module.

The findings are rows (``data/basel/rules.csv``) read by one small interpreter;
what the rows need is computed here from the shipment, the dated lists
(:mod:`mea_trade.basel.lists`), participation in the Convention and its Ban
Amendment (:mod:`mea_trade.parties`), the Article 11 agreements
(``data/basel/agreements.csv``) and the Article 4(1) import prohibitions that
Parties notified (``data/basel/import_prohibitions.csv``, none bundled yet).

* Wastes: a hazardous waste (Annex I category, Annex VIII entry, or Annex IX
  entry declared with Annex III characteristics) or an "other waste" (Annex II)
  is controlled; an Annex IX entry without characteristics is outside the prior
  informed consent procedure (a note says why the answer is not "clear").
* Prior informed consent (Art. 6): notification by the State of export, written
  consent of the State of import and of each State of transit, the contract
  confirmation, the movement document (Art. 4(7)(c)).
* Non-Parties (Art. 4(5)): no export to, or import from, a non-Party unless an
  Article 11 agreement covers the movement (the OECD Decision among OECD members
  for recovery; the Canada-United States Agreement).
* Ban Amendment (Art. 4A): no movement of hazardous wastes from an Annex VII State
  bound by it to a State not in Annex VII, for disposal or recovery.
* Where the bundled data cannot say (an incomplete party list, an entry's date,
  no import prohibitions bundled), a note says so: never a guess.

>>> import mea_trade as mt
>>> from mea_trade.records import Prohibition, Requirement
>>> s = mt.Shipment("A1181", exporter="DE", importer="GH", date="2025-06-01", operation="R4")
>>> [f.code for f in evaluate(s) if isinstance(f, Prohibition)]
['basel.ban_amendment']
>>> [f.party for f in evaluate(s) if isinstance(f, Requirement)]
['DE', 'GH', 'GH', 'DE']
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import pathlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

import attrs

from mea_trade._data import Lazy, cited, optional_date, read_csv
from mea_trade._rules import hs_line_notes
from mea_trade.basel.lists import Entry, history
from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.countries import get as country
from mea_trade.errors import InvalidArgumentError, MissingDataError
from mea_trade.hs import HSCode
from mea_trade.membership import unknown_reason
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment
from mea_trade.wastes import Waste

__all__ = [
    "NAME",
    "Agreement",
    "Classification",
    "ImportProhibition",
    "RuleSet",
    "boundaries",
    "classify",
    "evaluate",
    "rule_set",
]

NAME = "basel"

#: Entry into force of the Convention (instruments.csv) and of the Ban Amendment.
_CLASSES = ("hazardous", "other", "unknown", "oecd", "listed_non_hazardous")
_SUCCESSORS = {
    "BC-15/18": "e-waste now falls under A1181 (Annex VIII) or Y49 (Annex II), both subject to "
    "prior informed consent",
    "BC-14/12": "plastic waste now falls under B3011 (Annex IX), Y48 (Annex II) or A3210 "
    "(Annex VIII)",
}


# ---------------------------------------------------------------- datasets


@attrs.frozen(kw_only=True)
class Agreement:
    """An Article 11 agreement or arrangement (a row of ``data/basel/agreements.csv``).

    Attributes:
        id, name: identifier and title.
        members: ISO codes of its parties, or ``{"oecd"}`` for every OECD member.
        not_participating: members that do not take part yet.
        operations: ``"R"`` when it covers only movements destined for recovery.
        wastes: ``"hazardous"`` and/or list codes it covers.
        excluded_codes: list entries it does not cover.
        procedure: what it requires, in words.
        start, end: dates of effect (end exclusive).
        citation: its source.
        verified: False where its terms were read only in a summary.
        note: remarks.
    """

    id: str
    name: str
    members: frozenset[str]
    not_participating: frozenset[str] = frozenset()
    operations: str = ""
    wastes: frozenset[str] = frozenset({"hazardous"})
    excluded_codes: frozenset[str] = frozenset()
    procedure: str = "the agreement's procedure"
    start: _dt.date
    end: _dt.date | None = None
    citation: Citation | None = attrs.field(default=None, eq=False, repr=False)
    verified: bool = attrs.field(default=False, repr=False)
    note: str | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> Agreement:
        """Build from a row in the format of ``data/basel/agreements.csv``."""
        members = frozenset(
            m if m.lower() == "oecd" else country(m).alpha2 for m in _split(row["members"])
        )
        source = row.get("source", "")
        return cls(
            id=row["id"],
            name=row["name"],
            members=frozenset("oecd" if m.lower() == "oecd" else m for m in members),
            not_participating=frozenset(
                country(m).alpha2 for m in _split(row.get("not_participating", ""))
            ),
            operations=(row.get("operations") or "").strip().upper(),
            wastes=frozenset(_split(row.get("wastes") or "hazardous")),
            excluded_codes=frozenset(c.upper() for c in _split(row.get("excluded_codes", ""))),
            procedure=row.get("procedure") or "the agreement's procedure",
            start=_dt.date.fromisoformat(row["from"]),
            end=optional_date(row.get("until", "")),
            citation=_source(source, "Article 11 agreement"),
            verified=row.get("verified") == "text",
            note=row.get("note") or None,
        )

    def _member(self, code: str, day: _dt.date) -> bool:
        if code in self.not_participating:
            return False
        if "oecd" in self.members:
            from mea_trade.parties import _DATA

            return _DATA.get().oecd.member(code, day)
        return code in self.members

    def covers(
        self,
        exporter: str,
        importer: str,
        day: _dt.date,
        wclass: str,
        codes: frozenset[str],
        operation: str | None,
    ) -> bool | None:
        """Whether it covers the movement: True, False, or None (operation not declared)."""
        if day < self.start or (self.end is not None and day >= self.end):
            return False
        if not (self._member(exporter, day) and self._member(importer, day)):
            return False
        if codes & self.excluded_codes:
            return False
        if not (wclass in self.wastes or codes & self.wastes):
            return False
        if self.operations == "R":
            if operation is None:
                return None
            return operation.startswith("R")
        return True


@attrs.frozen(kw_only=True)
class ImportProhibition:
    """An Article 4(1) import prohibition a Party notified (a row of import_prohibitions.csv)."""

    country: str
    wastes: frozenset[str]
    operations: str = ""
    start: _dt.date | None = None
    end: _dt.date | None = None
    source: str = ""
    note: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> ImportProhibition:
        """Build from a row in the format of ``data/basel/import_prohibitions.csv``."""
        return cls(
            country=country(row["country"]).alpha2,
            wastes=frozenset(w if w.islower() else w.upper() for w in _split(row["wastes"])),
            operations=(row.get("operations") or "").strip().upper(),
            start=optional_date(row.get("from", "")),
            end=optional_date(row.get("until", "")),
            source=row.get("source", ""),
            note=row.get("note") or None,
        )

    def covers(
        self,
        importer: str,
        day: _dt.date,
        wclass: str,
        codes: frozenset[str],
        operation: str | None,
    ) -> bool:
        """Whether it covers this import (an undeclared operation counts as covered)."""
        if importer != self.country:
            return False
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day >= self.end:
            return False
        if not ({"all", wclass} & self.wastes or codes & self.wastes):
            return False
        return not (self.operations and operation and not operation.startswith(self.operations))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def _source(ids: str, provision: str) -> Citation | None:
    from mea_trade.citations import UnknownCitationError

    if not ids:
        return None
    try:
        return cited(ids, provision)
    except UnknownCitationError:
        return Citation(id="user", instrument="user data", provision=provision, note=ids)


def _rows(data: object) -> list[dict[str, str]]:
    """Rows from a path to a CSV file, CSV text, or an iterable of mappings."""
    if isinstance(data, pathlib.Path) or (isinstance(data, str) and "\n" not in data):
        text = pathlib.Path(data).read_text(encoding="utf-8")
    elif isinstance(data, str):
        text = data
    elif isinstance(data, Iterable):
        return [{str(k): str(v or "").strip() for k, v in dict(r).items()} for r in data]
    else:
        raise InvalidArgumentError(
            f"expected a CSV path, CSV text or rows, not {type(data).__name__}"
        )
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in r.items() if k}
        for r in csv.DictReader(io.StringIO("\n".join(lines)))
    ]


# ---------------------------------------------------------------- rule rows


@attrs.frozen
class _Rule:
    code: str
    kind: str
    side: str
    applies_to: str
    condition: str
    document: str
    citation: Citation
    verified: bool
    text: str


_CONDITIONS = frozenset(
    {
        "pic",
        "transit_party",
        "transit_non_party",
        "importer_non_party",
        "exporter_non_party",
        "ban",
        "import_prohibited",
        "antarctica",
        "agreement",
    }
)


def _load_rules() -> tuple[_Rule, ...]:
    out = []
    for row in read_csv("basel/rules.csv"):
        if row["condition"] not in _CONDITIONS:  # pragma: no cover - checked by the data tests
            raise ValueError(f"basel/rules.csv: unknown condition {row['condition']!r}")
        out.append(
            _Rule(
                code=row["code"],
                kind=row["kind"],
                side=row["side"],
                applies_to=row["applies_to"],
                condition=row["condition"],
                document=row["document"],
                citation=cited(row["source"], row["provision"]),
                verified=row["verified"] == "text",
                text=row["text"],
            )
        )
    return tuple(out)


_RULES: Lazy[tuple[_Rule, ...]] = Lazy(_load_rules)


# ---------------------------------------------------------------- classification


@attrs.frozen(kw_only=True)
class Classification:
    """How the Convention sees a waste on a date.

    Attributes:
        status: ``"hazardous"`` (Art. 1(1)(a)), ``"other"`` (Art. 1(2)),
            ``"listed_non_hazardous"`` (Annex IX, no characteristics declared),
            ``"oecd"`` (an OECD code only) or ``"unknown"`` (the data cannot say).
        entries: the list entries in effect that the codes name.
        notes: why, where the answer needs the reader's attention.
        date_unknown: an entry's date of effect is not bundled.
    """

    status: str
    entries: tuple[Entry, ...]
    notes: tuple[Note, ...] = ()
    date_unknown: bool = False

    @property
    def controlled(self) -> bool:
        """Whether the Convention's controls apply (hazardous or other wastes)."""
        return self.status in ("hazardous", "other")


def _note(code: str, text: str, provision: str | None = None, ids: str = "bc-text") -> Note:
    return Note(
        code=f"basel.{code}",
        text=text,
        instrument=NAME,
        citation=cited(ids, provision) if provision else None,
    )


def classify(
    waste: Waste,
    on: _dt.date,
    *,
    operation: str | None = None,
    characteristics: tuple[str, ...] = (),
) -> Classification:
    """Classify *waste* (by its codes) on *on*, given the declared operation and characteristics.

    >>> import datetime as dt
    >>> from mea_trade.wastes import Waste
    >>> classify(Waste.parse("B3011"), dt.date(2021, 6, 1), operation="R3").status
    'listed_non_hazardous'
    >>> classify(Waste.parse("B3011"), dt.date(2021, 6, 1), operation="D1").status
    'other'
    >>> classify(Waste.parse("B1110"), dt.date(2025, 6, 1)).status
    'unknown'
    """
    statuses: list[str] = []
    found: list[Entry] = []
    notes: list[Note] = []
    date_unknown = False
    for code in waste.codes:
        versions = history(code.code)
        if not versions:
            statuses.append("unknown")
            notes.append(
                _note(
                    "unknown_code",
                    f"{code.code} is not in the bundled Basel or OECD lists: declare a code of "
                    "Annexes I, II, VIII or IX.",
                )
            )
            continue
        current = next((v for v in reversed(versions) if v.in_effect(on) is not False), None)
        if current is None:
            statuses.append("unknown")
            notes.append(_not_in_effect(versions[-1], on))
            continue
        found.append(current)
        if current.in_effect(on) is None:
            date_unknown = True
            notes.append(
                _note(
                    "entry_date_unknown",
                    f"{current.label()}: the date it took effect is not bundled (not before "
                    f"{current.not_before.isoformat() if current.not_before else '?'}, in the "
                    f"published text by "
                    f"{current.in_text_by.isoformat() if current.in_text_by else '?'}); "
                    "it is treated as in effect.",
                    current.list,
                    ";".join(c.id for c in current.sources) or "bc-text",
                )
            )
        statuses.append(_entry_status(current, operation, characteristics, notes))
    status = next(s for s in _CLASSES if s in statuses) if statuses else "unknown"
    return Classification(
        status=status, entries=tuple(found), notes=tuple(notes), date_unknown=date_unknown
    )


def _not_in_effect(last: Entry, on: _dt.date) -> Note:
    # the texts name the entry's dates, not the movement's: every date between the same
    # dates of the entry gets the same note (see RuleSet.boundaries)
    if last.until is not None and on >= last.until:
        hint = _SUCCESSORS.get(last.removed_by or "", "")
        text = (
            f"{last.label()} ceased to have effect on {last.until.isoformat()}"
            f"{f' (decision {last.removed_by})' if last.removed_by else ''}"
            f"{f': {hint}' if hint else ''}. Declare the entry in effect on the date of the "
            "movement."
        )
    elif last.effective is not None:
        text = (
            f"{last.label()} takes effect on {last.effective.isoformat()}"
            f"{f' (decision {last.added_by})' if last.added_by else ''}; before then it is not "
            "an entry of the Convention's lists. Declare the entry then in effect."
        )
    else:
        text = (
            f"{last.label()} is not an entry of the Convention's lists before "
            f"{last.not_before.isoformat() if last.not_before else 'a date not bundled'}."
        )
    return _note(
        "entry_not_in_effect",
        text,
        last.list,
        ";".join(c.id for c in last.sources) or "bc-text",
    )


def _entry_status(
    entry: Entry, operation: str | None, characteristics: tuple[str, ...], notes: list[Note]
) -> str:
    kind = entry.kind
    if kind == "category":
        if not characteristics:
            notes.append(
                _note(
                    "annex_i_category",
                    f"{entry.code} is an Annex I category: the waste is hazardous unless it "
                    "possesses none of the Annex III characteristics.",
                    "Article 1, paragraph 1(a)",
                )
            )
        return "hazardous"
    if kind == "other":
        return "other"
    if kind == "hazardous":
        return "hazardous"
    if kind == "listed_non_hazardous":
        if characteristics:
            notes.append(
                _note(
                    "annex_ix_hazardous",
                    f"{entry.code} is an Annex IX entry, but the waste is declared with Annex III "
                    f"characteristics ({', '.join(characteristics)}): it is then a hazardous "
                    "waste.",
                    "Annex I, note (c)",
                )
            )
            return "hazardous"
        if entry.operations == "R" and operation is not None and operation.startswith("D"):
            if entry.code == "B3011":
                notes.append(
                    _note(
                        "b3011_to_disposal",
                        "B3011 covers plastic waste destined for recycling; destined for "
                        f"{operation} (disposal), plastic waste falls under Y48 (other wastes).",
                        "Annex II, entry Y48",
                        "bc-14-12",
                    )
                )
                return "other"
            notes.append(
                _note(
                    "annex_ix_excluded_operation",
                    f"{entry.code} excludes wastes destined for Annex IV A operations; destined "
                    f"for {operation}, the waste is not covered by this entry: classify it under "
                    "Annexes I, II or VIII.",
                    entry.list,
                    ";".join(c.id for c in entry.sources),
                )
            )
            return "unknown"
        return "listed_non_hazardous"
    if kind in ("oecd_green", "oecd_amber"):
        return "oecd"
    return "unknown"  # pragma: no cover - operations and characteristics are not waste codes


# ---------------------------------------------------------------- the rule set


def _party(code: str, instrument: str, day: _dt.date) -> bool | None:
    from mea_trade import parties

    try:
        return parties.is_party(code, instrument, on=day)
    except MissingDataError:
        return None


def _since(code: str, instrument: str, day: _dt.date) -> _dt.date:
    from mea_trade import parties

    found = parties.status(code, instrument, on=day).party_since
    assert found is not None
    return found


@attrs.frozen
class _Context:
    shipment: Shipment
    day: _dt.date
    waste: str
    wclass: str
    codes: frozenset[str]
    exporter: Country
    importer: Country
    exp_party: bool | None
    imp_party: bool | None
    agreement: Agreement | None
    pending: Agreement | None
    prohibitions: tuple[ImportProhibition, ...]
    unverified: bool


def _operation_words(operation: str | None) -> str:
    if operation is None:
        return "for disposal or recovery"
    return f"destined for {'recovery' if operation.startswith('R') else 'disposal'} ({operation})"


@attrs.frozen
class RuleSet:
    """The Basel rule module with its datasets: bundled, or supplied by the user.

    A :class:`RuleSet` has ``NAME`` and ``evaluate(shipment)``, so it can be passed to
    :func:`mea_trade.assess` through ``rules=`` (see :func:`rule_set`).

    Attributes:
        agreements: the Article 11 agreements taken into account.
        import_prohibitions: the Article 4(1) prohibitions taken into account; None
            when none was supplied (the findings then say the list was not checked).
    """

    agreements: tuple[Agreement, ...]
    import_prohibitions: tuple[ImportProhibition, ...] | None
    NAME: str = NAME

    def evaluate(self, shipment: Shipment) -> tuple[Finding, ...]:
        """Findings of the Basel Convention for *shipment* (see the module's description)."""
        commodity = shipment.commodity
        if isinstance(commodity, Waste):
            return tuple(self._waste(shipment, commodity))
        if isinstance(commodity, HSCode):
            return hs_line_notes(
                commodity,
                NAME,
                lambda flag: (
                    f"HS {commodity} {flag.reason}. Declare the waste by its Basel code (and the "
                    "operation) to assess prior informed consent, trade with non-Parties and the "
                    "Ban Amendment."
                ),
            )
        return ()

    def boundaries(self, shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
        """Between which dates the findings for *shipment* stay the same.

        ``()`` (no date changes them) for goods other than a waste (an HS code's notes
        depend on the code alone). For a waste: the dates its list entries take and
        cease to have effect, the Convention's and the Ban Amendment's entries into
        force, the dates of the agreements and import prohibitions, and the dates the
        status of the two States (and of the transit States) may change
        (:func:`mea_trade.membership.status_days`). See :func:`mea_trade.montreal.rules.boundaries`.

        >>> import mea_trade as mt
        >>> s = mt.Shipment("A1181", exporter="DE", importer="GH", date="2025-06-01",
        ...                 operation="R4")
        >>> len(_DEFAULT.get().boundaries(s))
        5
        """
        from mea_trade.instruments import get as instrument
        from mea_trade.membership import status_days

        waste = shipment.commodity
        if not isinstance(waste, Waste):
            return ()
        eif = instrument("basel").entry_into_force
        ban_eif = instrument("basel_ban").entry_into_force
        assert eif is not None
        days = {eif, *((ban_eif,) if ban_eif else ())}
        for code in waste.codes:
            for version in history(code.code):
                dated = (version.effective, version.until, version.not_before, version.in_text_by)
                days.update(d for d in dated if d is not None)
        exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
        if exp == imp:
            return (tuple(sorted(days)),)
        for agreement in self.agreements:
            days.update(d for d in (agreement.start, agreement.end) if d is not None)
        for prohibition in self.import_prohibitions or ():
            days.update(d for d in (prohibition.start, prohibition.end) if d is not None)
        return (
            tuple(sorted(days)),
            status_days(exp, NAME),
            status_days(imp, NAME),
            status_days(exp, "basel_ban"),
            status_days(imp, "basel_ban"),
            *(status_days(state.alpha2, NAME) for state in shipment.transit),
        )

    def _waste(self, shipment: Shipment, waste: Waste) -> Iterator[Finding]:
        from mea_trade.instruments import get as instrument

        day = shipment.date
        found = classify(
            waste, day, operation=shipment.operation, characteristics=shipment.characteristics
        )
        yield from found.notes
        eif = instrument("basel").entry_into_force
        assert eif is not None
        if day < eif:
            yield _note(
                "not_in_force",
                f"The Basel Convention entered into force on {eif.isoformat()}: it did not "
                "apply before then.",
            )
            return
        if not found.controlled:
            yield from _uncontrolled_notes(found, shipment)
            return
        exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
        if exp == imp:
            yield _note(
                "same_country",
                "Exporter and importer are the same country: a transboundary movement needs "
                "two States (Art. 2(3)); check the transit States.",
                "Article 2, paragraph 3",
            )
            return
        codes = frozenset(e.code for e in found.entries)
        agreement, pending = self._agreement(exp, imp, day, found.status, codes, shipment.operation)
        ctx = _Context(
            shipment=shipment,
            day=day,
            waste=", ".join(e.code for e in found.entries) or str(waste),
            wclass=found.status,
            codes=codes,
            exporter=shipment.exporter,
            importer=shipment.importer,
            exp_party=_party(exp, "basel", day),
            imp_party=_party(imp, "basel", day),
            agreement=agreement,
            pending=pending,
            prohibitions=tuple(
                p
                for p in self.import_prohibitions or ()
                if p.covers(imp, day, found.status, codes, shipment.operation)
            ),
            unverified=found.date_unknown,
        )
        yield from self._findings(ctx)
        yield from _status_notes(ctx, pending)
        if self.import_prohibitions is None and ctx.imp_party is not False:
            yield _note(
                "import_prohibitions_not_checked",
                f"Whether {ctx.importer.name} has prohibited the import of these wastes "
                "(Art. 4(1)(a)) is not in the bundled data: check the Secretariat's list of "
                "national import prohibitions, or supply them (mea_trade.basel.rules.rule_set).",
                "Article 4, paragraph 1",
            )
        yield from _closing_notes(ctx)

    def _agreement(
        self,
        exp: str,
        imp: str,
        day: _dt.date,
        wclass: str,
        codes: frozenset[str],
        operation: str | None,
    ) -> tuple[Agreement | None, Agreement | None]:
        """The agreement that covers the movement, and one that would if the operation were R."""
        pending = None
        for agreement in self.agreements:
            covered = agreement.covers(exp, imp, day, wclass, codes, operation)
            if covered:
                return agreement, None
            if covered is None and pending is None:
                pending = agreement
        return None, pending

    def _findings(self, ctx: _Context) -> Iterator[Finding]:
        requirements: list[Finding] = []
        prohibitions: list[Finding] = []
        for rule in _RULES.get():
            if rule.applies_to == "hazardous" and ctx.wclass != "hazardous":
                continue
            for fill in _condition(rule.condition, ctx):
                if rule.code == "basel.export_to_prohibiting_party" and ctx.exp_party is not True:
                    continue
                party = {
                    "export": ctx.exporter.alpha2,
                    "import": ctx.importer.alpha2,
                    "transit": fill.get("transit_code", ""),
                }[rule.side]
                finding = _finding(rule, ctx, party, fill)
                (prohibitions if isinstance(finding, Prohibition) else requirements).append(finding)
        yield from prohibitions
        yield from requirements


def _condition(name: str, ctx: _Context) -> Iterator[dict[str, str]]:
    """Each way the condition holds, with the words to fill in (``transit_code`` names a State)."""
    both = ctx.exp_party is True and ctx.imp_party is True
    if name == "pic":
        if both and ctx.agreement is None:
            yield {}
    elif name == "agreement":
        if ctx.agreement is not None and (ctx.exp_party or ctx.imp_party):
            yield {}
    elif name in ("transit_party", "transit_non_party"):
        if not (ctx.exp_party is True and ctx.agreement is None):
            return
        for state in ctx.shipment.transit:
            status = _party(state.alpha2, "basel", ctx.day)
            if (name == "transit_party" and status is True) or (
                name == "transit_non_party" and status is False
            ):
                yield {"transit": state.name, "transit_code": state.alpha2}
    elif name == "importer_non_party":
        if (
            ctx.exp_party is True
            and ctx.imp_party is False
            and ctx.agreement is ctx.pending is None
        ):
            yield {}
    elif name == "exporter_non_party":
        if (
            ctx.imp_party is True
            and ctx.exp_party is False
            and ctx.agreement is ctx.pending is None
        ):
            yield {}
    elif name == "ban":
        if _ban_applies(ctx) is True:
            yield {}
    elif (name == "import_prohibited" and ctx.prohibitions) or (
        name == "antarctica" and ctx.importer.alpha2 == "AQ" and ctx.exp_party is True
    ):
        yield {}


def _ban_applies(ctx: _Context) -> bool | None:
    """Article 4A: True, False, or None where the exporter's acceptance is unknown."""
    from mea_trade.instruments import get
    from mea_trade.parties import basel_annex_vii

    eif = get("basel_ban").entry_into_force
    if ctx.wclass != "hazardous" or ctx.exp_party is False or (eif and ctx.day < eif):
        return False
    if not basel_annex_vii(ctx.exporter, on=ctx.day) or basel_annex_vii(ctx.importer, on=ctx.day):
        return False
    return _party(ctx.exporter.alpha2, "basel_ban", ctx.day)


def _finding(rule: _Rule, ctx: _Context, party: str, fill: dict[str, str]) -> Finding:
    words = {
        "exporter": ctx.exporter.name,
        "importer": ctx.importer.name,
        "waste": ctx.waste,
        "operation": _operation_words(ctx.shipment.operation),
        "agreement": ctx.agreement.name if ctx.agreement else "",
        "procedure": ctx.agreement.procedure if ctx.agreement else "",
        "transit": "",
        **{k: v for k, v in fill.items() if k != "transit_code"},
    }
    reason = rule.text.format(**words)
    citation = rule.citation
    unverified = not rule.verified or ctx.unverified
    if rule.condition == "agreement" and ctx.agreement is not None:
        citation = ctx.agreement.citation or citation
        unverified = unverified or not ctx.agreement.verified
    if rule.condition == "ban":
        op = ctx.shipment.operation
        paragraph = "1" if op and op.startswith("D") else "2" if op else "1 and 2"
        citation = attrs.evolve(
            citation, provision=f"Article 4A, paragraph{'s' if op is None else ''} {paragraph}"
        )
    side: Literal["export", "import", "transit"] = rule.side  # type: ignore[assignment]
    if rule.kind == "prohibition":
        instrument = "basel_ban" if rule.condition == "ban" else NAME
        since = _since(party, "basel_ban" if rule.condition == "ban" else "basel", ctx.day)
        if rule.condition == "import_prohibited":
            starts = [p.start for p in ctx.prohibitions if p.start]
            since = max([since, *starts])
            citation = attrs.evolve(citation, note="; ".join(p.source for p in ctx.prohibitions))
        return Prohibition(
            code=rule.code,
            side=side,
            party=party,
            instrument=instrument,
            since=since,
            citation=citation,
            reason=reason,
            unverified=unverified,
        )
    return Requirement(
        code=rule.code,
        document=rule.document.format(**words),
        side=side,
        party=party,
        instrument=NAME,
        citation=citation,
        reason=reason,
        unverified=unverified,
    )


def _status_notes(ctx: _Context, pending: Agreement | None) -> Iterator[Note]:
    """Notes where participation or the operation leaves the answer open."""
    exp_name, imp_name = ctx.exporter.name, ctx.importer.name
    parties_ = {exp_name: ctx.exp_party, imp_name: ctx.imp_party}
    codes = {exp_name: ctx.exporter.alpha2, imp_name: ctx.importer.alpha2}
    unknown = [name for name, status in parties_.items() if status is None]
    for name in unknown:
        other = imp_name if name == exp_name else exp_name
        yield _note(
            "party_status_unknown",
            f"Party status unknown: the bundled list of Parties to the Basel Convention does not "
            f"say whether {name} was a Party on the date of the movement "
            f"({unknown_reason(codes[name], NAME, ctx.day, dated=False)}). If it was not, "
            f"{other} may not permit the movement of {ctx.waste} (Art. 4(5)) unless an "
            "Article 11 agreement covers it; if it was, prior informed consent applies (Art. 6).",
            "Article 4, paragraph 5",
        )
    if ctx.exp_party is False and ctx.imp_party is False:
        yield _note(
            "no_party",
            f"Neither {exp_name} nor {imp_name} was a Party to the Basel Convention on the "
            "date of the movement: the Convention binds neither State for this movement.",
        )
    if ctx.agreement is not None:
        yield Note(
            code="basel.article_11_agreement",
            text=(
                f"The movement falls under the {ctx.agreement.name} (Art. 11): the Convention's "
                "provisions do not affect movements under such agreements (Art. 11(2))"
                + (
                    "; it also lifts the ban on trade with a non-Party (Art. 4(5))."
                    if False in (ctx.exp_party, ctx.imp_party)
                    else "."
                )
            ),
            instrument=NAME,
            citation=ctx.agreement.citation,
        )
    elif pending is not None:
        yield Note(
            code="basel.operation_decides_agreement",
            text=(
                f"No operation declared: if the wastes are destined for recovery (R1-R13), the "
                f"{pending.name} covers the movement (Art. 11) and its procedure applies; for "
                "disposal it does not."
                + (
                    " Without it, the movement with a non-Party is prohibited (Art. 4(5))."
                    if False in (ctx.exp_party, ctx.imp_party)
                    else ""
                )
            ),
            instrument=NAME,
            citation=pending.citation,
        )
    ban = _ban_applies(ctx)
    if ban is None:
        yield _note(
            "ban_status_unknown",
            f"The bundled list of Parties to the Ban Amendment does not say whether "
            f"{exp_name} had accepted it on the date of the movement "
            f"({unknown_reason(ctx.exporter.alpha2, 'basel_ban', ctx.day, dated=False)}). "
            f"If it had, {exp_name} "
            f"(Annex VII) must prohibit the export of these hazardous wastes to {imp_name}, "
            "a State not listed in Annex VII (Art. 4A).",
            "Article 4A",
            "bc-art-4a",
        )
    for state in ctx.shipment.transit:
        if _party(state.alpha2, "basel", ctx.day) is None:
            yield _note(
                "transit_status_unknown",
                f"Party status of {state.name} (State of transit) unknown: if a Party, its "
                "written consent is needed (Art. 6(4)); if not, it must be notified (Art. 7).",
                "Article 6, paragraph 4",
            )


def _uncontrolled_notes(found: Classification, shipment: Shipment) -> Iterator[Note]:
    if found.status == "listed_non_hazardous":
        codes = ", ".join(e.code for e in found.entries)
        yield _note(
            "annex_ix",
            f"{codes}: Annex IX wastes are not hazardous wastes under Article 1(1)(a) and not "
            "subject to prior informed consent unless they contain Annex I material to an "
            "extent causing an Annex III characteristic (declare it with characteristics=); "
            "the law of the State of export, import or transit may still define them as "
            "hazardous (Art. 1(1)(b), Art. 3).",
            "Annex I, note (c); Annex IX",
        )
    elif found.status == "oecd":
        for e in found.entries:
            if e.kind == "oecd_green":
                text = (
                    f"{e.code} is an OECD green-list code: between OECD member countries, for "
                    "recovery, the OECD Decision applies only normal commercial controls. "
                    "Outside that, the Basel list entry of the waste decides: declare it."
                )
            else:
                text = (
                    f"{e.code} is an OECD code (read as amber list): between participating OECD "
                    "member countries, for recovery, the OECD Decision's notification and "
                    "consent apply. Outside that, the Basel list entry of the waste decides: "
                    "declare it."
                )
            yield Note(
                code="basel.oecd_code",
                text=text,
                instrument=NAME,
                citation=cited("oecd-waste-decision", "Appendices 3 and 4"),
            )
    if found.status == "unknown" and not found.notes:  # pragma: no cover - notes always explain
        yield _note("classification_unknown", "The waste's Basel status cannot be read.")


def _closing_notes(ctx: _Context) -> Iterator[Note]:
    if ctx.shipment.operation is None:
        yield _note(
            "operation_not_declared",
            "No Annex IV operation declared (operation='D1'...'D15' or 'R1'...'R13'): the "
            "notification must state the method of disposal, and some rules depend on it.",
            "Annex V A, item 18",
        )
    if ctx.exp_party is True or ctx.imp_party is True:
        yield _note(
            "reimport_duty",
            "If the movement cannot be completed as contracted, the State of export must ensure "
            "that the wastes are taken back within 90 days (Art. 8); a movement without "
            "notification or consent is illegal traffic, and the State of export must take back "
            "wastes illegally exported by the exporter or generator within 30 days (Art. 9(2)).",
            "Articles 8 and 9",
        )
    from mea_trade.parties import coverage

    as_of = coverage().get("basel")
    if as_of is not None and ctx.day > as_of:
        yield _note(
            "data_as_of",
            f"Participation in the Basel Convention is bundled as of {as_of.isoformat()}; later "
            "ratifications are not reflected.",
        )


# ---------------------------------------------------------------- module interface


def _bundled() -> RuleSet:
    prohibitions = tuple(
        ImportProhibition.from_row(r) for r in read_csv("basel/import_prohibitions.csv")
    )
    return RuleSet(
        agreements=tuple(Agreement.from_row(r) for r in read_csv("basel/agreements.csv")),
        import_prohibitions=prohibitions or None,
    )


_DEFAULT: Lazy[RuleSet] = Lazy(_bundled)


def rule_set(
    *,
    agreements: object = None,
    import_prohibitions: object = None,
    include_bundled_agreements: bool = True,
) -> RuleSet:
    """A Basel rule module with your own data, for :func:`mea_trade.assess` (``rules=``).

    *agreements* and *import_prohibitions* are a path to a CSV file, CSV text, or an
    iterable of mappings, in the formats of ``data/basel/agreements.csv`` and
    ``data/basel/import_prohibitions.csv`` (documented in their comment headers and
    on the docs page "Basel Convention"). Supplying import prohibitions (even an
    empty list) says that the list was checked.

    >>> import mea_trade as mt
    >>> rules = rule_set(import_prohibitions=[{"country": "GH", "wastes": "all"}])
    >>> s = mt.Shipment("A1181", exporter="DE", importer="GH", date="2025-06-01", operation="R4")
    >>> sorted({p.code for p in mt.assess(s, rules=[rules]).prohibitions})
    ['basel.ban_amendment', 'basel.export_to_prohibiting_party', 'basel.import_prohibited']
    """
    base = _DEFAULT.get()
    agreements_ = base.agreements if include_bundled_agreements else ()
    if agreements is not None:
        agreements_ = (*agreements_, *(Agreement.from_row(r) for r in _rows(agreements)))
    prohibitions: tuple[ImportProhibition, ...] | None = base.import_prohibitions
    if import_prohibitions is not None:
        prohibitions = (
            *(prohibitions or ()),
            *(ImportProhibition.from_row(r) for r in _rows(import_prohibitions)),
        )
    return RuleSet(agreements=agreements_, import_prohibitions=prohibitions)


def agreements() -> tuple[Agreement, ...]:
    """The bundled Article 11 agreements."""
    return _DEFAULT.get().agreements


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Basel Convention (and its Ban Amendment) for *shipment*."""
    if not isinstance(shipment.commodity, (Waste, HSCode)):
        return ()
    return _DEFAULT.get().evaluate(shipment)


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings for *shipment* stay the same.

    See :meth:`RuleSet.boundaries`.

    >>> import mea_trade as mt
    >>> boundaries(mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01"))
    ()
    """
    return _DEFAULT.get().boundaries(shipment)
