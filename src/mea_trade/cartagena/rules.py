"""Cartagena Protocol rules for a shipment of living modified organisms: the room's rule module.

The requirements are rows (``data/cartagena/rules.csv``) chosen by the declared
use (``Shipment.lmo``) when both States are Parties; the exemptions and the
cases the data cannot decide are notes.

* ``lmo="release"`` (intentional introduction into the environment): advance
  informed agreement before the first movement (Arts. 7-10) and documentation
  (Art. 18(2)(c)).
* ``lmo="food_feed_processing"``: the Article 11 procedure through the
  Biosafety Clearing-House (a note) and "may contain" documentation (Art. 18(2)(a)).
* ``lmo="contained_use"``: no advance informed agreement (Art. 6(2)); documentation
  (Art. 18(2)(b)).
* Pharmaceuticals for humans (``end_use="human_pharmaceutical"``, Art. 5), transit
  (Art. 6(1)) and movements with non-Parties (Art. 24) are notes.

>>> import mea_trade as mt
>>> from mea_trade.records import Requirement
>>> s = mt.Shipment(
...     "maize", exporter="BR", importer="ZA", date="2024-03-01", lmo="food_feed_processing"
... )
>>> [f.code for f in evaluate(s) if isinstance(f, Requirement)]
['cartagena.documentation_food_feed_processing']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Literal

import attrs

from mea_trade._data import Lazy, cited, read_csv
from mea_trade.citations import Citation
from mea_trade.errors import MissingDataError
from mea_trade.membership import unknown_reason
from mea_trade.organisms import Organism
from mea_trade.records import Finding, Note, Requirement, Shipment

__all__ = ["NAME", "boundaries", "evaluate"]

NAME = "cartagena"


@attrs.frozen
class _Rule:
    code: str
    side: str
    lmo: str
    document: str
    citation: Citation
    verified: bool
    text: str


def _cite(provision: str) -> Citation:
    return cited("cp-text", provision)


def _load() -> tuple[_Rule, ...]:
    return tuple(
        _Rule(
            code=row["code"],
            side=row["side"],
            lmo=row["lmo"],
            document=row["document"],
            citation=cited(row["source"], row["provision"]),
            verified=row["verified"] == "text",
            text=row["text"],
        )
        for row in read_csv("cartagena/rules.csv")
        if row["kind"] == "requirement"
    )


_RULES: Lazy[tuple[_Rule, ...]] = Lazy(_load)


def _note(code: str, text: str, provision: str) -> Note:
    return Note(code=f"cartagena.{code}", text=text, instrument=NAME, citation=_cite(provision))


def _party(code: str, day: _dt.date) -> bool | None:
    from mea_trade import parties

    try:
        return parties.is_party(code, NAME, on=day)
    except MissingDataError:
        return None


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Cartagena Protocol for *shipment* (see the module's description)."""
    if not _concerns(shipment):
        return ()
    return tuple(_evaluate(shipment))


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings for *shipment* stay the same.

    ``()`` (no date changes them) where only notes without a date apply (no declared
    use, pharmaceuticals, goods that are no organism); otherwise the Protocol's entry
    into force and the dates the two States' status may change
    (:func:`mea_trade.membership.status_days`). See
    :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> s = mt.Shipment("maize", exporter="BR", importer="ZA", date="2024-03-01", lmo="release")
    >>> [len(days) > 0 for days in boundaries(s)]
    [True, True, True]
    """
    if not _concerns(shipment):
        return ()
    organism = shipment.commodity
    if shipment.lmo is None or shipment.end_use == "human_pharmaceutical":
        return ()  # notes that name no date
    from mea_trade.hs import HSCode
    from mea_trade.instruments import get
    from mea_trade.membership import status_days

    if not isinstance(organism, (Organism, HSCode)):
        return ()
    eif = get(NAME).entry_into_force
    assert eif is not None
    exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
    return ((eif,), status_days(exp, NAME), status_days(imp, NAME))


def _concerns(shipment: Shipment) -> bool:
    return shipment.lmo is not None or isinstance(shipment.commodity, Organism)


def _evaluate(shipment: Shipment) -> Iterator[Finding]:
    organism = shipment.commodity
    if shipment.lmo is None:
        if isinstance(organism, Organism):
            yield _note(
                "lmo_not_declared",
                f"If the {organism.name} is living modified (seeds, grain or other living "
                "material), declare lmo='release', 'food_feed_processing' or 'contained_use': "
                "the Protocol's procedures and documentation depend on it.",
                "Articles 7, 11 and 18",
            )
        return
    from mea_trade.hs import HSCode

    if not isinstance(organism, (Organism, HSCode)):
        yield _note(
            "not_an_organism",
            f"lmo={shipment.lmo!r} is declared for {organism}, which is not an organism: "
            "name the organism (a crop such as 'maize') or its HS code.",
            "Article 3(g)",
        )
        return
    name = str(organism)
    if shipment.end_use == "human_pharmaceutical":
        yield _note(
            "pharmaceutical",
            "Declared as pharmaceuticals for humans: the Protocol does not apply to living "
            "modified organisms which are pharmaceuticals for humans addressed by other "
            "relevant international agreements or organisations (a Party may still require "
            "a risk assessment before deciding on import).",
            "Article 5",
        )
        return
    day = shipment.date
    from mea_trade.instruments import get

    eif = get(NAME).entry_into_force
    assert eif is not None
    if day < eif:
        yield _note(
            "not_in_force",
            f"The Cartagena Protocol entered into force on {eif.isoformat()}: it did not "
            "apply before then.",
            "Article 37",
        )
        return
    exp, imp = shipment.exporter, shipment.importer
    exp_party, imp_party = _party(exp.alpha2, day), _party(imp.alpha2, day)
    words = {"exporter": exp.name, "importer": imp.name, "organism": name}
    if exp_party is True and imp_party is True and exp != imp:
        for rule in _RULES.get():
            if rule.lmo != shipment.lmo:
                continue
            side: Literal["export", "import", "transit"] = rule.side  # type: ignore[assignment]
            yield Requirement(
                code=rule.code,
                document=rule.document,
                side=side,
                party=exp.alpha2 if rule.side == "export" else imp.alpha2,
                instrument=NAME,
                citation=rule.citation,
                reason=rule.text.format(**words),
                unverified=not rule.verified,
            )
    yield from _use_notes(shipment, name)
    for country, status in ((exp, exp_party), (imp, imp_party)):
        if status is None:
            yield _note(
                "party_status_unknown",
                f"Party status unknown: the bundled list of Parties to the Cartagena Protocol "
                f"does not say whether {country.name} was a Party on the date of the movement "
                f"({unknown_reason(country.alpha2, NAME, day, dated=False)}). Between "
                "Parties, the procedures and documentation above apply; a movement with a "
                "non-Party must be consistent with the Protocol's objective (Art. 24).",
                "Article 24",
            )
    if exp_party is False or imp_party is False:
        outside = exp.name if exp_party is False else imp.name
        yield _note(
            "non_party",
            f"{outside} was not a Party to the Cartagena Protocol on the date of the movement: "
            "transboundary movements between Parties and non-Parties must be consistent with "
            "the Protocol's objective, and Parties may make agreements with non-Parties for "
            "them; the advance informed agreement and documentation articles apply between "
            "Parties (Art. 3(k)). Check the importing State's own rules.",
            "Article 24",
        )
    for state in shipment.transit:
        yield _note(
            "transit",
            f"In transit through {state.name}: the advance informed agreement procedure does "
            "not apply to living modified organisms in transit; the State of transit may "
            "regulate their transport through its territory.",
            "Article 6, paragraph 1",
        )
    from mea_trade.parties import coverage

    as_of = coverage().get(NAME)
    if as_of is not None and day > as_of:
        yield _note(
            "data_as_of",
            f"Participation in the Cartagena Protocol is bundled as of {as_of.isoformat()}; "
            "later ratifications are not reflected.",
            "Article 37",
        )


def _use_notes(shipment: Shipment, name: str) -> Iterator[Note]:
    imp = shipment.importer.name
    if shipment.lmo == "release":
        yield _note(
            "aia_first_movement",
            f"Advance informed agreement applies before the first intentional transboundary "
            f"movement of this living modified {name} into {imp}; its decision says how it "
            "applies to later imports of the same organism (Art. 10(3)(a)). Organisms that the "
            "Parties declared unlikely to have adverse effects are exempt (Art. 7(4)), and "
            f"{imp} may have specified a simplified procedure in the Biosafety Clearing-House "
            "(Art. 13).",
            "Articles 7, 10 and 13",
        )
    elif shipment.lmo == "food_feed_processing":
        yield _note(
            "food_feed_processing",
            f"Living modified {name} for direct use as food or feed, or for processing, is not "
            "subject to advance informed agreement (Art. 7(2)). The Party that decided on its "
            "domestic use informs the Parties through the Biosafety Clearing-House within 15 "
            f"days (Art. 11(1)); {imp} may decide on its import under its domestic framework "
            "(Art. 11(4)) or, without one, as a developing country or economy in transition, "
            "after a risk assessment within 270 days (Art. 11(6)): check the Biosafety "
            f"Clearing-House for the decision of {imp}.",
            "Article 11",
        )
    elif shipment.lmo == "contained_use":
        yield _note(
            "contained_use",
            f"Destined for contained use: advance informed agreement does not apply when the "
            f"use follows the standards of {imp}, which may still require a risk assessment "
            "before deciding on the import.",
            "Article 6, paragraph 2",
        )
