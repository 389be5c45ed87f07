"""Register of exemptions of the Minamata Convention (Article 6), as the user supplies it.

The library bundles an empty register (``data/minamata/exemption_register.csv``).
Pass your own copy in the same format::

    register = ExemptionRegister.from_csv("minamata_exemptions.csv")
    rules = mea_trade.minamata.rules.Rules(register=register)
    mt.assess(shipment, rules=mt.assessment.rule_modules(minamata=rules))

An exemption is in effect from its ``from`` date until its ``until`` date, and
never more than ten years after the phase-out date of its product (Art. 6(9)):
the rules check both.

>>> import datetime as dt
>>> # an invented register row, for illustration: not Japan's actual exemption
>>> reg = ExemptionRegister.from_rows([{"party": "JP", "product": "compact fluorescent lamp",
...     "category": "CFL", "until": "2025-12-31"}])
>>> len(reg.exemptions("JP", "compact-fluorescent-lamp", dt.date(2022, 1, 1)))
1
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping

import attrs

from mea_trade._dates import in_period
from mea_trade._rules import PartyTable, load_user_table
from mea_trade.countries import Country
from mea_trade.user_tables import chemical_cell, country_cell, date_cell

__all__ = ["COLUMNS", "Exemption", "ExemptionRegister"]

#: Columns of the register's CSV format.
COLUMNS: tuple[str, ...] = ("party", "product", "category", "from", "until", "reference")
_WHAT = "Minamata register of exemptions"


@attrs.frozen(kw_only=True)
class Exemption:
    """One Party's registered exemption for a product type."""

    party: Country
    product: str
    category: str
    start: _dt.date | None
    until: _dt.date | None
    reference: str

    def active(self, on: _dt.date) -> bool:
        """Whether the registration is in effect on *on* (before Art. 6(9) is applied)."""
        return in_period(on, self.start, self.until, open_start=True, until_included=True)


@attrs.frozen
class ExemptionRegister(PartyTable[Exemption]):
    """Registered exemptions by Party and product type."""

    entries: Mapping[tuple[str, str], tuple[Exemption, ...]] = attrs.field(repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> ExemptionRegister:
        """A register from rows with the columns of :data:`COLUMNS`.

        Raises:
            InvalidDataError: a row is malformed (the message names it).
        """
        return cls(_read(rows))

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> ExemptionRegister:
        """A register from a CSV file in the format of ``data/minamata/exemption_register.csv``."""
        return cls(_read(path))

    @classmethod
    def bundled(cls) -> ExemptionRegister:
        """The bundled register: empty."""
        from mea_trade._data import read_csv

        return cls.from_rows(read_csv("minamata/exemption_register.csv"))

    def exemptions(
        self, party: str | Country, product_id: str, on: _dt.date
    ) -> tuple[Exemption, ...]:
        """The exemptions of *party* for *product_id* registered as in effect on *on*."""
        return self._active(party, product_id, on)


def _exemption(row: Mapping[str, str], number: int) -> Exemption:
    return Exemption(
        party=country_cell(row, "party", _WHAT, number),
        product=chemical_cell(row, "product", _WHAT, number).id,
        category=row["category"],
        start=date_cell(row, "from", _WHAT, number),
        until=date_cell(row, "until", _WHAT, number),
        reference=row["reference"],
    )


def _read(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
) -> Mapping[tuple[str, str], tuple[Exemption, ...]]:
    return load_user_table(
        source,
        columns=COLUMNS,
        required=("party", "product"),
        what=_WHAT,
        record=_exemption,
        key=lambda e: (e.party.alpha2, e.product),
    )
