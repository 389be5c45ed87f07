"""Stockholm rules for a shipment: imports and exports of Annex A and B chemicals (Article 3(2)).

* Import (Art. 3(2)(a)): a chemical listed in Annex A or B is imported only for
  environmentally sound disposal or for a use or purpose permitted to the importing
  Party under the Annexes.
* Export (Art. 3(2)(b)): a chemical with a specific exemption or acceptable purpose
  in effect is exported only for environmentally sound disposal, to a Party
  permitted to use it, or to a State not Party that has given the exporting Party
  an annual certification.
* Export (Art. 3(2)(c)): an Annex A chemical with no production or use exemption
  in effect for any Party is exported only for environmentally sound disposal.
* Laboratory-scale research and reference standards are outside paragraphs 1 and
  2 (Art. 3(5)); Annex C lists chemicals formed unintentionally (no trade rule).

Who is a Party comes from :mod:`mea_trade.parties`; the bundled Stockholm list is
complete only to an earlier date than its sources: a country it does not include is
not a Party up to that date, and after it gets a note ("party status unknown"),
never a guess. A listing added by amendment binds a Party that declared under
Article 25(4) only once it ratifies the amendment, which the library does not
record: it gets a note too. Whether a Party holds a specific exemption comes from
the register passed to :class:`Rules` (the bundled one is empty).

>>> import mea_trade as mt
>>> s = mt.Shipment("endrin", exporter="FR", importer="IN", date="2024-03-01")
>>> [(f.code, f.party) for f in evaluate(s)]
[('stockholm.import_ban', 'IN'), ('stockholm.export_ban', 'FR')]
>>> s = mt.Shipment("endrin", exporter="FR", importer="IN", date="2024-03-01", purpose="disposal")
>>> [f.code for f in evaluate(s)]
['stockholm.import_for_disposal', 'stockholm.export_for_disposal']
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator

import attrs

from mea_trade._data import Lazy, cited
from mea_trade._rules import hs_line_days, hs_line_notes, once, status_unknown_note, unknown_status
from mea_trade.chemicals import Chemical
from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.hs import Flag, HSCode
from mea_trade.membership import bound_since, status_days
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment
from mea_trade.stockholm.annexes import (
    StockholmListing,
    declarants,
    listings_of,
    matches,
    ratified,
)
from mea_trade.stockholm.register import ExemptionRegister

__all__ = ["NAME", "Rules", "boundaries", "evaluate"]

NAME = "stockholm"
_SHORT = "Stockholm Convention"


def _cite(provision: str) -> Citation:
    return cited("sc-text", provision)


@attrs.frozen
class _Side:
    """A country's standing under one listing on the shipment's date."""

    state: bool | None  # bound, not bound, or unknown
    since: _dt.date | None = None
    why: str = ""


def _side(country: Country, row: StockholmListing, on: _dt.date) -> _Side:
    code, name = country.alpha2, country.name
    since = bound_since(code, NAME, on)
    if since is None:
        return _Side(
            None,
            why=unknown_status(
                country,
                NAME,
                on,
                f"the bundled list of Parties to the {_SHORT} does not say whether {name} is a "
                "Party: its status is unknown",
            ),
        )
    if since is False:
        return _Side(False)
    assert row.entry_into_force is not None
    if not row.original:
        withdrawn = declarants().get(code, _dt.date.max)
        if code in declarants() and (withdrawn is None or on < withdrawn):
            # Art. 22(4): in force for the declarant 90 days after it ratifies the amendment
            own = ratified(code, row.notification) if row.notification else None
            if own is None:
                return _Side(
                    None,
                    why=(
                        f"{name} declared under Article 25(4) that amendments to the annexes bind "
                        "it only once it ratifies them, and the library does not record whether "
                        f"it ratified the listing of {row.decision}"
                    ),
                )
            if on < own:
                return _Side(False)  # not yet bound with respect to this chemical (Art. 3(2)(d))
            return _Side(True, max(since, own, row.entry_into_force))
    return _Side(True, max(since, row.entry_into_force))


def _what(row: StockholmListing, member: str | None) -> str:
    entry = f"Annex {row.annex} ({row.entry})"
    return f"{member}, listed in {entry}" if member else f"{row.entry}, listed in Annex {row.annex}"


class Rules:
    """The Stockholm rules, reading a register of specific exemptions and acceptable purposes.

    The module-level :func:`evaluate` uses the bundled (empty, incomplete) register.

    >>> import mea_trade as mt
    >>> reg = ExemptionRegister.from_rows([], complete=True)
    >>> s = mt.Shipment("lindane", exporter="FR", importer="IN", date="2024-03-01")
    >>> [f.code for f in Rules(register=reg).evaluate(s)]
    ['stockholm.import_ban', 'stockholm.export_ban_not_permitted']
    """

    NAME = NAME

    def __init__(self, *, register: ExemptionRegister | None = None) -> None:
        self.register = register if register is not None else ExemptionRegister.bundled()

    def evaluate(self, shipment: Shipment) -> tuple[Finding, ...]:
        """Findings of the Stockholm Convention for *shipment*."""
        if isinstance(shipment.commodity, HSCode):
            return _hs_notes(shipment.commodity, shipment.date)
        if shipment.exporter == shipment.importer:
            return ()  # no import or export
        found = matches(shipment.commodity, text=None)
        if not found:
            return ()
        notes: list[Note] = []
        on = shipment.date
        trade_rows = []
        for row, ident in found:
            member = ident.via.name if ident.via is not None else None
            if row.annex == "C":
                continue
            if row.until is not None and on >= row.until:
                continue
            if row.entry_into_force is None or on < row.entry_into_force:
                notes.append(_not_yet(row, member, on))
                continue
            trade_rows.append((row, member, ident.chemical.id))
        if not trade_rows:
            c_rows = [row for row, _ in found if row.annex == "C"]
            if c_rows and not notes:
                notes.append(
                    Note(
                        code="stockholm.annex_c",
                        text=(
                            f"{c_rows[0].entry} is listed in Annex C (unintentional production): "
                            "Parties reduce its releases under Article 5; Article 3 sets no "
                            "rule on "
                            "its trade."
                        ),
                        instrument=NAME,
                        citation=_cite("Article 5; Annex C"),
                    )
                )
            return tuple(notes)
        purpose = shipment.stated_purpose
        if purpose == "laboratory":
            row = trade_rows[0][0]
            return (
                Note(
                    code="stockholm.laboratory",
                    text=(
                        f"{row.entry} (Annex {row.annex}) declared for laboratory-scale "
                        "research or "
                        "as a reference standard: paragraphs 1 and 2 of Article 3 do not apply to "
                        "such quantities (Art. 3(5))."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 5"),
                ),
            )
        findings = [
            finding
            for row, member, chem_id in trade_rows
            for finding in self._row(shipment, row, member, chem_id)
        ]
        return (*once(findings), *notes)

    def boundaries(self, shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
        """Between which dates the findings of :meth:`evaluate` for *shipment* stay the same.

        See :func:`boundaries`.
        """
        item = shipment.commodity
        if isinstance(item, HSCode):
            return (_hs_days(item),)
        if shipment.exporter == shipment.importer:
            return ()
        found = matches(item, text=None)
        if not found:
            return ()
        rows = [row for row, _ in found]
        listed: set[_dt.date] = set()
        for row in rows:
            listed.update(d for d in (row.entry_into_force, row.until) if d is not None)
        out: list[tuple[_dt.date, ...]] = [tuple(sorted(listed)), self.register.days()]
        for country in (shipment.exporter, shipment.importer):
            code = country.alpha2
            own: set[_dt.date] = set()
            if code in declarants():
                withdrawn = declarants()[code]
                own.update(d for d in (withdrawn,) if d is not None)
                for row in rows:
                    day = ratified(code, row.notification) if row.notification else None
                    own.update(d for d in (day,) if d is not None)
            out.extend((status_days(code, NAME), tuple(sorted(own))))
        return tuple(out)

    def _permitted(
        self, code: str, row: StockholmListing, chem_ids: tuple[str, ...], on: _dt.date
    ) -> str | None:
        """The registered exemptions or purposes of *code* for the chemical, in words, or None."""
        regs = [r for c in chem_ids for r in self.register.registrations(code, c, on)]
        if not regs:
            return None
        return "; ".join(
            f"{r.kind.replace('_', ' ')}: {r.description}"
            + (f" (until {r.until.isoformat()})" if r.until else "")
            for r in regs
        )

    def _row(
        self,
        shipment: Shipment,
        row: StockholmListing,
        member: str | None,
        chem_id: str,
    ) -> Iterator[Finding]:
        on = shipment.date
        exp, imp = shipment.exporter, shipment.importer
        ex = _side(exp, row, on)
        im = _side(imp, row, on)
        what = _what(row, member)
        purpose = shipment.stated_purpose
        unverified = bool(row.unverified - {"decision"})
        chem_ids = tuple(dict.fromkeys((row.chemical, chem_id)))
        for side, country in ((ex, exp), (im, imp)):
            if side.state is None:
                yield status_unknown_note(
                    NAME,
                    f"{what}: {side.why}. If it is bound, Article 3(2) restricts the "
                    f"{'export' if country is exp else 'import'} of this chemical.",
                    _cite("Article 3, paragraph 2"),
                )
        if ex.state is False and im.state is False:
            yield Note(
                code="stockholm.non_parties",
                text=(
                    f"{what}. Neither {exp.name} nor {imp.name} is a Party to the {_SHORT} on "
                    "the date of the movement: Article 3(2) binds neither."
                ),
                instrument=NAME,
                citation=_cite("Article 3, paragraph 2"),
            )
            return
        permitted = self._permitted(imp.alpha2, row, chem_ids, on)
        no_exemption = row.annex == "A" and row.exemptions == "none"
        kinds = {
            "register": "a specific exemption registered for it (Article 4)",
            "all_parties": "an exemption that every Party may use (Annex A, note (iv))",
            "acceptable_purpose": "an acceptable purpose or specific exemption of Annex B",
        }
        # ---- import (Article 3(2)(a))
        if im.state:
            assert im.since is not None
            if purpose == "disposal":
                yield Note(
                    code="stockholm.import_for_disposal",
                    text=(
                        f"{what}, imported for environmentally sound disposal: permitted under "
                        "Article 3(2)(a)(i) (disposal as set out in Article 6(1)(d); the Basel "
                        "Convention governs wastes)."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 2(a)(i)"),
                )
            elif permitted:
                yield Note(
                    code="stockholm.import_permitted_use",
                    text=(
                        f"{what}: {imp.name} may import it for the use or purpose registered "
                        "for it "
                        f"({permitted}), Article 3(2)(a)(ii); the goods must go to that use."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 2(a)(ii)"),
                )
            elif no_exemption or (row.exemptions == "register" and self.register.complete):
                reason = (
                    "no specific exemption exists for it"
                    if no_exemption
                    else f"the register supplied shows no exemption of {imp.name} for it"
                )
                yield Prohibition(
                    code="stockholm.import_ban",
                    side="import",
                    party=imp.alpha2,
                    instrument=NAME,
                    since=im.since,
                    citation=_cite("Article 3, paragraph 2(a)"),
                    reason=(
                        f"{imp.name} must ensure that {what} is imported only for environmentally "
                        f"sound disposal ({reason}; laboratory-scale research and reference "
                        "standards aside, Art. 3(5))"
                    ),
                    unverified=unverified,
                )
            else:
                yield Note(
                    code="stockholm.import_check_register",
                    text=(
                        f"{what}: {imp.name} may import it only for environmentally sound disposal "
                        f"or for a use or purpose permitted to it under Annex {row.annex} "
                        f"({kinds.get(row.exemptions, 'an exemption')}; "
                        f"{row.describe_exemptions() or 'exemptions not read'}), Article 3(2)(a). "
                        "The bundled data hold no register of exemptions: check the Secretariat's "
                        "register."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 2(a); Article 4"),
                )
        # ---- export (Article 3(2)(b) and (c))
        if ex.state:
            assert ex.since is not None
            if purpose == "disposal":
                yield Note(
                    code="stockholm.export_for_disposal",
                    text=(
                        f"{what}, exported for environmentally sound disposal: permitted under "
                        "Article 3(2)(b)(i) and (c) (the Basel Convention governs wastes)."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 2(b)(i) and (c)"),
                )
            elif no_exemption:
                yield Prohibition(
                    code="stockholm.export_ban",
                    side="export",
                    party=exp.alpha2,
                    instrument=NAME,
                    since=ex.since,
                    citation=_cite("Article 3, paragraph 2(c)"),
                    reason=(
                        f"{exp.name} must ensure that {what}, for which no production or use "
                        "specific exemption exists, is not exported except for environmentally "
                        "sound disposal"
                    ),
                    unverified=unverified,
                )
            elif im.state is False:
                yield Requirement(
                    code="stockholm.annual_certification",
                    document="annual certification from the importing State",
                    side="export",
                    party=exp.alpha2,
                    instrument=NAME,
                    citation=_cite("Article 3, paragraph 2(b)(iii)"),
                    reason=(
                        f"{imp.name} is not a Party: {exp.name} may export {what} to it only "
                        "if it has provided an annual certification stating the intended use and "
                        "its commitment to minimise releases and to comply with Article 6(1) "
                        "(transmitted to the Secretariat within sixty days); if no exemption for "
                        "the chemical is in effect for any Party any more, only for disposal "
                        "(Art. 3(2)(c))"
                    ),
                    unverified=unverified,
                )
            elif (
                im.state
                and not permitted
                and row.exemptions == "register"
                and self.register.complete
            ):
                yield Prohibition(
                    code="stockholm.export_ban_not_permitted",
                    side="export",
                    party=exp.alpha2,
                    instrument=NAME,
                    since=max(ex.since, im.since or ex.since),
                    citation=_cite("Article 3, paragraph 2(b)(ii)"),
                    reason=(
                        f"{exp.name} may export {what} only for disposal or to a Party permitted "
                        f"to use it, and the register supplied shows no exemption of {imp.name} "
                        "for it"
                    ),
                    unverified=unverified,
                )
        if row.chemical == "pcb":
            yield Note(
                code="stockholm.pcb_equipment",
                text=(
                    "Equipment containing polychlorinated biphenyls (transformers, capacitors and "
                    "other receptacles with liquid stocks) shall not be exported or imported "
                    "except for environmentally sound waste management (Annex A, Part II(c))."
                ),
                instrument=NAME,
                citation=_cite("Annex A, Part II, subparagraph (c)"),
            )
        if row.chemical == "ddt":
            yield Note(
                code="stockholm.ddt_register",
                text=(
                    "DDT may be produced and used for disease vector control only by Parties that "
                    "notified the Secretariat and are in the DDT Register (Annex B, Part II)."
                ),
                instrument=NAME,
                citation=_cite("Annex B, Part II"),
            )


def _not_yet(row: StockholmListing, member: str | None, on: _dt.date) -> Note:
    what = _what(row, member)
    if row.entry_into_force is None:
        text = (
            f"{what} by {row.cop} (adopted {row.adopted}): the date the listing enters into "
            "force is not in the bundled data (one year after the depositary's communication, "
            "Art. 22(3)(c)); the Article 3(2) rules will then apply."
        )
    else:
        text = (
            f"{what} by {row.decision}: the listing enters into force on "
            f"{row.entry_into_force.isoformat()}; the Article 3(2) rules apply from then."
        )
    return Note(
        code="stockholm.listing_not_in_force",
        text=text,
        instrument=NAME,
        citation=_cite("Article 22, paragraphs 3 and 4"),
    )


def _hs_notes(code: HSCode, on: _dt.date) -> tuple[Note, ...]:
    def text(flag: Flag) -> str:
        parts = []
        for chem in flag.chemicals:
            for row in listings_of(chem):
                if row.annex == "C" or (row.until and on >= row.until):
                    continue
                since = row.entry_into_force.isoformat() if row.entry_into_force else "date unknown"
                exemptions = row.describe_exemptions()
                parts.append(
                    f"{Chemical._get(chem).name}: Annex {row.annex} since {since}"
                    + (f" ({exemptions})" if exemptions else "")
                )
        listed = "; ".join(parts) if parts else flag.reason
        return (
            f"HS {code} may be a chemical listed by the {_SHORT}: {listed}. Declare the "
            "chemical by name or CAS number to apply Article 3(2)."
        )

    return hs_line_notes(code, NAME, text)


_DEFAULT: Lazy[Rules] = Lazy(Rules)


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Stockholm Convention for *shipment*, with the bundled (empty) register.

    Use :class:`Rules` with your own :class:`~mea_trade.stockholm.register.ExemptionRegister`
    to apply registered exemptions.
    """
    return _DEFAULT.get().evaluate(shipment)


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings of :func:`evaluate` for *shipment* stay the same.

    For an HS code, the dates its flagged chemicals' listings ceased to apply; ``()`` (no
    date changes them: none) for a movement within one country or goods that match no
    listing; for a listed chemical, the dates its listings enter into force and end,
    the register's dates, and the dates the two States' status may change
    (:func:`mea_trade.membership.status_days`, with the Article 25(4) declarations and
    ratifications). See
    :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> boundaries(mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01"))
    ()
    >>> len(boundaries(mt.Shipment("lindane", exporter="DE", importer="IN", date="2024-01-01")))
    6
    """
    return _DEFAULT.get().boundaries(shipment)


@functools.lru_cache(maxsize=1024)
def _hs_days(code: HSCode) -> tuple[_dt.date, ...]:
    """The dates at which the notes of :func:`_hs_notes` for *code* may change."""
    return hs_line_days(code, NAME, lambda chem: (r for r in listings_of(chem) if r.annex != "C"))
