"""Tables the user supplies (import responses, registers of exemptions), checked row by row.

Some facts the rules depend on change every few months and are published by the
Secretariats in documents the library does not bundle (the PIC Circular's import
responses, the registers of specific exemptions). The treaty rooms ship an empty
file in a documented CSV format and let users pass their own, as a path to a
CSV file or as rows (mappings). A bad cell raises
:class:`~mea_trade.errors.InvalidDataError` naming the table, the row and the column.

>>> rows = read_table([{"party": "KE", "from": "2024-01-01"}], columns=("party", "from"),
...                   required=("party",), what="register")
>>> country_cell(rows[0], "party", "register", 1).name, date_cell(rows[0], "from", "register", 1)
('Kenya', datetime.date(2024, 1, 1))
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from mea_trade.errors import InvalidDataError, MeaTradeError, _shorten

if TYPE_CHECKING:
    from mea_trade.chemicals import Chemical
    from mea_trade.countries import Country

__all__ = ["chemical_cell", "choice_cell", "country_cell", "date_cell", "read_table"]


def read_table(
    source: str | os.PathLike[str] | Iterable[Mapping[str, object]],
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
) -> tuple[dict[str, str], ...]:
    """Rows of a user table as dictionaries of stripped strings (missing columns empty).

    *source* is a path to a CSV file (lines starting with ``#`` are comments) or an
    iterable of mappings. Unknown columns are an error, so that a misspelt header
    is not silently ignored.

    Raises:
        InvalidDataError: the file cannot be read, a column is unknown, or a required cell is empty.
    """
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, encoding="utf-8", newline="") as handle:
                lines = [line for line in handle if not line.startswith("#")]
        except OSError as exc:
            raise InvalidDataError(f"cannot read the {what} file {str(source)!r}: {exc}") from exc
        raw: list[Mapping[str, object]] = list(csv.DictReader(lines))
    elif isinstance(source, Iterable) and not isinstance(source, (bytes, Mapping)):
        raw = list(source)
    else:
        raise InvalidDataError(
            f"the {what} must be a path to a CSV file or rows (mappings), not "
            f"{type(source).__name__}"
        )
    out = []
    for number, row in enumerate(raw, start=1):
        if not isinstance(row, Mapping):
            raise InvalidDataError(f"{what}, row {number}: expected a mapping, not {_shorten(row)}")
        unknown = [k for k in row if k is not None and str(k) not in columns]
        if unknown:
            raise InvalidDataError(
                f"{what}, row {number}: unknown column(s) {', '.join(map(repr, unknown))}; "
                "expected "
                f"{', '.join(columns)}"
            )
        clean = {c: "" if row.get(c) is None else str(row.get(c)).strip() for c in columns}
        for column in required:
            if not clean[column]:
                raise InvalidDataError(f"{what}, row {number}: column {column!r} is empty")
        out.append(clean)
    return tuple(out)


def date_cell(row: Mapping[str, str], column: str, what: str, number: int) -> _dt.date | None:
    """The ISO date in *column*, or None for an empty cell."""
    cell = row[column]
    if not cell:
        return None
    try:
        return _dt.date.fromisoformat(cell)
    except ValueError:
        raise InvalidDataError(
            f"{what}, row {number}: column {column!r} holds {cell!r}, not an ISO date YYYY-MM-DD"
        ) from None


def country_cell(row: Mapping[str, str], column: str, what: str, number: int) -> Country:
    """The country named in *column* (ISO code or name)."""
    from mea_trade.countries import get

    try:
        return get(row[column])
    except MeaTradeError as exc:
        raise InvalidDataError(f"{what}, row {number}: column {column!r}: {exc}") from None


def chemical_cell(row: Mapping[str, str], column: str, what: str, number: int) -> Chemical:
    """The chemical, family or product named in *column* (:func:`mea_trade.chemicals.chemical`)."""
    from mea_trade.chemicals import chemical

    try:
        return chemical(row[column])
    except MeaTradeError as exc:
        raise InvalidDataError(f"{what}, row {number}: column {column!r}: {exc}") from None


def choice_cell(
    row: Mapping[str, str], column: str, allowed: tuple[str, ...], what: str, number: int
) -> str | None:
    """The value of *column* if it is one of *allowed*; None if empty."""
    cell = row[column].lower().replace("-", "_").replace(" ", "_")
    if not cell:
        return None
    if cell not in allowed:
        raise InvalidDataError(
            f"{what}, row {number}: column {column!r} holds {row[column]!r}; expected one of "
            f"{', '.join(allowed)}"
        )
    return cell
