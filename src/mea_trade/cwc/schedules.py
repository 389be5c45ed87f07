"""Chemical Weapons Convention, Annex on Chemicals: Schedules 1, 2 and 3, and the transfer rules.

Rows of ``data/cwc/schedules.csv`` (items, the chemicals the Annex names as
examples or members, and the chemicals it exempts) and ``data/cwc/transfer_rules.csv``
(the transfer paragraphs of the Verification Annex, one row per rule), loaded on
first use and indexed by chemical identity (:mod:`mea_trade.chemicals`).

>>> [(x.schedule, x.part, x.item, x.row_type) for x in rows_of("sarin")]
[('1', 'A', '1', 'example')]
>>> [r.rule for r in transfer_rules("2")]
['only_with_state_parties', 'end_use_certificate', 'low_concentration']
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from mea_trade._data import Lazy, cited, group_by, optional_date, read_csv, split_cell
from mea_trade._dates import in_period
from mea_trade._providers import rows_for
from mea_trade.citations import Citation

if TYPE_CHECKING:
    from mea_trade.catalog import Mixture, Substance
    from mea_trade.chemicals import Chemical, Identity
    from mea_trade.records import Commodity

__all__ = ["ScheduleRow", "TransferRule", "matches", "rows", "rows_of", "transfer_rules"]


@attrs.frozen(kw_only=True)
class ScheduleRow:
    """One row of a Schedule: an item, a named example or member of one, or an exempted chemical."""

    schedule: str
    part: str
    item: str
    row_type: str
    chemical: str
    name: str
    cas: str
    in_force_from: _dt.date | None
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    @property
    def label(self) -> str:
        """``"Schedule 2, Part B, item 13"``."""
        return f"Schedule {self.schedule}, Part {self.part}, item {self.item}"


@attrs.frozen(kw_only=True)
class TransferRule:
    """One transfer rule of the Verification Annex, as the rule module interprets it."""

    schedule: str
    provision: str
    rule: str
    chemical: str | None
    partner: str
    purposes: frozenset[str]
    notice_days: int | None
    finding: str
    side: str
    document: str
    start: _dt.date | None
    until: _dt.date | None
    text: str
    citation: Citation = attrs.field(repr=False)
    unverified: frozenset[str] = attrs.field(repr=False)
    note: str | None = attrs.field(repr=False)

    def applies(self, on: _dt.date) -> bool:
        """Whether the rule applies on *on* (False when its start is unknown)."""
        return in_period(on, self.start, self.until, open_start=False)


@attrs.frozen
class _Tables:
    rows: tuple[ScheduleRow, ...]
    by_chemical: Mapping[str, tuple[ScheduleRow, ...]]
    rules: Mapping[str, tuple[TransferRule, ...]]


def _load() -> _Tables:
    rows = []
    for row in read_csv("cwc/schedules.csv"):
        where = f"Schedule {row['schedule']}, Part {row['part']}, item {row['item']}"
        label = f"Annex on Chemicals, {where}"
        rows.append(
            ScheduleRow(
                schedule=row["schedule"],
                part=row["part"],
                item=row["item"],
                row_type=row["row_type"],
                chemical=row["chemical"],
                name=row["name"],
                cas=row["cas"],
                in_force_from=optional_date(row["in_force_from"]),
                citation=cited(row["source"], label),
                unverified=frozenset(split_cell(row["unverified"])),
                note=row["note"] or None,
            )
        )
    rules = [
        TransferRule(
            schedule=row["schedule"],
            provision=row["provision"],
            rule=row["rule"],
            chemical=row["chemical"] or None,
            partner=row["partner"],
            purposes=frozenset(split_cell(row["purposes"])),
            notice_days=int(row["notice_days"]) if row["notice_days"] else None,
            finding=row["finding"],
            side=row["side"],
            document=row["document"],
            start=optional_date(row["start"]),
            until=optional_date(row["until"]),
            text=row["text"],
            citation=cited(row["source"], row["provision"]),
            unverified=frozenset(split_cell(row["unverified"])),
            note=row["note"] or None,
        )
        for row in read_csv("cwc/transfer_rules.csv")
    ]
    return _Tables(
        rows=tuple(rows),
        by_chemical=group_by(rows, lambda rec: rec.chemical),
        rules=group_by(rules, lambda rule: rule.schedule),
    )


_TABLES: Lazy[_Tables] = Lazy(_load)


def rows() -> tuple[ScheduleRow, ...]:
    """Every row of the Schedules, in file order."""
    return _TABLES.get().rows


def rows_of(chemical_id: str) -> tuple[ScheduleRow, ...]:
    """The rows whose chemical is *chemical_id*."""
    return _TABLES.get().by_chemical.get(chemical_id, ())


def transfer_rules(schedule: str) -> tuple[TransferRule, ...]:
    """The transfer rules of a Schedule (``"1"``, ``"2"`` or ``"3"``), in file order."""
    return _TABLES.get().rules.get(schedule, ())


def matches(
    commodity: Commodity | str, *, text: str | None = None
) -> tuple[tuple[ScheduleRow, Identity], ...]:
    """The Schedule rows that concern *commodity*, with the identity through which they do.

    >>> [(x.item, x.row_type, i.match) for x, i in matches("51-75-2")]
    [('6', 'member', 'cas'), ('6', 'item', 'family')]
    """
    return _matches(commodity, text)


@functools.lru_cache(maxsize=8192)
def _matches(
    commodity: Chemical | Substance | Mixture | str, text: str | None
) -> tuple[tuple[ScheduleRow, Identity], ...]:
    return rows_for(commodity, _TABLES.get().by_chemical, text)
