"""Rotterdam rules for a shipment: prior informed consent, export notification (Articles 10 to 13).

* Annex III chemicals (Arts. 10 and 11): the importing Party's response decides
  whether the chemical may be exported to it: consent, no consent, or consent with
  conditions. The responses come from the table passed to :class:`Rules` (the
  bundled one is empty: the rules then say "check the PIC Circular").
* Export notification (Art. 12): when a Party exports a chemical that it has banned
  or severely restricted, it notifies the importing Party before the first export
  (and before the first export of each calendar year). The shipment says so with
  ``banned_by_exporter=True``; without it, an Annex III chemical gets a note.
* Information to accompany exports (Art. 13): the HS code on the shipping document
  where one is assigned, and labelling on risks and hazards.

"Export" and "import" mean movements from one Party to another (Art. 2(f)); who is
a Party comes from :mod:`mea_trade.parties`, whose Rotterdam list is complete to its
as-of date: a country it does not include is not a Party up to that date, and after
it gets a note ("party status unknown"). The Convention
does not apply to wastes, pharmaceuticals and research quantities (Art. 3(2)),
which a declared :attr:`~mea_trade.records.Shipment.purpose` can say.

>>> import mea_trade as mt
>>> s = mt.Shipment("aldicarb", exporter="FR", importer="IN", date="2024-03-01")
>>> for f in evaluate(s):
...     print(f.code)
rotterdam.hs_code_on_shipping_document
rotterdam.export_labelling
rotterdam.check_pic_circular
rotterdam.export_notification_check
rotterdam.safety_data_sheet
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator, Sequence

from mea_trade._data import Lazy, cited
from mea_trade._providers import subject_of
from mea_trade._rules import (
    hs_line_days,
    hs_line_notes,
    notes_last,
    once,
    status_unknown_note,
    unknown_status,
)
from mea_trade.chemicals import Chemical, Identity
from mea_trade.citations import Citation
from mea_trade.hs import Flag, HSCode, chemical_subheadings
from mea_trade.membership import state, status_days
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment
from mea_trade.rotterdam.annex_iii import AnnexIIIEntry, entries_of, matches
from mea_trade.rotterdam.import_responses import ImportResponse, ImportResponses

__all__ = ["NAME", "Rules", "boundaries", "evaluate"]

NAME = "rotterdam"
_SHORT = "Rotterdam Convention"


def _cite(provision: str) -> Citation:
    return cited("rc-text", provision)


def _add_months(day: _dt.date, months: int) -> _dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month % 12 + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


class Rules:
    """The Rotterdam rules, reading a table of import responses.

    The module-level :func:`evaluate` uses the bundled (empty) table.

    >>> import mea_trade as mt
    >>> from mea_trade.records import Prohibition
    >>> # an invented import response, for illustration: not India's actual response
    >>> responses = ImportResponses.from_rows([{"importer": "IN", "chemical": "aldicarb",
    ...     "response": "no_consent", "decided": "2012-01-01", "published": "2012-06-01"}])
    >>> s = mt.Shipment("aldicarb", exporter="FR", importer="IN", date="2024-03-01")
    >>> [(p.code, p.party) for p in Rules(import_responses=responses).evaluate(s)
    ...  if isinstance(p, Prohibition)]
    [('rotterdam.import_not_consented', 'IN'), ('rotterdam.no_consent', 'FR')]
    """

    NAME = NAME

    def __init__(self, *, import_responses: ImportResponses | None = None) -> None:
        self.import_responses = (
            import_responses if import_responses is not None else ImportResponses.bundled()
        )
        self._bundled = import_responses is None

    def evaluate(self, shipment: Shipment) -> tuple[Finding, ...]:
        """Findings of the Rotterdam Convention for *shipment*."""
        if isinstance(shipment.commodity, HSCode):
            return _hs_notes(shipment.commodity, shipment.date)
        if shipment.exporter == shipment.importer:
            return ()  # no export or import (Art. 2(f))
        on = shipment.date
        exp, imp = shipment.exporter, shipment.importer
        found = matches(shipment.commodity)
        if not found and shipment.banned_by_exporter is not True:
            return ()  # what the checks below find for goods of no Annex III entry
        members = [(row, ident) for row, ident in found if ident.match == "member"]
        if members:
            return (_members_note(members, on),)
        listed = [(row, ident) for row, ident in found if row.in_force(on)]
        pending = [
            (row, ident)
            for row, ident in found
            if row.until is None and (row.entry_into_force is None or on < row.entry_into_force)
        ]
        banned = shipment.banned_by_exporter
        if not listed and not pending and banned is not True:
            return ()
        purpose = shipment.stated_purpose
        name = _name(shipment, listed or pending)
        excluded = _excluded(purpose, name)
        if excluded is not None:
            return (excluded,)
        ex = state(exp.alpha2, NAME, on)
        im = state(imp.alpha2, NAME, on)
        out: list[Finding] = []
        for side, country in ((ex, exp), (im, imp)):
            if side is None:
                why = unknown_status(
                    country,
                    NAME,
                    on,
                    f"The bundled list of Parties to the {_SHORT} does not say whether "
                    f"{country.name} is a Party",
                )
                out.append(
                    status_unknown_note(
                        NAME,
                        f"{why}; if both countries are Parties, the Convention's procedures apply "
                        f"to {name}.",
                        _cite("Article 2(f)"),
                    )
                )
        for row, ident in pending:
            out.append(_not_yet(row, ident.chemical.name))
        if (ex is False or im is False) and (listed or banned):
            out.append(
                Note(
                    code="rotterdam.non_party",
                    text=(
                        f"{name}: the Convention's export and import procedures apply to movements "
                        f"from one Party to another (Art. 2(f)); "
                        f"{exp.name if ex is False else imp.name} is not a Party on the date of "
                        "the movement."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 2(f)"),
                )
            )
        formulations = [(r, i) for r, i in listed if r.formulation]
        chemicals = [(r, i) for r, i in listed if not r.formulation]
        for row, _ in formulations:
            out.append(_formulation_note(row, exp.name, imp.name))
        if chemicals:
            if im:
                out.extend(self._import_response(shipment, chemicals, ex is True))
            if ex and im:
                out.extend(_article_13(shipment, chemicals, name))
        if ex and im:
            out.extend(_article_12(shipment, banned, bool(chemicals), name))
        return notes_last(once(out))

    def boundaries(self, shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
        """Between which dates the findings of :meth:`evaluate` for *shipment* stay the same.

        See :func:`boundaries`.
        """
        item = shipment.commodity
        if isinstance(item, HSCode):
            return (_hs_days(item),)
        exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
        if exp == imp:
            return ()
        found = matches(item)
        banned = shipment.banned_by_exporter
        if not found and banned is not True:
            return ()
        listed: set[_dt.date] = set()
        for row, ident in found:
            listed.update(d for d in (row.entry_into_force, row.until) if d is not None)
            for chem in dict.fromkeys((row.chemical, ident.chemical.id)):
                for resp in self.import_responses.entries.get((imp, chem), ()):
                    if resp.consents is False and resp.decided is None:
                        return None  # the prohibition is dated by the shipment
                    if resp.published is not None:
                        listed.add(_add_months(resp.published, 6))
        return (
            tuple(sorted(listed)),
            self.import_responses.days(),
            status_days(exp, NAME),
            status_days(imp, NAME),
        )

    def _import_response(
        self,
        shipment: Shipment,
        rows: Sequence[tuple[AnnexIIIEntry, Identity]],
        exporter_party: bool,
    ) -> Iterator[Finding]:
        on = shipment.date
        exp, imp = shipment.exporter, shipment.importer
        for row, ident in rows:
            chem_ids = tuple(dict.fromkeys((row.chemical, ident.chemical.id)))
            found = [
                r
                for c in chem_ids
                for r in self.import_responses.responses(imp.alpha2, c, on)
                if r.category in (None, row.category)
            ]
            what = f"{row.entry} (Annex III, {row.category_text})"
            unverified = bool(row.unverified - {"decision"})
            if not found:
                yield Note(
                    code="rotterdam.check_pic_circular",
                    text=(
                        f"{what}: {imp.name}'s import response decides whether it may be imported "
                        "(consent, no consent or consent with conditions; Art. 10). The "
                        + (
                            "bundled data hold no import responses"
                            if self._bundled
                            else "import responses supplied hold none for it"
                        )
                        + ": check the PIC Circular."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 10, paragraphs 2 and 4; Article 11, paragraph 1(b)"),
                )
                continue
            for resp in found:
                yield from _response_findings(
                    resp, what, exp.alpha2, exp.name, imp.name, on, exporter_party, unverified
                )


def _name(shipment: Shipment, rows: Sequence[tuple[AnnexIIIEntry, Identity]]) -> str:
    if rows:
        return subject_of(rows[0][1])
    item = shipment.commodity
    return item.name if isinstance(item, Chemical) else shipment.commodity_name


def _excluded(purpose: str | None, name: str) -> Note | None:
    """The scope exclusions of Article 3(2) that a declared purpose shows."""
    texts = {
        "disposal": ("wastes", "c"),
        "pharmaceutical": ("pharmaceuticals, including human and veterinary drugs", "e"),
        "medical": ("pharmaceuticals, including human and veterinary drugs", "e"),
    }
    if purpose in texts:
        what, letter = texts[purpose]
        return Note(
            code="rotterdam.outside_scope",
            text=(
                f"{name} declared for {purpose}: the Convention does not apply to {what} "
                f"(Art. 3(2)({letter}))."
            ),
            instrument=NAME,
            citation=_cite(f"Article 3, paragraph 2({letter})"),
        )
    if purpose in ("laboratory", "research"):
        return Note(
            code="rotterdam.outside_scope",
            text=(
                f"{name} declared for {purpose}: the Convention does not apply to chemicals in "
                "quantities not likely to affect human health or the environment imported for "
                "the purpose of research or analysis (Art. 3(2)(h)(i))."
            ),
            instrument=NAME,
            citation=_cite("Article 3, paragraph 2(h)"),
        )
    return None


def _response_findings(
    resp: ImportResponse,
    what: str,
    exporter: str,
    exporter_name: str,
    importer_name: str,
    on: _dt.date,
    exporter_party: bool,
    unverified: bool,
) -> Iterator[Finding]:
    interim = resp.response.startswith("interim_")
    kind = "interim decision" if interim else "import response"
    ref = f" ({resp.reference})" if resp.reference else ""
    decided = resp.decided.isoformat() if resp.decided else "date not given"
    if resp.response == "no_response":
        yield Note(
            code="rotterdam.no_import_response",
            text=(
                f"{what}: {importer_name} has not transmitted a response{ref}. An exporting Party "
                "may then export it only if it is registered in, or was previously used in or "
                "imported into, the importing Party, or with the explicit consent of its "
                "designated national authority (Art. 11(2))."
            ),
            instrument=NAME,
            citation=_cite("Article 11, paragraph 2"),
        )
        return
    if resp.consents is False:
        yield Prohibition(
            code="rotterdam.import_not_consented",
            side="import",
            party=resp.importer.alpha2,
            instrument=NAME,
            since=resp.decided or on,
            citation=_cite("Article 10, paragraphs 4 and 9"),
            reason=(
                f"{importer_name} does not consent to the import of {what} ({kind} of "
                f"{decided}{ref}) and prohibits its import from any source (Art. 10(9)(a))"
            ),
            unverified=unverified,
        )
        if exporter_party:
            due = _add_months(resp.published, 6) if resp.published else None
            if due is None or on >= due:
                yield Prohibition(
                    code="rotterdam.no_consent",
                    side="export",
                    party=exporter,
                    instrument=NAME,
                    since=due or resp.decided or on,
                    citation=_cite("Article 11, paragraph 1(b)"),
                    reason=(
                        f"{exporter_name} must ensure that its exporters comply with "
                        f"{importer_name}'s decision not to consent to the import of {what} "
                        + (
                            f"(from six months after the Secretariat first informed the Parties "
                            f"of it, on {resp.published.isoformat()})"
                            if resp.published
                            else "(no later than six months after the Secretariat first informs "
                            "the Parties of it; date not given)"
                        )
                    ),
                    unverified=unverified or resp.published is None,
                )
        return
    if resp.response.endswith("with_conditions"):
        yield Requirement(
            code="rotterdam.import_conditions",
            document=f"compliance with the conditions of {importer_name}'s {kind}",
            side="import",
            party=resp.importer.alpha2,
            instrument=NAME,
            citation=_cite("Article 10, paragraph 4(a)(iii)"),
            reason=(
                f"{importer_name} consents to the import of {what} only subject to conditions "
                f"({kind} of {decided}{ref}): {resp.conditions or 'conditions not given'}"
            ),
            unverified=unverified,
        )
        return
    yield Note(
        code="rotterdam.import_consented",
        text=f"{importer_name} consents to the import of {what} ({kind} of {decided}{ref}).",
        instrument=NAME,
        citation=_cite("Article 10, paragraph 4"),
    )


def _article_13(
    shipment: Shipment, rows: Sequence[tuple[AnnexIIIEntry, Identity]], name: str
) -> Iterator[Finding]:

    exp = shipment.exporter
    codes: list[str] = []
    for row, ident in rows:
        for chem in dict.fromkeys((ident.chemical.id, row.chemical)):
            codes += [str(c) for c in chemical_subheadings(chem) if str(c) not in codes]
    unverified = all(bool(r.unverified - {"decision"}) for r, _ in rows)
    if codes:
        yield Requirement(
            code="rotterdam.hs_code_on_shipping_document",
            document=f"shipping document bearing the HS code ({' or '.join(codes)})",
            side="export",
            party=exp.alpha2,
            instrument=NAME,
            citation=_cite("Article 13, paragraph 1"),
            reason=(
                f"{exp.name} must require that the shipping document of {name}, an Annex III "
                f"chemical, bears the code the World Customs Organization assigned to it "
                f"(HS 2022 subheadings naming it: {', '.join(codes)})"
            ),
            unverified=unverified,
        )
    else:
        yield Note(
            code="rotterdam.hs_code_check",
            text=(
                f"{name}: whenever a Harmonized System code has been assigned to an Annex III "
                "chemical, the shipping document must bear it when exported (Art. 13(1)); the "
                "library knows no HS subheading that names it."
            ),
            instrument=NAME,
            citation=_cite("Article 13, paragraph 1"),
        )
    yield Requirement(
        code="rotterdam.export_labelling",
        document=(
            "labelling with information on risks and hazards to human health and the environment"
        ),
        side="export",
        party=exp.alpha2,
        instrument=NAME,
        citation=_cite("Article 13, paragraph 2"),
        reason=(
            f"{exp.name} must require that {name}, an Annex III chemical, is labelled when "
            "exported so that information on its risks and hazards is available, taking into "
            "account international standards (without prejudice to the importing Party's "
            "requirements)"
        ),
        unverified=unverified,
    )


def _article_12(
    shipment: Shipment, banned: bool | None, annex_iii: bool, name: str
) -> Iterator[Finding]:
    exp, imp = shipment.exporter, shipment.importer
    cite = _cite("Article 12, paragraphs 1 and 2")
    if banned is True:
        yield Requirement(
            code="rotterdam.export_notification",
            document="export notification",
            side="export",
            party=exp.alpha2,
            instrument=NAME,
            citation=cite,
            reason=(
                f"{exp.name} has banned or severely restricted {name} and must provide "
                f"{imp.name} an export notification (information of Annex V) before the first "
                "export following its final regulatory action, and thereafter before the first "
                "export in each calendar year, unless the importing Party waived it"
                + (
                    "; for an Annex III chemical the obligation ends once the importing Party's "
                    "response has been circulated by the Secretariat (Art. 12(5))"
                    if annex_iii
                    else ""
                )
            ),
        )
        if not annex_iii:
            yield Requirement(
                code="rotterdam.export_labelling",
                document=(
                    "labelling with information on risks and hazards to human health and the "
                    "environment"
                ),
                side="export",
                party=exp.alpha2,
                instrument=NAME,
                citation=_cite("Article 13, paragraph 2"),
                reason=(
                    f"{exp.name} must require that {name}, a chemical banned or severely "
                    "restricted in its territory, is labelled when exported with information on "
                    "its risks and hazards"
                ),
            )
    elif banned is None and annex_iii:
        yield Note(
            code="rotterdam.export_notification_check",
            text=(
                f"If {exp.name} has banned or severely restricted {name} by final regulatory "
                f"action, it must send {imp.name} an export notification before the first export "
                "(and before the first export of each calendar year) until the Secretariat has "
                "circulated the importing Party's response (Art. 12). Declare "
                "banned_by_exporter to decide."
            ),
            instrument=NAME,
            citation=cite,
        )
    if annex_iii or banned:
        yield Note(
            code="rotterdam.safety_data_sheet",
            text=(
                f"If {name} is to be used for occupational purposes, {exp.name} must require that "
                "a safety data sheet in an internationally recognised format is sent to each "
                "importer (Art. 13(4)), as far as practicable in an official language of "
                f"{imp.name} (Art. 13(5))."
            ),
            instrument=NAME,
            citation=_cite("Article 13, paragraphs 4 and 5"),
        )


def _members_note(rows: Sequence[tuple[AnnexIIIEntry, Identity]], on: _dt.date) -> Note:
    family = rows[0][1].via
    names = sorted({i.chemical.name for r, i in rows if r.in_force(on)})
    return Note(
        code="rotterdam.family_members",
        text=(
            f"Annex III lists these forms of {family.name if family else 'the goods'} one by one: "
            f"{', '.join(names)}. If the goods are one of them, the prior informed consent "
            "procedure applies; declare which to assess it."
        ),
        instrument=NAME,
        citation=rows[0][0].citation,
    )


def _formulation_note(row: AnnexIIIEntry, exporter: str, importer: str) -> Note:
    return Note(
        code="rotterdam.formulation",
        text=(
            f"Annex III lists only certain formulations: {row.entry} ({row.category_text}). If the "
            f"goods are such a formulation, {importer}'s import response decides whether they may "
            f"be imported (Art. 10; check the PIC Circular), and {exporter} must require the HS "
            "code on the shipping document and hazard labelling (Art. 13)."
        ),
        instrument=NAME,
        citation=row.citation,
    )


def _not_yet(row: AnnexIIIEntry, name: str) -> Note:
    when = (
        f"enters into force on {row.entry_into_force.isoformat()}"
        if row.entry_into_force
        else "enters into force on a date the decision specifies, not in the bundled data"
    )
    return Note(
        code="rotterdam.listing_not_in_force",
        text=(
            f"{name}: the listing in Annex III by {row.decision} (adopted {row.adopted}) {when} "
            "(Art. 22(5)(c)); the prior informed consent procedure applies from then."
        ),
        instrument=NAME,
        citation=_cite("Article 22, paragraph 5"),
    )


def _hs_notes(code: HSCode, on: _dt.date) -> tuple[Note, ...]:
    def text(flag: Flag) -> str:
        parts = []
        for chem in flag.chemicals:
            for row in entries_of(chem):
                if row.until and on >= row.until:
                    continue
                since = row.entry_into_force.isoformat() if row.entry_into_force else "date unknown"
                parts.append(
                    f"{Chemical._get(chem).name}: Annex III ({row.category_text}) since {since}"
                )
        listed = "; ".join(dict.fromkeys(parts)) if parts else flag.reason
        return (
            f"HS {code} may be a chemical of Annex III of the {_SHORT}: {listed}. Declare the "
            "chemical by name or CAS number to apply the prior informed consent procedure."
        )

    return hs_line_notes(code, NAME, text)


_DEFAULT: Lazy[Rules] = Lazy(Rules)


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Rotterdam Convention for *shipment*, with the bundled (empty) responses.

    Use :class:`Rules` with your own :class:`~mea_trade.rotterdam.import_responses.ImportResponses`
    to apply the importing Parties' decisions.
    """
    return _DEFAULT.get().evaluate(shipment)


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings of :func:`evaluate` for *shipment* stay the same.

    For an HS code, the dates its flagged chemicals' Annex III entries ceased to apply;
    ``()`` (no date changes them: none) for a movement within one country, or goods that
    match no Annex III entry and are not declared banned by the exporter; otherwise the
    dates the entries enter into force and end, the import responses' dates (and six
    months after each was published, Art. 11(1)(b)), and the dates the two States'
    status may change (:func:`mea_trade.membership.status_days`). None (any date may
    change them) where a refusal of consent gives no date (the prohibition is dated by
    the shipment). See :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> boundaries(mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01"))
    ()
    >>> len(boundaries(mt.Shipment("aldicarb", exporter="FR", importer="IN", date="2024-03-01")))
    4
    """
    return _DEFAULT.get().boundaries(shipment)


@functools.lru_cache(maxsize=1024)
def _hs_days(code: HSCode) -> tuple[_dt.date, ...]:
    """The dates at which the notes of :func:`_hs_notes` for *code* may change."""
    return hs_line_days(code, NAME, entries_of)
