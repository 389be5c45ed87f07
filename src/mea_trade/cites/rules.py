"""CITES rules for a shipment: the permits and certificates a specimen needs (Arts. III-VII, X).

The documents are rows (``data/cites/permit_rules.csv``: appendix, movement, the
side that issues, the document in words, the Article and its words) read by
:func:`evaluate`; the listing comes from :func:`mea_trade.cites.listing`,
participation from :mod:`mea_trade.parties`, reservations, quotas and suspensions
from :mod:`mea_trade.cites.measures`.

* Appendix I: export permit or re-export certificate, and an import permit,
  granted before the export permit (Art. III(2)(d), III(3)); the import of a
  specimen for primarily commercial purposes is banned (Art. III(3)(c)), unless
  bred in captivity or artificially propagated (Art. VII(4), (5)) or pre-Convention.
* Appendix II: export permit or re-export certificate (Art. IV).
* Appendix III: export permit from a State that listed the species, a
  certificate of origin from any other State, a re-export certificate (Art. V).
* Introduction from the sea (source ``X``, into the State that is both exporter
  and importer): a certificate of that State (Art. III(5), IV(6)).
* Article VII: transit under customs control, pre-Convention (source ``O``),
  captive-bred and artificially propagated (sources ``C``, ``A``; ``D`` is
  treated as Appendix II), personal effects, scientific exchange, travelling
  exhibitions.
* Non-Parties and reservations: comparable documentation (Art. X); a Party with
  a reservation on the taxon is a non-Party for it (Art. XV(3), XVI(2), XXIII(3)).

>>> import mea_trade as mt
>>> s = mt.Shipment("Python regius", exporter="GH", importer="US", date="2024-05-01",
...                 purpose="T", source="W")
>>> from mea_trade.records import Requirement
>>> [(f.document, f.party) for f in evaluate(s) if isinstance(f, Requirement)]
[('export permit', 'GH')]
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, cited, read_csv
from mea_trade._rules import hs_line_notes
from mea_trade.citations import Citation
from mea_trade.cites.appendices import APPENDIX_ORDER, AppendixListing, listing
from mea_trade.cites.checklist import Taxon
from mea_trade.hs import HSCode
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment

if TYPE_CHECKING:
    from mea_trade.countries import Country

__all__ = ["NAME", "PermitRule", "boundaries", "cites_purpose", "evaluate", "permit_rules"]

NAME = "cites"


@attrs.frozen(kw_only=True)
class PermitRule:
    """One document of the Convention: for which appendix and movement, who issues it."""

    appendix: str
    movement: str
    side: str
    document: str
    code: str
    provision: str
    quote: str = attrs.field(repr=False)
    citation: Citation = attrs.field(repr=False)
    verified: bool = attrs.field(repr=False)
    note: str = attrs.field(repr=False)


def _load() -> Mapping[tuple[str, str], tuple[PermitRule, ...]]:
    out: dict[tuple[str, str], list[PermitRule]] = {}
    for row in read_csv("cites/permit_rules.csv"):
        rule = PermitRule(
            appendix=row["appendix"],
            movement=row["movement"],
            side=row["side"],
            document=row["document"],
            code=row["code"],
            provision=row["provision"],
            quote=row["quote"],
            citation=cited(row["source"], row["provision"]),
            verified=row["verified"] == "1",
            note=row["note"],
        )
        out.setdefault((rule.appendix, rule.movement), []).append(rule)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


_RULES: Lazy[Mapping[tuple[str, str], tuple[PermitRule, ...]]] = Lazy(_load)


def permit_rules() -> tuple[PermitRule, ...]:
    """Every row of ``permit_rules.csv``, in file order.

    >>> [r.document for r in permit_rules() if r.appendix == "I"][:2]
    ['export permit', 'import permit']
    """
    return tuple(r for rules in _RULES.get().values() for r in rules)


def _cite(provision: str) -> Citation:
    return cited("cites-text", provision)


def _is_party(code: str, on: _dt.date) -> bool:
    from mea_trade.errors import MeaTradeError
    from mea_trade.parties import is_party

    try:
        return is_party(code, "cites", on=on)
    except MeaTradeError:
        return False


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings for *shipment* stay the same.

    ``()`` (no date changes them) for goods other than a taxon (an HS code's notes depend
    on the code alone). For a taxon: every date of the bundled Appendices (the
    checklist's day, the changes after it, the listings whose entry into force is
    known, the Conferences' dates), of the reservations, quotas and suspensions, each
    with the day after it, and the dates the two States' status may change
    (:func:`mea_trade.membership.status_days`). None (any date may change them) where
    the bundled data cannot tell whether the listing was already in force on the date
    (the note names it). See :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> s = mt.Shipment("Panthera leo", exporter="ZA", importer="DE", date="2024-03-01")
    >>> [len(days) > 0 for days in boundaries(s)]
    [True, True, True]
    """
    from mea_trade.membership import status_days

    item = shipment.commodity
    if not isinstance(item, Taxon):
        return ()
    exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
    origin = shipment.origin
    population = origin.alpha2 if origin is not None else (None if shipment.re_export else exp)
    if not listing(item, on=shipment.date, country=population).complete:
        return None
    return (_data_days(), status_days(exp, NAME), status_days(imp, NAME))


@functools.lru_cache(maxsize=1)
def _data_days() -> tuple[_dt.date, ...]:
    """Every date of the bundled Appendices and measures, and the day after each, sorted."""
    from mea_trade.cites import appendices, measures
    from mea_trade.cites.checklist import bundled

    tables = appendices._TABLES.get()
    found: set[_dt.date | None] = {*tables.change_days, *tables.cop_dates.values()}
    for entries in (*tables.changes.values(), *appendices._bundled_book().snapshot.values()):
        found.update(e.start for e in entries)
    found.add(bundled().as_of)
    for by_taxon in measures._DATA.get().values():
        for records in by_taxon.values():
            found.update(d for m in records for d in (m.start, m.end))
    days = {d for d in found if d is not None}
    return tuple(sorted(days | {d + _dt.timedelta(days=1) for d in days}))


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of CITES for *shipment* (a taxon, or an HS code of a CITES chapter)."""
    item = shipment.commodity
    if isinstance(item, HSCode):
        return hs_line_notes(
            item,
            NAME,
            lambda flag: (
                f"HS {item} {flag.reason}. Declare the species (scientific name) to assess the "
                "CITES permits and certificates."
            ),
        )
    if not isinstance(item, Taxon):
        return ()
    return _evaluate(
        item,
        shipment.exporter,
        shipment.importer,
        shipment.date,
        cites_purpose(shipment.purpose),
        shipment.source,
        shipment.re_export,
        shipment.origin,
        shipment.exemption,
        shipment.transit,
        shipment.term,
    )


def cites_purpose(purpose: str | None) -> str | None:
    """The CITES purpose code of a declared :attr:`~mea_trade.records.Shipment.purpose`.

    The field takes either a CITES code or a word of the chemical conventions
    (:data:`~mea_trade.records.PURPOSES`); a word is no CITES purpose, so it reads as
    none given.

    >>> cites_purpose("T"), cites_purpose("research"), cites_purpose(None)
    ('T', None, None)
    """
    from mea_trade.records import purpose_codes

    return purpose if purpose is not None and purpose in purpose_codes() else None


def _strictest(*appendices: str | None) -> str | None:
    present = [a for a in appendices if a]
    return min(present, key=APPENDIX_ORDER.index) if present else None


@functools.lru_cache(maxsize=16384)
def _evaluate(
    taxon: Taxon,
    exporter: Country,
    importer: Country,
    on: _dt.date,
    purpose: str | None,
    source: str | None,
    re_export: bool,
    origin: Country | None,
    exemption: str | None,
    transit: tuple[Country, ...],
    term: str | None = None,
) -> tuple[Finding, ...]:
    from mea_trade.cites import measures

    exp, imp = exporter.alpha2, importer.alpha2
    population = origin.alpha2 if origin is not None else (None if re_export else exp)
    found = listing(taxon, on=on, country=population)
    notes: list[Note] = []
    out: list[Finding] = []
    for transit_country in transit:
        notes.append(
            Note(
                code="cites.transit",
                text=(
                    f"In transit through {transit_country.name}: Articles III, IV and V do not "
                    "apply while the specimens remain in customs control (Art. VII(1))."
                ),
                instrument=NAME,
                citation=_cite("Article VII, paragraph 1"),
            )
        )
    if found.appendix is None:
        return tuple(_not_listed(found, taxon, on) + notes)
    appendix = found.appendix
    unplaced = found.split and population is None
    doubtful = found.unverified or not found.complete or found.uncertain or unplaced
    if unplaced:
        notes.append(
            Note(
                code="cites.population_unknown",
                text=(
                    f"The populations of {taxon.name} are in different appendices and the "
                    "specimen's country of origin is not declared (origin=): the documents of "
                    f"the strictest, Appendix {appendix}, are given."
                ),
                instrument=NAME,
                citation=found.citation,
            )
        )
    # an unverified change never relaxes what the verified listing asks for
    if found.unverified and found.effective is not None:
        before = listing(taxon, on=found.effective - _dt.timedelta(days=1), country=population)
        stricter = _strictest(appendix, before.appendix)
        if stricter != appendix:
            notes.append(
                Note(
                    code="cites.unverified_change",
                    text=(
                        f"A change to Appendix {appendix or '(none)'} on "
                        f"{found.effective.isoformat()} is reported by sources the library could "
                        f"not verify; the documents of Appendix {stricter}, the listing before "
                        "it, are given."
                    ),
                    instrument=NAME,
                    citation=found.citation,
                )
            )
            appendix = stricter or appendix
    notes.extend(_listing_notes(found))
    notes.extend(_term_notes(term, found))
    # Article VII(4): Appendix I specimens bred or propagated for commercial purposes (source D)
    if appendix == "I" and source == "D":
        appendix = "II"
        notes.append(
            Note(
                code="cites.deemed_appendix_ii",
                text=(
                    "Source D: Appendix I specimens bred in captivity or artificially propagated "
                    "for commercial purposes are deemed to be specimens of Appendix II "
                    "(Art. VII(4)); for animals, from operations in the Secretariat's Register."
                ),
                instrument=NAME,
                citation=_cite("Article VII, paragraph 4"),
            )
        )
    exp_party = _is_party(exp, on)
    imp_party = _is_party(imp, on)
    for code, is_member in ((exp, exp_party), (imp, imp_party)):
        if not is_member:
            continue
        held = measures.reservation(taxon, code, on=on)
        if held is not None:
            notes.append(
                Note(
                    code="cites.reservation",
                    text=(
                        f"{code} holds a reservation on {held.taxon} (since "
                        f"{held.start.isoformat() if held.start else '?'}): it is treated as a "
                        "State not a Party for trade in it (Art. XV(3), XVI(2), XXIII(3))."
                    ),
                    instrument=NAME,
                    citation=_cite("Article XXIII, paragraph 3"),
                )
            )
            if code == exp:
                exp_party = False
            else:
                imp_party = False
    if not exp_party and not imp_party:
        notes.append(
            Note(
                code="cites.no_party",
                text=(
                    f"Neither {exporter.name} nor {importer.name} is a Party for this taxon on "
                    "the date of the movement: the Convention does not bind this movement."
                ),
                instrument=NAME,
                citation=_cite("Article I, paragraph (h)"),
            )
        )
        return tuple(notes)
    rules = _RULES.get()
    documents: list[tuple[PermitRule, str]] = []  # (rule, party code)
    exempt_by: str | None = None
    if source == "O":
        exempt_by = "pre_convention"
    elif source in ("C", "A"):
        exempt_by = "captive_bred" if source == "C" else "artificially_propagated"
    elif exemption == "scientific_exchange":
        exempt_by = "scientific_exchange"
    if exemption == "travelling_exhibition":
        if source in ("O", "C", "A", "D"):
            exempt_by = "travelling_exhibition"
        else:
            notes.append(
                Note(
                    code="cites.exhibition_not_exempt",
                    text=(
                        "A travelling exhibition may move without permits only if its specimens "
                        "are pre-Convention or bred in captivity / artificially propagated "
                        "(Art. VII(7)(b)); with this source code the permits apply."
                    ),
                    instrument=NAME,
                    citation=_cite("Article VII, paragraph 7"),
                )
            )
    if exempt_by == "scientific_exchange" and purpose not in (None, "S"):
        exempt_by = None
        notes.append(
            Note(
                code="cites.scientific_exchange_purpose",
                text=(
                    "The scientific exchange exemption covers non-commercial loans, donations and "
                    "exchanges between registered scientists or institutions (Art. VII(6)); the "
                    "purpose code declared is not S."
                ),
                instrument=NAME,
                citation=_cite("Article VII, paragraph 6"),
            )
        )
    if exempt_by:
        for rule in rules.get(("*", exempt_by), ()):
            documents.append((rule, exp))
    else:
        documents.extend(_permits(rules, appendix, exp, imp, source, re_export, found))
    if exemption == "personal_effects":
        notes.append(_personal_effects(appendix))
    # Article X: the documents a non-Party issues are comparable documentation
    final: list[Requirement] = []
    for rule, party in documents:
        is_member = exp_party if party == exp else imp_party
        if not is_member:
            x = rules[("*", "non_party")]
            rule_x = next(r for r in x if r.side == rule.side)
            final.append(
                Requirement(
                    code=rule_x.code,
                    document=f"comparable documentation (in lieu of the {rule.document})",
                    side=rule.side,  # type: ignore[arg-type]
                    party=party,
                    instrument=NAME,
                    citation=rule_x.citation,
                    reason=(
                        f"{party} is not a Party for this taxon: a Party may accept comparable "
                        f"documentation issued by its competent authorities (Art. X) instead of "
                        f"the {rule.document} ({rule.provision})"
                    ),
                    unverified=doubtful,
                )
            )
            continue
        final.append(
            Requirement(
                code=rule.code,
                document=rule.document,
                side=rule.side,  # type: ignore[arg-type]
                party=party,
                instrument=NAME,
                citation=rule.citation,
                reason=_reason(rule, found, appendix),
                unverified=doubtful or not rule.verified,
            )
        )
    out.extend(final)
    # Art. III(3)(c), III(5)(c): no primarily commercial import of Appendix I specimens
    if (
        appendix == "I"
        and purpose == "T"
        and not exempt_by
        and source not in ("C", "A", "D", "O")
        and imp_party
    ):
        sea = source == "X" and exp == imp
        article = "III(5)(c)" if sea else "III(3)(c)"
        text = (
            f"{importer.name} may grant the {'certificate' if sea else 'import permit'} only if "
            f"the specimen is not to be used for primarily commercial purposes (Art. {article}); "
            f"purpose T (commercial) of an Appendix I specimen (source {source or 'not declared'})"
        )
        cite = _cite(f"Article III, paragraph {'5' if sea else '3'} (c)")
        if doubtful:
            notes.append(
                Note(
                    code="cites.appendix_i_commercial_import",
                    text=text
                    + ": banned if the listing applies as given (it is not certain: "
                    + "; ".join(found.notes[:2])
                    + ").",
                    instrument=NAME,
                    citation=cite,
                )
            )
        else:
            out.append(
                Prohibition(
                    code="cites.appendix_i_commercial_import",
                    side="import",
                    party=imp,
                    instrument=NAME,
                    since=found.effective or found.complete_to,
                    citation=cite,
                    reason=text + ".",
                )
            )
    notes.extend(_measures(taxon, exp, imp, on))
    if source is None:
        notes.append(
            Note(
                code="cites.source_not_declared",
                text=(
                    "No source code declared: the documents of a wild specimen are given; "
                    "specimens bred in captivity, artificially propagated or pre-Convention "
                    "travel on Article VII certificates instead."
                ),
                instrument=NAME,
            )
        )
    return (*out, *notes)


def _permits(
    rules: Mapping[tuple[str, str], tuple[PermitRule, ...]],
    appendix: str,
    exp: str,
    imp: str,
    source: str | None,
    re_export: bool,
    found: AppendixListing,
) -> list[tuple[PermitRule, str]]:
    out: list[tuple[PermitRule, str]] = []
    if source == "X" and exp == imp and appendix in ("I", "II"):
        for rule in rules.get((appendix, "introduction_from_sea"), ()):
            out.append((rule, imp))
        return out
    if appendix == "III":
        if re_export:
            movement = "re_export"
        elif exp in found.listing_countries:
            movement = "export_from_listing_state"
        elif found.listing_countries:
            movement = "export_from_other_state"
        else:  # the listing Party is not in the bundled data: both documents, flagged
            return [
                (r, exp)
                for m in ("export_from_listing_state", "export_from_other_state")
                for r in rules.get(("III", m), ())
            ]
        return [(r, exp) for r in rules.get(("III", movement), ())]
    movement = "re_export" if re_export else "export"
    for rule in rules.get((appendix, movement), ()):
        out.append((rule, exp if rule.side == "export" else imp))
    # the Appendix I import permit comes first (Art. III(2)(d))
    out.sort(key=lambda pair: 0 if pair[0].side == "import" else 1)
    return out


def _reason(rule: PermitRule, found: AppendixListing, appendix: str) -> str:
    under = (
        f" as {found.listed_under} spp."
        if found.listed_under and found.listed_under != found.taxon.name
        else ""
    )
    party = (
        f", listed by {', '.join(found.listing_countries)}"
        if appendix == "III" and found.listing_countries
        else ""
    )
    extra = f"; {rule.note}" if rule.note else ""
    return (
        f"{found.taxon.name} is in Appendix {appendix}{under}{party} on the date of the "
        f"movement: {rule.quote} ({rule.provision}{extra})"
    )


def _not_listed(found: AppendixListing, taxon: Taxon, on: _dt.date) -> list[Note]:
    out = list(_listing_notes(found))
    from mea_trade.cites.checklist import bundled

    book = bundled()
    summary = book.summary(taxon) if taxon.checklist == book.label else ""
    if summary and set(summary.split("/")) - {"NC", ""}:
        out.append(
            Note(
                code="cites.lower_taxa_listed",
                text=(
                    f"{taxon.name} is not listed as a whole, but taxa within it are (Appendices "
                    f"{summary} in the checklist): declare the subspecies or population."
                ),
                instrument=NAME,
                citation=book.citation,
            )
        )
    elif found.notes and not found.complete:
        pass
    return out


def _term_notes(term: str | None, found: AppendixListing) -> list[Note]:
    """What a declared term code says next to the listing: an unknown code, an annotation."""
    if term is None:
        return []
    from mea_trade.records import term_codes

    known = term_codes()
    out: list[Note] = []
    if term not in known:
        out.append(
            Note(
                code="cites.term_unknown",
                text=(
                    f"The term code {term} is not in the bundled list of CITES trade terms "
                    "(UNEP-WCMC codebook of 2012): check it against the current Guidelines for "
                    "the preparation of annual reports."
                ),
                instrument=NAME,
            )
        )
    ann = found.annotation
    if ann is not None and ann.hash_symbol:
        what = f"{term} ({known[term]})" if term in known else term
        out.append(
            Note(
                code="cites.term_and_annotation",
                text=(
                    f"The specimens are declared as {what}: check that annotation "
                    f"{ann.hash_symbol} covers them; parts and derivatives it does not name are "
                    "not covered by the listing."
                ),
                instrument=NAME,
                citation=found.citation,
            )
        )
    return out


def _listing_notes(found: AppendixListing) -> list[Note]:
    out: list[Note] = []
    for text in found.notes:
        code = "cites.listing_caveat"
        if "bundled only in part" in text:
            code = "cites.data_as_of"
        elif "not in the bundled data" in text and "Party" not in text:
            code = "cites.history_not_bundled"
        elif "Only part of the population" in text:
            code = "cites.population_uncertain"
        elif "Appendix III is not in the bundled data" in text:
            code = "cites.listing_party_unknown"
        out.append(Note(code=code, text=text, instrument=NAME, citation=found.citation))
    ann = found.annotation
    if ann is not None and ann.hash_symbol:
        out.append(
            Note(
                code="cites.parts_and_derivatives",
                text=(
                    f"Annotation {ann.hash_symbol}: only the parts and derivatives it names are "
                    f"covered: {ann.hash_text}"
                ),
                instrument=NAME,
                citation=found.citation,
            )
        )
    return out


def _personal_effects(appendix: str) -> Note:
    return Note(
        code="cites.personal_effects",
        text=(
            "Personal or household effects are exempt from Articles III to V (Art. VII(3)), "
            + (
                "but not Appendix I specimens acquired by the owner outside the State of usual "
                "residence and imported into it (Art. VII(3)(a)); the documents are given "
                "until a Management Authority applies the exemption."
                if appendix == "I"
                else "but not Appendix II specimens acquired outside the owner's State of usual "
                "residence in the State where they were removed from the wild, imported into "
                "the State of usual residence, when that State requires export permits "
                "(Art. VII(3)(b)); the documents are given until a Management Authority "
                "applies the exemption."
                if appendix == "II"
                else "so Appendix III specimens need no document."
            )
        ),
        instrument=NAME,
        citation=_cite("Article VII, paragraph 3"),
    )


def _measures(taxon: Taxon, exp: str, imp: str, on: _dt.date) -> list[Note]:
    from mea_trade.cites import measures

    out = []
    for m in measures.quotas(taxon, exp, on=on):
        out.append(
            Note(
                code="cites.export_quota",
                text=f"{m.taxon}, {m.party}: {m.detail} (since {m.start}).",
                instrument=NAME,
                citation=m.citation,
            )
        )
    for code in dict.fromkeys((exp, imp)):
        for m in measures.suspensions(taxon, code, on=on):
            out.append(
                Note(
                    code="cites.trade_suspension",
                    text=f"{m.taxon}, {m.party} (since {m.start}): {m.detail}",
                    instrument=NAME,
                    citation=m.citation,
                )
            )
    return out
