"""Import responses of the Rotterdam Convention (Article 10), as the user supplies them.

Each Party's response for an Annex III chemical (consent, no consent, consent
with conditions, or an interim response) decides whether the chemical may be
exported to it. The Secretariat circulates the responses every six months in the
PIC Circular (Art. 10(10)); the library bundles none
(``data/rotterdam/import_responses.csv`` is empty) and, without a response, the
rules say "check the PIC Circular". Supply your copy in the same format::

    responses = ImportResponses.from_csv("import_responses.csv")
    rules = mea_trade.rotterdam.rules.Rules(import_responses=responses)
    mt.assess(shipment, rules=mt.assessment.rule_modules(rotterdam=rules))

>>> import datetime as dt
>>> # an invented import response, for illustration: not Ghana's actual response
>>> r = ImportResponses.from_rows([{"importer": "GH", "chemical": "endosulfan",
...     "category": "pesticide", "response": "no_consent", "decided": "2012-06-01",
...     "published": "2012-12-01", "reference": "PIC Circular (example)"}])
>>> [x.response for x in r.responses("GH", "endosulfan", dt.date(2024, 1, 1))]
['no_consent']
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping

import attrs

from mea_trade._dates import in_period
from mea_trade._rules import PartyTable, load_user_table
from mea_trade.countries import Country
from mea_trade.rotterdam.annex_iii import CATEGORIES
from mea_trade.user_tables import chemical_cell, choice_cell, country_cell, date_cell

__all__ = ["COLUMNS", "RESPONSES", "ImportResponse", "ImportResponses"]

#: Columns of the CSV format.
COLUMNS: tuple[str, ...] = (
    "importer",
    "chemical",
    "category",
    "response",
    "conditions",
    "decided",
    "published",
    "until",
    "reference",
)
#: The responses of Article 10(4): final decisions (a) and interim decisions (b)(i).
RESPONSES: tuple[str, ...] = (
    "consent",
    "no_consent",
    "consent_with_conditions",
    "interim_consent",
    "interim_no_consent",
    "interim_consent_with_conditions",
    "no_response",
)
_WHAT = "Rotterdam import responses"


@attrs.frozen(kw_only=True)
class ImportResponse:
    """One importing Party's response for one chemical (and category)."""

    importer: Country
    chemical: str
    category: str | None
    response: str
    conditions: str
    decided: _dt.date | None
    published: _dt.date | None
    until: _dt.date | None
    reference: str

    def active(self, on: _dt.date) -> bool:
        """Whether the response applies on *on* (from its decision until it was replaced)."""
        return in_period(on, self.decided, self.until, open_start=True)

    @property
    def consents(self) -> bool | None:
        """True for consent (with or without conditions), False for no consent, None otherwise."""
        if self.response == "no_response":
            return None
        return not self.response.endswith("no_consent")


@attrs.frozen
class ImportResponses(PartyTable[ImportResponse]):
    """Import responses by importing Party and chemical."""

    entries: Mapping[tuple[str, str], tuple[ImportResponse, ...]] = attrs.field(repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> ImportResponses:
        """Responses from rows with the columns of :data:`COLUMNS`.

        Raises:
            InvalidDataError: a row is malformed (the message names it).
        """
        return cls(_read(rows))

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> ImportResponses:
        """Responses from a CSV file in the format of ``data/rotterdam/import_responses.csv``."""
        return cls(_read(path))

    @classmethod
    def bundled(cls) -> ImportResponses:
        """The bundled responses: none."""
        from mea_trade._data import read_csv

        return cls.from_rows(read_csv("rotterdam/import_responses.csv"))

    def responses(
        self, importer: str | Country, chemical_id: str, on: _dt.date
    ) -> tuple[ImportResponse, ...]:
        """The responses of *importer* for *chemical_id* that apply on *on*."""
        return self._active(importer, chemical_id, on)


def _response(row: Mapping[str, str], number: int) -> ImportResponse:
    return ImportResponse(
        importer=country_cell(row, "importer", _WHAT, number),
        chemical=chemical_cell(row, "chemical", _WHAT, number).id,
        category=choice_cell(row, "category", CATEGORIES, _WHAT, number),
        response=choice_cell(row, "response", RESPONSES, _WHAT, number) or "no_response",
        conditions=row["conditions"],
        decided=date_cell(row, "decided", _WHAT, number),
        published=date_cell(row, "published", _WHAT, number),
        until=date_cell(row, "until", _WHAT, number),
        reference=row["reference"],
    )


def _read(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
) -> Mapping[tuple[str, str], tuple[ImportResponse, ...]]:
    return load_user_table(
        source,
        columns=COLUMNS,
        required=("importer", "chemical", "response"),
        what=_WHAT,
        record=_response,
        key=lambda r: (r.importer.alpha2, r.chemical),
    )
