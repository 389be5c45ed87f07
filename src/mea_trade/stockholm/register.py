"""Stockholm registers of specific exemptions (Art. 4) and acceptable purposes, as supplied.

The library bundles an empty register (``data/stockholm/exemption_register.csv``):
the Secretariat's registers change with every notification and were not
transcribed. Pass your own copy in the same format::

    register = ExemptionRegister.from_csv("register.csv", complete=True)
    rules = mea_trade.stockholm.rules.Rules(register=register)
    mt.assess(shipment, rules=mt.assessment.rule_modules(stockholm=rules))

With ``complete=True`` a Party absent from the register is taken to hold no
registration (so a chemical it imports for use is not permitted to it); with the
default ``complete=False`` absence means "not known" and the rules answer with a
note.

>>> import datetime as dt
>>> # an invented register row, for illustration: not India's actual registration
>>> reg = ExemptionRegister.from_rows([{"party": "IN", "chemical": "DDT",
...     "kind": "acceptable_purpose", "activity": "use", "description": "disease vector control",
...     "from": "2004-05-17"}])
>>> [r.description for r in reg.registrations("IN", "ddt", dt.date(2024, 1, 1))]
['disease vector control']
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping

import attrs

from mea_trade._dates import in_period
from mea_trade._rules import PartyTable, load_user_table
from mea_trade.countries import Country
from mea_trade.user_tables import chemical_cell, choice_cell, country_cell, date_cell

__all__ = ["COLUMNS", "KINDS", "ExemptionRegister", "Registration"]

#: Columns of the register's CSV format.
COLUMNS: tuple[str, ...] = (
    "party",
    "chemical",
    "kind",
    "activity",
    "description",
    "from",
    "until",
    "reference",
)
#: What a registration is.
KINDS: tuple[str, ...] = ("specific_exemption", "acceptable_purpose")
_WHAT = "Stockholm register of exemptions"


@attrs.frozen(kw_only=True)
class Registration:
    """One Party's registration for a specific exemption or an acceptable purpose."""

    party: Country
    chemical: str
    kind: str
    activity: str | None
    description: str
    start: _dt.date | None
    until: _dt.date | None
    reference: str

    def active(self, on: _dt.date) -> bool:
        """Whether the registration is in effect on *on*."""
        return in_period(on, self.start, self.until, open_start=True)


@attrs.frozen
class ExemptionRegister(PartyTable[Registration]):
    """Registrations by Party and chemical; ``complete`` says whether absence means "none"."""

    entries: Mapping[tuple[str, str], tuple[Registration, ...]] = attrs.field(repr=False)
    complete: bool = False

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, object]], *, complete: bool = False
    ) -> ExemptionRegister:
        """A register from rows with the columns of :data:`COLUMNS`.

        Raises:
            InvalidDataError: a row is malformed (the message names it).
        """
        return cls(_read(rows), complete)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, complete: bool = False) -> ExemptionRegister:
        """A register from a CSV file in the format of ``data/stockholm/exemption_register.csv``."""
        return cls(_read(path), complete)

    @classmethod
    def bundled(cls) -> ExemptionRegister:
        """The bundled register: empty, and not complete."""
        from mea_trade._data import read_csv

        return cls.from_rows(read_csv("stockholm/exemption_register.csv"))

    def registrations(
        self, party: str | Country, chemical_id: str, on: _dt.date
    ) -> tuple[Registration, ...]:
        """The registrations of *party* for *chemical_id* in effect on *on*."""
        return self._active(party, chemical_id, on)


def _registration(row: Mapping[str, str], number: int) -> Registration:
    return Registration(
        party=country_cell(row, "party", _WHAT, number),
        chemical=chemical_cell(row, "chemical", _WHAT, number).id,
        kind=choice_cell(row, "kind", KINDS, _WHAT, number) or "specific_exemption",
        activity=choice_cell(row, "activity", ("production", "use"), _WHAT, number),
        description=row["description"],
        start=date_cell(row, "from", _WHAT, number),
        until=date_cell(row, "until", _WHAT, number),
        reference=row["reference"],
    )


def _read(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
) -> Mapping[tuple[str, str], tuple[Registration, ...]]:
    return load_user_table(
        source,
        columns=COLUMNS,
        required=("party", "chemical"),
        what=_WHAT,
        record=_registration,
        key=lambda r: (r.party.alpha2, r.chemical),
    )
