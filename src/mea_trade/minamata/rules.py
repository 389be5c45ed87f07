"""Minamata rules for a shipment: mercury trade (Art. 3) and mercury-added products (Art. 4).

* Mercury (Art. 3(6)-(8)): a Party allows the export of mercury only to a Party
  that has given its written consent, for a use allowed to it or environmentally
  sound interim storage, or to a non-Party that has given its written consent
  with a certification; and the import of mercury from a non-Party only with its
  certification that the mercury is not from primary mining or decommissioned
  chlor-alkali facilities. The Article does not apply to laboratory-scale
  research or reference standards (Art. 3(2)(a)); its trade rules concern
  mercury, not the mercury compounds (Art. 3(13)).
* Mercury-added products of Annex A, Part I (Art. 4(1)): after the phase-out
  date, manufacture, import and export are not allowed, except where Annex A
  excludes the product or the Party has a registered exemption (Art. 6; the
  register is passed to :class:`Rules`, the bundled one is empty). Products are
  found by the words trade documents use; an entry defined by a wattage or a
  mercury content the words do not state gives a note, not a ban.
* Annex A, Part II (dental amalgam) and Annex B (processes) are measures, noted.

Who is a Party comes from :mod:`mea_trade.parties`, whose Minamata list is complete
only to an earlier date than its sources: a country it does not include is not a
Party up to that date, and after it gets a note ("party status unknown").

>>> import mea_trade as mt
>>> s = mt.Shipment("mercury thermometer", exporter="CN", importer="BR", date="2024-03-01")
>>> [(f.code, f.party) for f in evaluate(s)]
[('minamata.product_ban', 'CN'), ('minamata.product_ban', 'BR')]
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator, Mapping
from typing import Literal

from mea_trade._data import Lazy, cited
from mea_trade._rules import hs_line_notes, notes_last, once, status_unknown_note, unknown_status
from mea_trade.chemicals import Chemical, identities
from mea_trade.citations import Citation
from mea_trade.countries import Country
from mea_trade.hs import Flag, HSCode
from mea_trade.membership import bound_since, status_days
from mea_trade.minamata.annexes import (
    AnnexAEntry,
    annex_b,
    article_3,
    declarants,
    entries_for,
    exclusions,
)
from mea_trade.minamata.register import ExemptionRegister
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment

__all__ = ["NAME", "Rules", "boundaries", "evaluate"]

NAME = "minamata"
_SHORT = "Minamata Convention"


def _cite(provision: str) -> Citation:
    return cited("mc-text", provision)


def _unknown(country: Country, on: _dt.date) -> Note:
    reason = unknown_status(
        country,
        NAME,
        on,
        f"the bundled list of Parties to the {_SHORT} does not say whether {country.name} is "
        "a Party",
    )
    return status_unknown_note(
        NAME,
        f"{reason[0].upper()}{reason[1:]}; its obligations under Articles 3 and 4 cannot be "
        "assessed.",
        _cite("Article 2(g)"),
    )


class Rules:
    """The Minamata rules, reading a register of exemptions (Article 6).

    The module-level :func:`evaluate` uses the bundled (empty) register.

    >>> import mea_trade as mt
    >>> from mea_trade.minamata import ExemptionRegister
    >>> # an invented register row, for illustration: not Brazil's actual exemption
    >>> reg = ExemptionRegister.from_rows([{"party": "BR", "product": "mercury thermometer",
    ...                                     "until": "2025-12-31"}])
    >>> s = mt.Shipment("mercury thermometer", exporter="CN", importer="BR", date="2024-03-01")
    >>> [(f.code, getattr(f, "party", None)) for f in Rules(register=reg).evaluate(s)]
    [('minamata.product_ban', 'CN'), ('minamata.registered_exemption', None)]
    """

    NAME = NAME

    def __init__(self, *, register: ExemptionRegister | None = None) -> None:
        self.register = register if register is not None else ExemptionRegister.bundled()

    def evaluate(self, shipment: Shipment) -> tuple[Finding, ...]:
        """Findings of the Minamata Convention for *shipment*."""
        item = shipment.commodity
        if isinstance(item, HSCode):
            return hs_line_notes(item, NAME, functools.partial(_hs_text, item))
        if shipment.exporter == shipment.importer:
            return ()  # no import or export
        if isinstance(item, Chemical) and item.kind == "product":
            return notes_last(once(self._product(shipment, item)))
        rows = [row for ident in identities(item) for row in article_3(ident.chemical.id)]
        if not rows:
            return ()
        return notes_last(
            once(
                finding
                for row in rows
                for finding in _mercury(shipment, row.chemical, row.trade_rules, row.citation)
            )
        )

    def boundaries(self, shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
        """Between which dates the findings of :meth:`evaluate` for *shipment* stay the same.

        See :func:`boundaries`.
        """
        item = shipment.commodity
        exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
        if isinstance(item, HSCode) or exp == imp:
            return ()
        listed: set[_dt.date] = set()
        if isinstance(item, Chemical) and item.kind == "product":
            rows = entries_for(item.id)
            if not rows:
                return ()
            for row in rows:
                listed.update(d for d in (row.entry_into_force, row.banned_from) if d)
                if row.banned_from is not None:  # no exemption ten years on (Art. 6(9))
                    listed.add(_dt.date(row.banned_from.year + 10, 1, 1))
        elif not any(article_3(ident.chemical.id) for ident in identities(item)):
            return ()
        return (
            tuple(sorted(listed)),
            self.register.days(),
            status_days(exp, NAME),
            status_days(imp, NAME),
        )

    def _product(self, shipment: Shipment, product: Chemical) -> Iterator[Finding]:

        on = shipment.date
        rows = entries_for(product.id)
        if not rows:
            return
        purpose = shipment.stated_purpose
        excluded = [e for e in exclusions() if purpose in e.purposes]
        if excluded:
            e = excluded[0]
            yield Note(
                code="minamata.excluded_product",
                text=(
                    f"{product.name} declared for {purpose}: Annex A excludes '{e.text}' "
                    f"(exclusion {e.letter}), so Article 4(1) does not ban it."
                ),
                instrument=NAME,
                citation=e.citation,
            )
            return
        exp, imp = shipment.exporter, shipment.importer
        sides = {"export": exp, "import": imp}
        since = {k: bound_since(c.alpha2, NAME, on) for k, c in sides.items()}
        for country, s in zip(sides.values(), since.values(), strict=True):
            if s is None:
                yield _unknown(country, on)
        for row in rows:
            if row.part == "II":
                yield Note(
                    code="minamata.dental_amalgam",
                    text=(
                        f"{product.name}: Annex A, Part II ({row.decision}): {row.entry}. These "
                        "are "
                        "measures Parties take to phase down its use (Art. 4(3)), not a trade ban."
                    ),
                    instrument=NAME,
                    citation=row.citation,
                )
                continue
            yield from self._part_i(shipment, product, row, since)

    def _part_i(
        self,
        shipment: Shipment,
        product: Chemical,
        row: AnnexAEntry,
        since: Mapping[str, _dt.date | Literal[False] | None],
    ) -> Iterator[Finding]:
        on = shipment.date
        banned_from = row.banned_from
        listing_known = "entry" not in row.unverified
        if row.entry_into_force is None:
            yield Note(
                code="minamata.product_amendment",
                text=(
                    f"{product.name}: {row.entry} ({row.decision}, adopted {row.adopted}): the "
                    "date "
                    "this amendment enters into force is not in the bundled data"
                    + (
                        "; the entry was read only in secondary reports"
                        if not listing_known
                        else ""
                    )
                    + "."
                ),
                instrument=NAME,
                citation=row.citation,
            )
            return
        if banned_from is None:
            yield Note(
                code="minamata.product_amendment",
                text=(
                    f"{product.name}: {row.entry} ({row.decision}, in force from "
                    f"{row.entry_into_force.isoformat()}"
                    + ("; read only in the Secretariat's summary" if not listing_known else "")
                    + ")."
                ),
                instrument=NAME,
                citation=row.citation,
            )
            return
        if on < banned_from:
            yield Note(
                code="minamata.product_phase_out_ahead",
                text=(
                    f"{product.name} may be a product of Annex A, Part I ({row.entry}): its "
                    f"manufacture, import and export are not allowed after {row.phase_out_after} "
                    f"(Art. 4(1)), i.e. from {banned_from.isoformat()}"
                    + (
                        "; the entry was read only in the Secretariat's summary"
                        if not listing_known
                        else ""
                    )
                    + "."
                ),
                instrument=NAME,
                citation=_cite("Article 4, paragraph 1"),
            )
            return
        certain = product.mercury == "named" and product.id not in row.conditional and listing_known
        if not certain:
            yield Note(
                code="minamata.product_ban_possible",
                text=(
                    f"If the goods are {row.entry} ({row.decision}), their manufacture, import and "
                    f"export are not allowed after {row.phase_out_after} (Art. 4(1)), unless Annex "
                    "A excludes them or the Party has a registered exemption (Art. 6)"
                    + (
                        "; the entry was read only in the Secretariat's summary"
                        if "entry" in row.unverified
                        else ""
                    )
                    + "."
                ),
                instrument=NAME,
                citation=_cite("Article 4, paragraph 1; Annex A, Part I"),
            )
            return
        for side, country in (("export", shipment.exporter), ("import", shipment.importer)):
            bound = since[side]
            if not isinstance(bound, _dt.date):
                continue
            assert row.entry_into_force is not None
            if not row.original and country.alpha2 in declarants():
                yield Note(
                    code="minamata.amendment_status_unknown",
                    text=(
                        f"{country.name} declared under Article 30(5) that amendments to the "
                        "annexes "
                        "bind it only once it ratifies them; whether it ratified "
                        f"{row.decision} is "
                        f"not in the bundled data. If it did, {product.name} may not be "
                        f"{'exported' if side == 'export' else 'imported'} after "
                        f"{row.phase_out_after} (Art. 4(1))."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 27, paragraph 4; Article 30, paragraph 5"),
                )
                continue
            exemption = [
                e
                for e in self.register.exemptions(country.alpha2, product.id, on)
                if on < _dt.date(banned_from.year + 10, 1, 1)
            ]
            if exemption:
                e = exemption[0]
                yield Note(
                    code="minamata.registered_exemption",
                    text=(
                        f"{country.name} has a registered exemption for "
                        f"{e.category or product.name}"
                        + (f" until {e.until.isoformat()}" if e.until else "")
                        + (f" ({e.reference})" if e.reference else "")
                        + f": Article 4(1) does not ban its {side} of {product.name} (Art. 6)."
                    ),
                    instrument=NAME,
                    citation=_cite("Article 6"),
                )
                continue
            exempt_text = (
                "no exemption may be in effect any more, ten years after the phase-out date "
                "(Art. 6(9))"
                if on >= _dt.date(banned_from.year + 10, 1, 1)
                else "unless it has a registered exemption (Art. 6)"
            )
            yield Prohibition(
                code="minamata.product_ban",
                side=side,  # type: ignore[arg-type]
                party=country.alpha2,
                instrument=NAME,
                since=max(banned_from, bound, row.entry_into_force),
                citation=_cite("Article 4, paragraph 1; Annex A, Part I"),
                reason=(
                    f"{country.name} shall not allow the {side} of {product.name}, a mercury-added "
                    f"product of Annex A, Part I ({row.entry}), after {row.phase_out_after}, "
                    f"{exempt_text}; Annex A excludes products essential for civil protection and "
                    "military uses, products for research, calibration or use as reference "
                    "standard, and others (Annex A, a to e)"
                ),
                unverified=bool(row.unverified - {"decision"}),
            )


def _mercury(
    shipment: Shipment, chemical_id: str, trade_rules: bool, cite: Citation
) -> Iterator[Finding]:

    name = Chemical._get(chemical_id).name
    purpose = shipment.stated_purpose
    if purpose == "laboratory":
        yield Note(
            code="minamata.laboratory",
            text=(
                f"{name} declared for laboratory-scale research or as a reference standard: "
                "Article 3 does not apply to such quantities (Art. 3(2)(a))."
            ),
            instrument=NAME,
            citation=_cite("Article 3, paragraph 2(a)"),
        )
        return
    if not trade_rules:
        yield Note(
            code="minamata.mercury_compound",
            text=(
                f"{name} is a mercury compound named in Article 3(1)(b): the Article's rules on "
                "the export and import of mercury (paragraphs 6 and 8) do not apply to it unless "
                "an annex makes them so (Art. 3(13)); Parties identify large stocks of it "
                "(Art. 3(5)(a))."
            ),
            instrument=NAME,
            citation=cite,
        )
        return
    on = shipment.date
    exp, imp = shipment.exporter, shipment.importer
    if exp == imp:
        return
    ex = bound_since(exp.alpha2, NAME, on)
    im = bound_since(imp.alpha2, NAME, on)
    for country, side in ((exp, ex), (imp, im)):
        if side is None:
            yield _unknown(country, on)
    if purpose == "disposal":
        yield Note(
            code="minamata.mercury_waste",
            text=(
                f"{name} declared for disposal: mercury wastes are managed under Article 11 and "
                "their transboundary movement follows the Basel Convention (Art. 11(3)(c)); "
                "Article 3(6) allows exports only for an allowed use or environmentally sound "
                "interim storage."
            ),
            instrument=NAME,
            citation=_cite("Article 3, paragraph 6; Article 11, paragraph 3"),
        )
        return
    uses = (
        "a use allowed to it under the Convention or environmentally sound interim storage "
        "(Art. 10)"
    )
    if isinstance(ex, _dt.date):
        if isinstance(im, _dt.date):
            yield Requirement(
                code="minamata.export_consent",
                document="written consent of the importing Party",
                side="export",
                party=exp.alpha2,
                instrument=NAME,
                citation=_cite("Article 3, paragraphs 6(a) and 7"),
                reason=(
                    f"{exp.name} shall not allow the export of mercury to {imp.name} unless "
                    f"{imp.name} has given it its written consent (a general notification to the "
                    f"Secretariat may serve, Art. 3(7)), and only for {uses}"
                ),
            )
        elif im is False:
            yield Requirement(
                code="minamata.export_consent_certification",
                document="written consent of the importing non-Party, with its certification",
                side="export",
                party=exp.alpha2,
                instrument=NAME,
                citation=_cite("Article 3, paragraph 6(b)"),
                reason=(
                    f"{imp.name} is not a Party: {exp.name} shall not allow the export of mercury "
                    f"to it unless it has given its written consent with a certification that it "
                    "has measures to protect human health and the environment and to comply with "
                    "Articles 10 and 11, and that the mercury will be used only for a use "
                    "allowed to "
                    "a Party or for environmentally sound interim storage"
                ),
            )
    if isinstance(im, _dt.date) and ex is False:
        yield Requirement(
            code="minamata.import_certification",
            document="certification by the exporting non-Party of the source of the mercury",
            side="import",
            party=imp.alpha2,
            instrument=NAME,
            citation=_cite("Article 3, paragraphs 8 and 9"),
            reason=(
                f"{exp.name} is not a Party: {imp.name} shall not allow the import of mercury from "
                "it unless it has certified that the mercury is not from primary mercury mining "
                "not allowed under Article 3(3) or from the decommissioning of chlor-alkali "
                "facilities (Art. 3(5)(b)); a Party that notified the Secretariat under Article "
                "3(9) may not apply this paragraph"
            ),
        )
    if ex is False and im is False:
        yield Note(
            code="minamata.non_parties",
            text=(
                f"Neither {exp.name} nor {imp.name} is a Party to the {_SHORT} on the date of "
                "the movement: Article 3 binds neither."
            ),
            instrument=NAME,
            citation=cite,
        )
    if isinstance(ex, _dt.date) or isinstance(im, _dt.date):
        processes = "; ".join(
            f"{p.process} after {p.phase_out_after}"
            for p in annex_b()
            if p.part == "I" and p.phase_out_after and not p.unverified
        )
        yield Note(
            code="minamata.annex_b",
            text=(
                "Parties shall not allow the use of mercury or mercury compounds in the "
                f"manufacturing processes of Annex B, Part I after their phase-out dates "
                f"({processes}; Art. 5(2)), and restrict it in those of Part II (Art. 5(3))."
            ),
            instrument=NAME,
            citation=_cite("Article 5, paragraphs 2 and 3; Annex B"),
        )


def _hs_text(code: HSCode, flag: Flag) -> str:
    if "mercury" in flag.chemicals:
        what = (
            "mercury: its export needs the importing State's written consent (Art. 3(6)) and "
            "its import from a non-Party the exporter's certification (Art. 3(8))"
        )
    else:
        what = flag.reason
    return (
        f"HS {code} may concern the {_SHORT}: {what}. Declare the goods by name (mercury, "
        "a mercury compound, or a product such as 'mercury thermometer') to assess them."
    )


_DEFAULT: Lazy[Rules] = Lazy(Rules)


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Minamata Convention for *shipment*, with the bundled (empty) register."""
    return _DEFAULT.get().evaluate(shipment)


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings of :func:`evaluate` for *shipment* stay the same.

    ``()`` (no date changes them) for an HS code (its notes depend on the code alone), a
    movement within one country, a product type Annex A does not list, or goods with no
    Article 3 entry; otherwise the dates of the product's Annex A entries (entry into
    force, phase-out, ten years after it), the register's dates and the dates the two
    States' status may change (:func:`mea_trade.membership.status_days`). See
    :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> boundaries(mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01"))
    ()
    >>> len(boundaries(mt.Shipment("mercury", exporter="DE", importer="IN", date="2024-01-01")))
    4
    """
    return _DEFAULT.get().boundaries(shipment)
