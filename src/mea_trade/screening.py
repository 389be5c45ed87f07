"""Batch screening of declaration lines: :func:`screen`, :func:`screen_file`.

Rows go in as an iterable of mappings or :class:`~mea_trade.assessment.Shipment`
objects (one mapping is one row), a pandas DataFrame or a pyarrow Table, and come
back in the same shape. Every input row gives exactly one result: a row that
cannot be read is reported with its row number and the reason, and never stops
the batch.

>>> import mea_trade as mt
>>> rows = [
...     {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
...     {"commodity": "unobtainium", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
... ]
>>> [(r.row, r.status) for r in mt.screen(rows)]
[(0, 'licences_required'), (1, 'error')]
>>> print(mt.screen(rows)[1].error[:52])
UnknownCommodityError: unknown substance or blend 'u

Column names are matched ignoring case, spaces and hyphens (``"End use"`` is
``end_use``), and empty cells (``None``, ``""``, NaN, ``pd.NA``, ``pd.NaT``) are
empty whatever library produced them.

``mode="hs"`` screens HS codes only, through a vectorised table look-up (the
fast path for whole customs files): every row gets the instruments its HS line
may concern.

:func:`screen_file` reads a CSV file as a stream and writes the results as it
goes (memory stays flat whatever the file size); a bad line (an unbalanced
quote, a byte that is not in the encoding, an extra field, a ``#`` line after
the header) becomes one error row with its line number; problems of the whole
file (no header, missing columns, a wrong delimiter) raise one
:class:`DeclarationFileError` before any line is screened.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import functools
import gc
import io
import json
import operator
import os
import pickle
import re
import sys
import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Generator, Hashable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol, TextIO, overload

import attrs

from mea_trade._data import Lazy
from mea_trade.assessment import Assessment, RuleModule, Shipment, _finding_texts, assess
from mea_trade.errors import InvalidArgumentError, MeaTradeError, _shorten

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from mea_trade.columnar import FrameScreen

__all__ = [
    "COLUMNS",
    "FILE_FORMAT",
    "REQUIRED_COLUMNS",
    "RESULT_COLUMNS",
    "ColumnBatch",
    "DeclarationFileError",
    "DeclarationReader",
    "InputLine",
    "MeaAccessor",
    "RecordBlock",
    "ScreenResult",
    "ScreenSummary",
    "column_key",
    "hs_flag_table",
    "iter_screen",
    "read_declarations",
    "result_columns",
    "screen",
    "screen_file",
    "to_frame",
    "to_records",
]

#: Input columns read from mappings, frames and files (others are carried along unread).
COLUMNS: tuple[str, ...] = (
    "reference",
    "commodity",
    "exporter",
    "importer",
    "date",
    "quantity",
    "state",
    "end_use",
    "transit",
    "form",
    "operation",
    "characteristics",
    "lmo",
    # CITES (optional): a taxon may stand in a column of its own
    "taxon",
    "purpose",
    "source",
    "re_export",
    "origin",
    "exemption",
    "term",
    # chemical conventions (optional)
    "banned_by_exporter",
)
#: The columns a row needs for a full assessment (``mode="assess"``).
REQUIRED_COLUMNS: tuple[str, ...] = ("commodity", "exporter", "importer", "date")
#: The result columns added to frames and files (prefixed when an input column has the name).
RESULT_COLUMNS: tuple[str, ...] = (
    "status",
    "requirements",
    "prohibitions",
    "notes",
    "flags",
    "error",
)

#: The input format of :func:`screen_file` and ``mea-trade screen``, in words.
FILE_FORMAT = """\
Input: a CSV file with a header line. Encoding UTF-8 by default (a byte order mark
is recognised, also UTF-16's); another with --encoding (e.g. cp1252, latin-1). The
delimiter is detected from the header (comma, semicolon, tab or |), read from an
Excel "sep=;" line, or given with --delimiter. Lines starting with # before the
header are comments; after the
header a # line is reported as an error row. Columns are matched ignoring case,
spaces and hyphens: commodity, exporter, importer and date are required (--mode hs:
hs_code only, or the column named by --hs-column); reference, quantity, state,
end_use, transit and hs_code are optional, and so are the columns of the other
conventions (form, operation, characteristics, lmo, taxon, purpose, source,
re_export, origin, exemption, banned_by_exporter; purpose is a CITES code or a
word such as disposal or research); other columns are carried to the output
unchanged. Quantities are read as trade documents write them ("1,5 t", "1 500 kg",
"2 MT", "300 lb"); ambiguous ones ("2 tons", "1,500 kg") are errors.

Output: every input line gives one output line, in order, with every input column
unchanged, then the result columns line, status, requirements, prohibitions, notes,
flags and error (prefixed mea_ if the input already has a column of that name).
A line that cannot be read (an unbalanced quote, a byte not in the encoding, an extra
field, a # line) is reported in the error column with its line number. Output is
UTF-8 CSV, or JSON with --json."""

_DIGITS = re.compile(r"\D")
_KEY_SEPARATORS = re.compile(r"[\s\-.]+")
_NA_TYPES = frozenset({"NAType", "NaTType"})


class DeclarationFileError(MeaTradeError, ValueError):
    """A problem of a whole declaration file: empty, no usable header, missing columns."""


@attrs.frozen(repr=False)
class ScreenResult:
    """The outcome for one input row.

    Attributes:
        row: the row number in the input (0-based, header and comments not counted).
        assessment: the :class:`~mea_trade.assessment.Assessment`, or None on error.
        error: ``"ErrorType: message"`` when the row could not be read, else None.
        flags: for ``mode="hs"``, the instruments (``"montreal:C/I"``) the line may concern.
        line: for files, the line number the row starts on (1-based, as an editor counts).
        reference: the row's ``reference`` cell, if any (also for rows that could not be read).
    """

    row: int
    assessment: Assessment | None
    error: str | None = None
    flags: tuple[str, ...] = ()
    line: int | None = None
    reference: str | None = None

    @property
    def status(self) -> str:
        """The assessment's status, ``"error"``, or for ``mode="hs"`` ``"flagged"``/``"clear"``."""
        if self.error is not None:
            return "error"
        if self.assessment is None:
            return "flagged" if self.flags else "clear"
        return self.assessment.status

    def __repr__(self) -> str:
        parts = [f"row={self.row}"]
        if self.line is not None:
            parts.append(f"line={self.line}")
        if self.reference is not None:
            parts.append(f"reference={self.reference!r}")
        parts.append(f"status={self.status!r}")
        if self.error is not None:
            parts.append(f"error={_shorten(self.error, 100)}")
        if self.flags:
            parts.append(f"flags={self.flags!r}")
        return f"ScreenResult({', '.join(parts)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))

    def record(self) -> dict[str, Any]:
        """A flat dictionary (one CSV row): status, requirements, prohibitions, notes."""
        a = self.assessment
        out: dict[str, Any] = {"row": self.row, "status": self.status}
        if a is not None:
            out["requirements"], out["prohibitions"], out["notes"] = _finding_texts(
                a.requirements, a.prohibitions, a.notes
            )
        else:
            out["requirements"] = out["prohibitions"] = out["notes"] = ""
        out["flags"] = " ".join(self.flags)
        out["error"] = self.error or ""
        return out

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary: row, line, reference, status, the findings, flags, error."""
        out: dict[str, Any] = {
            "row": self.row,
            "line": self.line,
            "reference": self.reference,
            "status": self.status,
        }
        if self.assessment is not None:
            full = self.assessment.to_dict()
            for key in ("commodity", "exporter", "importer", "date"):
                out[key] = full[key]
            for key in ("instruments", "requirements", "prohibitions", "notes"):
                out[key] = full[key]
        else:
            for key in ("instruments", "requirements", "prohibitions", "notes"):
                out[key] = []
        out["flags"] = list(self.flags)
        out["error"] = self.error
        return out


@functools.lru_cache(maxsize=1024)
def column_key(name: object) -> str:
    r"""The name a column is matched by: lower case, spaces and hyphens as ``_``, no BOM.

    >>> column_key(" End-Use "), column_key("HS Code"), column_key("\ufeffReference")
    ('end_use', 'hs_code', 'reference')
    """
    text = str(name).replace("\ufeff", "").strip().casefold()
    return _KEY_SEPARATORS.sub("_", text).strip("_")


def result_columns(
    input_columns: Iterable[object], names: Sequence[str] = RESULT_COLUMNS
) -> tuple[str, ...]:
    """The names the result columns take beside *input_columns*.

    The plain names (``status``, ``error``, ...) unless one of them is already an
    input column (compared as :func:`column_key` does); then all of them take the
    prefix ``mea_`` (``mea_status``, ...), or ``mea_trade_`` if that clashes too.

    >>> result_columns(["reference", "commodity"])[:2]
    ('status', 'requirements')
    >>> result_columns(["reference", "Status"])[:2]
    ('mea_status', 'mea_requirements')
    """
    taken = {column_key(c) for c in input_columns}
    prefixes = ["", "mea_", "mea_trade_"]
    number = 2
    while True:
        for prefix in prefixes:
            out = tuple(prefix + n for n in names)
            if not any(column_key(o) in taken for o in out):
                return out
        prefixes = [f"mea_trade_{number}_"]
        number += 1


def _is_na(value: object) -> bool:
    """Whether *value* is an empty cell: None, blank text, NaN, ``pd.NA``, ``pd.NaT``."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return value != value
    if type(value).__name__ in _NA_TYPES:
        return True
    try:
        same = value == value
    except Exception:  # an object that refuses comparison is not empty
        return False
    return same is False or (type(same).__name__ == "bool_" and not same)


def _cell(value: object) -> object:
    """A cell as the readers expect it: None if empty, text stripped, NumPy scalars as Python."""
    if _is_na(value):
        return None
    if isinstance(value, str):
        return value.strip()
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        try:
            return item()
        except (TypeError, ValueError):  # pragma: no cover - odd NumPy scalars
            return value
    return value


def _text_cell(value: str) -> str | None:
    """A cell of a file: stripped, None when blank."""
    value = value.strip()
    return value or None


def _canonical(row: Mapping[Any, object]) -> dict[str, object]:
    """Keys matched with :func:`column_key`; cells through :func:`_cell`."""
    out: dict[str, object] = {}
    seen: dict[str, object] = {}
    for key, value in row.items():
        name = column_key(key)
        if name in seen:
            raise InvalidArgumentError(
                f"the keys {seen[name]!r} and {key!r} both read as column {name!r}"
            )
        seen[name] = key
        out[name] = _cell(value)
    return out


def _reference(row: Mapping[str, object]) -> str | None:
    value = row.get("reference")
    return None if value is None else str(value)


def _flag_table() -> Mapping[str, tuple[str, ...]]:
    """Six-digit HS 2022 subheading -> flags (``"instrument:groups"``)."""
    from mea_trade import hs

    table: dict[str, tuple[str, ...]] = {}
    for (edition, sub), found in hs._TABLES.get().flags.items():
        if edition != "HS2022":
            continue
        table[sub] = tuple(_flag_label(f) for f in found)
    return MappingProxyType(table)


def _flag_label(flag: Any) -> str:
    """``"montreal:C/I"`` (instrument and groups), or the instrument alone."""
    return f"{flag.instrument}:{'+'.join(flag.groups)}" if flag.groups else flag.instrument


_FLAGS: Lazy[Mapping[str, tuple[str, ...]]] = Lazy(_flag_table)


def hs_flag_table() -> Mapping[str, tuple[str, ...]]:
    """The HS 2022 flag table used by ``mode="hs"``: six digits -> flags.

    >>> hs_flag_table()["290371"]
    ('montreal:C/I',)
    """
    return _FLAGS.get()


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _one(
    index: int,
    row: object,
    rules: Sequence[str | ModuleType | RuleModule] | None,
    line: int | None = None,
    *,
    canonical: bool = False,
) -> ScreenResult:
    reference: str | None = None
    try:
        if isinstance(row, Shipment):
            return ScreenResult(index, assess(row, rules=rules), line=line, reference=row.reference)
        if isinstance(row, Mapping):
            cells = dict(row) if canonical else _canonical(row)
            reference = _reference(cells)
            if reference is not None:
                cells["reference"] = reference
            return ScreenResult(index, assess(cells, rules=rules), line=line, reference=reference)
        raise InvalidArgumentError(f"row is a {type(row).__name__}, not a mapping or Shipment")
    except (MeaTradeError, ValueError, TypeError) as exc:
        return ScreenResult(index, None, error=_error(exc), line=line, reference=reference)


def _hs_one(
    index: int, value: object, line: int | None = None, reference: str | None = None
) -> ScreenResult:
    if _is_na(value):
        return ScreenResult(
            index, None, error="InvalidHSCodeError: empty HS code", line=line, reference=reference
        )
    digits = _DIGITS.sub("", str(value))
    if len(digits) < 6:
        return ScreenResult(
            index,
            None,
            error=f"InvalidHSCodeError: {value!r} has < 6 digits",
            line=line,
            reference=reference,
        )
    return ScreenResult(
        index, None, flags=_FLAGS.get().get(digits[:6], ()), line=line, reference=reference
    )


def _hs_row(index: int, row: object, column: str) -> ScreenResult:
    if isinstance(row, Mapping):
        try:
            cells = _canonical(row)
        except InvalidArgumentError as exc:
            return ScreenResult(index, None, error=_error(exc))
        return _hs_one(index, cells.get(column_key(column)), reference=_reference(cells))
    return _hs_one(index, row)


def iter_screen(
    rows: Iterable[object],
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ScreenResult]:
    """Screen rows one at a time, lazily: the streaming form of :func:`screen`.

    >>> import mea_trade as mt
    >>> results = iter_screen(["2903.71", "12"], mode="hs")
    >>> next(results).status, next(results).status
    ('flagged', 'error')
    """
    _check_mode(mode)
    for index, row in enumerate(rows):
        result = _hs_row(index, row, hs_column) if mode == "hs" else _one(index, row, rules)
        if progress is not None:
            progress(index + 1)
        yield result


def _check_mode(mode: object) -> None:
    if mode not in ("assess", "hs"):
        raise InvalidArgumentError(f"mode must be 'assess' or 'hs', not {_shorten(mode)}")


class FrameLike(Protocol):
    """What :func:`screen` needs of a pandas DataFrame (for type checkers)."""

    @property
    def columns(self) -> Any:
        """The column labels."""

    def copy(self, deep: bool = ...) -> Any:
        """A copy of the frame."""


class TableLike(Protocol):
    """What :func:`screen` needs of a pyarrow Table (for type checkers)."""

    @property
    def column_names(self) -> Any:
        """The column names."""

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame."""


@overload
def screen(
    rows: Mapping[str, object] | Shipment,
    *,
    mode: Literal["assess", "hs"] = ...,
    hs_column: str = ...,
    rules: Sequence[str | ModuleType | RuleModule] | None = ...,
    progress: Callable[[int], None] | None = ...,
) -> list[ScreenResult]: ...


@overload
def screen(
    rows: FrameLike,
    *,
    mode: Literal["assess", "hs"] = ...,
    hs_column: str = ...,
    rules: Sequence[str | ModuleType | RuleModule] | None = ...,
    progress: Callable[[int], None] | None = ...,
) -> pd.DataFrame: ...


@overload
def screen(
    rows: TableLike,
    *,
    mode: Literal["assess", "hs"] = ...,
    hs_column: str = ...,
    rules: Sequence[str | ModuleType | RuleModule] | None = ...,
    progress: Callable[[int], None] | None = ...,
) -> pa.Table: ...


@overload
def screen(
    rows: Iterable[Mapping[str, object] | Shipment | str | None],
    *,
    mode: Literal["assess", "hs"] = ...,
    hs_column: str = ...,
    rules: Sequence[str | ModuleType | RuleModule] | None = ...,
    progress: Callable[[int], None] | None = ...,
) -> list[ScreenResult]: ...


def screen(
    rows: object,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ScreenResult] | pd.DataFrame | pa.Table:
    """Screen many declaration lines; the result has the shape of the input.

    * an iterable of mappings (keys as in :data:`COLUMNS`, matched ignoring case,
      spaces and hyphens) or of :class:`~mea_trade.assessment.Shipment` -> a list of
      :class:`ScreenResult`, one per row; a single mapping or shipment is one row;
    * a pandas DataFrame (any dtypes: NumPy, nullable, pyarrow-backed) -> a copy
      with the columns of :data:`RESULT_COLUMNS` added (named by
      :func:`result_columns`, so that input columns such as ``status`` survive);
    * a pyarrow Table -> a Table with the same added columns.

    ``mode="hs"`` reads only *hs_column* (or each item itself, for an iterable
    of codes) and adds the screening flags, vectorised for frames.

    >>> import mea_trade as mt
    >>> [r.flags for r in mt.screen(["2903.71.00", "0101.21"], mode="hs")]
    [('montreal:C/I',), ()]
    >>> mt.screen({"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"})
    [ScreenResult(row=0, status='licences_required')]
    """
    _check_mode(mode)
    kind = _frame_kind(rows)
    if kind == "pandas":
        return _screen_pandas(rows, mode=mode, column=hs_column, rules=rules, progress=progress)
    if kind == "arrow":
        import pyarrow as pa

        frame = _screen_pandas(
            rows.to_pandas(),  # type: ignore[attr-defined]
            mode=mode,
            column=hs_column,
            rules=rules,
            progress=progress,
        )
        return pa.Table.from_pandas(frame, preserve_index=False)
    if isinstance(rows, (Mapping, Shipment)):
        rows = [rows]
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise InvalidArgumentError(
            f"expected rows (an iterable of mappings or Shipments, a mapping, a pandas "
            f"DataFrame or a pyarrow Table), not {type(rows).__name__}"
        )
    if mode == "hs":
        return list(iter_screen(rows, mode=mode, hs_column=hs_column, progress=progress))
    return _screen_rows(rows, rules, progress)


def _screen_rows(
    rows: Iterable[object],
    rules: Sequence[str | ModuleType | RuleModule] | None,
    progress: Callable[[int], None] | None,
) -> list[ScreenResult]:
    """Screen rows in blocks through the columnar screen (see :mod:`mea_trade.columnar`)."""
    from itertools import islice

    from mea_trade.columnar import BLOCK_LINES, Screen

    screen = Screen(rules, keep=True)
    results: list[ScreenResult] = []
    source = iter(rows)
    while True:
        block = list(islice(source, BLOCK_LINES))
        if not block:
            return results
        results.extend(_screen_row_block(screen, block, len(results), rules))
        if progress is not None:
            progress(len(results))


def _screen_row_block(
    screen: Any,
    block: list[object],
    start: int,
    rules: Sequence[str | ModuleType | RuleModule] | None,
) -> list[ScreenResult]:
    from mea_trade.columnar import _UnhashableError, group_rows

    out: list[ScreenResult | None] = [None] * len(block)
    positions: list[int] = []
    mapped: list[dict[str, object]] = []
    for i, row in enumerate(block):
        if isinstance(row, Mapping):
            try:
                cells = _canonical(row)
            except (MeaTradeError, ValueError, TypeError) as exc:
                out[i] = ScreenResult(start + i, None, error=_error(exc))
                continue
            positions.append(i)
            mapped.append(cells)
        else:
            out[i] = _one(start + i, row, rules)
    if mapped:
        references = [_reference(cells) for cells in mapped]
        # the block's cells are numbered afresh (group_rows): the screen's memos keyed by
        # the numbers of an earlier block's cells would read other cells
        screen.forget_keys()
        try:
            columns, groups, keys = group_rows(mapped, screen)
        except _UnhashableError:
            for i, cells in zip(positions, mapped, strict=True):
                out[i] = _one(start + i, cells, rules, canonical=True)
        else:
            found = screen.screen(columns, groups, keys)
            rows = [start + i for i in positions]
            for i, result in zip(
                positions, found.results(rows, references=references), strict=True
            ):
                out[i] = result
    return [r for r in out if r is not None]


def _frame_kind(rows: object) -> str | None:
    module = type(rows).__module__
    if module.startswith("pandas") and type(rows).__name__ == "DataFrame":
        return "pandas"
    if module.startswith("pyarrow") and type(rows).__name__ == "Table":
        return "arrow"
    return None


def _frame_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """Canonical column name -> the frame's column, the first of each name."""
    found: dict[str, Any] = {}
    for column in frame.columns:
        found.setdefault(column_key(column), column)
    return found


def _screen_pandas(
    frame: pd.DataFrame,
    *,
    mode: str,
    column: str,
    rules: Sequence[str | ModuleType | RuleModule] | None,
    progress: Callable[[int], None] | None,
    screener: FrameScreen | None = None,
) -> pd.DataFrame:
    """:func:`screen` of a frame; *screener* keeps its memos for the next frames."""
    out = frame.copy()
    names = dict(zip(RESULT_COLUMNS, result_columns(frame.columns), strict=True))
    matched = _frame_columns(frame)
    if mode == "hs":
        if column_key(column) not in matched:
            raise InvalidArgumentError(
                f"no column {column!r} in the frame (columns: {', '.join(map(str, frame.columns))})"
            )
        text = frame[matched[column_key(column)]].astype("string")
        digits = text if bool(text.str.isdigit().all()) else text.str.replace(r"\D", "", regex=True)
        six = digits.str.slice(0, 6).astype("category")
        table = {k: " ".join(v) for k, v in _FLAGS.get().items()}
        flags = six.map(table).astype("object").fillna("")
        bad = (digits.isna() | (digits.str.len() < 6)).fillna(True).astype(bool)
        out[names["status"]] = "clear"
        out.loc[flags != "", names["status"]] = "flagged"
        out.loc[bad, names["status"]] = "error"
        out[names["requirements"]] = ""
        out[names["prohibitions"]] = ""
        out[names["notes"]] = ""
        out[names["flags"]] = flags.where(~bad, "")
        out[names["error"]] = ""
        out.loc[bad, names["error"]] = "InvalidHSCodeError: fewer than 6 digits"
        if progress is not None:
            progress(len(frame))
        return out
    from mea_trade.columnar import screen_frame

    read = {c: matched[c] for c in COLUMNS if c in matched}
    with _fewer_collections():
        found = (
            screen_frame(frame, read, rules) if screener is None else screener.screen(frame, read)
        )
    if found is None:  # a cell that cannot be a dictionary key: line by line
        return _screen_pandas_by_line(frame, out, names, matched, rules, progress)
    for name, values in zip(RESULT_COLUMNS, found, strict=True):
        out[names[name]] = values
    if progress is not None:
        progress(len(frame))
    return out


def _screen_pandas_by_line(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    names: Mapping[str, str],
    matched: Mapping[str, Any],
    rules: Sequence[str | ModuleType | RuleModule] | None,
    progress: Callable[[int], None] | None,
) -> pd.DataFrame:
    """The row-by-row path: each line read and assessed on its own."""
    present = [c for c in COLUMNS if c in matched]
    source = frame[[matched[c] for c in present]]
    records = (
        dict(zip(present, values, strict=True))
        for values in source.itertuples(index=False, name=None)
    )
    results = [
        r.record() for r in iter_screen(records, mode="assess", rules=rules, progress=progress)
    ]
    for name in RESULT_COLUMNS:
        out[names[name]] = [r[name] for r in results]
    return out


def to_records(results: Iterable[ScreenResult]) -> list[dict[str, Any]]:
    """Flatten results for CSV output (see :meth:`ScreenResult.record`)."""
    return [r.record() for r in results]


def to_frame(results: Iterable[ScreenResult]) -> pd.DataFrame:
    """Results as a pandas DataFrame, one row per result (see :meth:`ScreenResult.record`).

    >>> import mea_trade as mt
    >>> frame = to_frame(mt.screen(["2903.71", "0101.21"], mode="hs"))
    >>> frame[["row", "status", "flags"]].values.tolist()
    [[0, 'flagged', 'montreal:C/I'], [1, 'clear', '']]
    """
    import pandas as pd

    rows = [{**r.record(), "line": r.line, "reference": r.reference} for r in results]
    return pd.DataFrame(rows, columns=["row", "line", "reference", *RESULT_COLUMNS])


class MeaAccessor:
    """``DataFrame.mea``: screening from a pandas DataFrame.

    Registered with pandas when pandas is imported (importing mea_trade does not
    import pandas).

    >>> import pandas as pd
    >>> import mea_trade as mt
    >>> frame = pd.DataFrame({"hs_code": ["2903.71", "0101.21"]})
    >>> frame.mea.screen(mode="hs")["status"].tolist()
    ['flagged', 'clear']
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def screen(
        self,
        *,
        mode: Literal["assess", "hs"] = "assess",
        hs_column: str = "hs_code",
        rules: Sequence[str | ModuleType | RuleModule] | None = None,
    ) -> pd.DataFrame:
        """:func:`mea_trade.screen` of this frame."""
        return screen(self._frame, mode=mode, hs_column=hs_column, rules=rules)


# ------------------------------------------------------------------ files

#: Records of a file screened together by :func:`screen_file` (the memory of a block is
#: bounded: about 20 MB for a file of eight short columns).
FILE_BLOCK_LINES = 20_000
#: A batch read into columns whose lines came to at most one distinct outcome in this
#: many makes the next batch :data:`FILE_BATCH_GROWTH` times :data:`FILE_BLOCK_LINES`.
FILE_REPEATS = 20
#: See :data:`FILE_REPEATS`.
FILE_BATCH_GROWTH = 2.5
#: Lines of a batch written to the output at once (the text of the whole batch is not held).
_WRITE_LINES = 10_000
#: A quoted field may run over at most this many lines (beyond, its opening line is an error).
MAX_RECORD_LINES = 100
#: ... and over at most this many characters.
MAX_RECORD_CHARS = 1 << 20
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
_QUOTED = re.compile(r'"[^"]*"')
_EXCEL_SEP = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
_SURROGATES = re.compile("[\udc80-\udcff]")


@attrs.frozen
class InputLine:
    """One record of a declaration file.

    Attributes:
        number: the line it starts on (1-based).
        values: its cells, as many as the header has (missing trailing cells are empty).
        problem: ``"ErrorType: message"`` when the line could not be read as a record.
        extra: cells beyond the header's (only on lines with a problem).
    """

    number: int
    values: tuple[str, ...]
    problem: str | None = None
    extra: tuple[str, ...] = ()


@attrs.frozen
class _Physical:
    number: int
    text: str
    problem: str | None


#: Bytes read from a file at a time (the lines they hold are decoded at once).
_CHUNK = 1 << 20
#: Encodings in which a line feed byte is always a line feed, so that a chunk of lines
#: decodes as its lines do one by one (others are decoded line by line).
_CHUNKED = frozenset(
    {"utf-8", "ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "cp1251", "cp1252"}
)


class _Lines:
    """The physical lines of a binary stream, decoded a chunk at a time, with push-back."""

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        self._back: deque[_Physical] = deque()
        self.number = 0
        self.bytes = 0
        head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
        detected = None
        if head.startswith(codecs.BOM_UTF8):
            detected = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            detected = "utf-32"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            detected = "utf-16"
        chosen = detected if detected is not None and _is_utf(encoding) else encoding
        self.encoding = codecs.lookup(chosen).name
        if self.encoding == "utf-8-sig":  # the mark is dropped from the first line below
            chosen = self.encoding = "utf-8"
        self._wide = self.encoding.startswith(("utf-16", "utf-32"))
        self._stream = stream
        self._decoder_name = chosen
        self._first = True
        self._ready: list[str] = []  # decoded lines of the current chunk, none with a problem
        self._at = 0
        self._rest = b""  # the start of a line the chunk cut
        self._done = False
        self._chunked = self.encoding in _CHUNKED
        if self._wide:
            text = io.TextIOWrapper(stream, encoding=chosen, errors="surrogateescape", newline="")
            self._text_lines: Iterator[str] | None = iter(text)
        else:
            self._text_lines = None
            self._raw_lines = iter(stream)

    def push_back(self, lines: Iterable[_Physical]) -> None:
        self._back.extendleft(reversed(list(lines)))

    def __iter__(self) -> Iterator[_Physical]:
        return self

    def __next__(self) -> _Physical:
        if self._back:
            return self._back.popleft()
        if self._text_lines is not None:
            text = next(self._text_lines)
            self.bytes += len(text.encode("utf-8", "surrogateescape"))
            self.number += 1
            text = text.rstrip("\r\n")
            problem = None
            if _SURROGATES.search(text):
                problem = f"EncodingError: line {self.number} is not valid {self.encoding}"
            return _Physical(self.number, text, problem)
        if self._at == len(self._ready):
            if not self._fill():
                raise StopIteration
            if self._back:
                return self._back.popleft()
        text = self._ready[self._at]
        self._at += 1
        self.number += 1
        return _Physical(self.number, text, None)

    def texts(self, limit: int) -> tuple[int, list[str]] | None:
        """Up to *limit* decoded lines without a problem (and the number of the first).

        None when the next line must come from ``next()``: a line pushed back, a line
        that could not be decoded, the end of the stream, or a wide encoding.
        """
        if self._back or self._text_lines is not None:
            return None
        if self._at == len(self._ready) and (not self._fill() or self._back):
            return None
        taken = self._ready[self._at : self._at + limit]
        self._at += len(taken)
        first = self.number + 1
        self.number += len(taken)
        return first, taken

    def _fill(self) -> bool:
        """Decode the next chunk's lines; False at the end of the stream.

        A chunk that does not decode is decoded line by line: its lines are pushed back
        as physical lines, each with its problem.
        """
        self._ready = []
        self._at = 0
        while not self._ready and not self._back:
            if self._done:
                return False
            if not self._chunked:
                raw = next(self._raw_lines, None)
                if raw is None:
                    self._done = True
                    return False
                self.bytes += len(raw)
                self.number += 1
                self._back.append(self._decode(self.number, raw))
                return True
            data = self._stream.read(_CHUNK)
            if not data:
                self._done = True
                if not self._rest:
                    return False
                data, self._rest = self._rest, b""
                complete = data
            else:
                data = self._rest + data
                cut = data.rfind(b"\n") + 1
                complete, self._rest = data[:cut], data[cut:]
                if not complete:
                    continue
            self.bytes += len(complete)
            raw_lines = complete.split(b"\n")
            if complete.endswith(b"\n"):
                raw_lines.pop()
            if self._first:
                self._first = False
                if (
                    raw_lines
                    and raw_lines[0].startswith(codecs.BOM_UTF8)
                    and self.encoding
                    in (
                        "utf-8",
                        "utf-8-sig",
                    )
                ):
                    raw_lines[0] = raw_lines[0][len(codecs.BOM_UTF8) :]
            try:
                joined = b"\n".join(raw_lines).decode(self._decoder_name)
            except UnicodeDecodeError:
                for raw in raw_lines:  # numbered as they are read
                    self.number += 1
                    self._back.append(self._decode(self.number, raw))
                return True
            lines = joined.split("\n")
            self._ready = [t[:-1] if t.endswith("\r") else t for t in lines]
        return True

    def _decode(self, number: int, raw: bytes) -> _Physical:
        """One raw line as a physical line (its problem, if it does not decode)."""
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if self._first:
            self._first = False
            if raw.startswith(codecs.BOM_UTF8) and self.encoding in ("utf-8", "utf-8-sig"):
                raw = raw[len(codecs.BOM_UTF8) :]
        try:
            return _Physical(number, raw.decode(self._decoder_name), None)
        except UnicodeDecodeError as exc:
            text = raw.decode(self._decoder_name, "surrogateescape")
            byte = raw[exc.start : exc.start + 1].hex().upper()
            column = len(raw[: exc.start].decode(self._decoder_name, "replace")) + 1
            hint = (
                "; the file may be Windows-1252 or Latin-1: try --encoding cp1252"
                if self.encoding in ("utf-8", "utf-8-sig")
                else ""
            )
            problem = (
                f"EncodingError: line {number} is not valid {self.encoding} "
                f"(byte 0x{byte} at column {column}){hint}"
            )
            return _Physical(number, text, problem)


def _is_utf(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


@attrs.frozen
class _Header:
    names: tuple[str, ...]
    delimiter: str
    line: int
    columns: Mapping[str, int]
    comments: int
    blank: int


class RecordBlock:
    """Records of a declaration file read together (see :meth:`DeclarationReader.blocks`).

    Attributes:
        numbers: the line each record starts on.
        values: each record's cells (as many as the header has).
        problems: record index -> ``"ErrorType: message"`` for the records that could not
            be read.
        extras: record index -> the cells beyond the header's (records with a problem).
        texts: each record's line as read, where it is one line of plain cells
            (no quote, as many as the header), else None.
    """

    __slots__ = ("extras", "numbers", "problems", "texts", "values")

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.values: list[list[str]] = []
        self.problems: dict[int, str] = {}
        self.extras: dict[int, tuple[str, ...]] = {}
        self.texts: list[str | None] = []

    def __len__(self) -> int:
        return len(self.numbers)

    def add_plain(self, number: int, values: list[str], text: str) -> None:
        """A record read from one line of plain cells."""
        self.numbers.append(number)
        self.values.append(values)
        self.texts.append(text)

    def add(
        self, number: int, values: list[str], problem: str | None, extra: tuple[str, ...]
    ) -> None:
        """Any other record."""
        if problem is not None:
            self.problems[len(self.numbers)] = problem
            if extra:
                self.extras[len(self.numbers)] = extra
        self.numbers.append(number)
        self.values.append(values)
        self.texts.append(None)

    def line(self, i: int) -> InputLine:
        """Record *i* as an :class:`InputLine`."""
        return InputLine(
            self.numbers[i], tuple(self.values[i]), self.problems.get(i), self.extras.get(i, ())
        )


class DeclarationReader:
    """The records of a declaration file, read as a stream (see :func:`read_declarations`).

    Attributes:
        names: the header's column names, as written.
        columns: canonical column name (:func:`column_key`) -> its position.
        delimiter: the delimiter used.
        encoding: the encoding used.
        header_line: the number of the header line.
        comment_lines: ``#`` lines before the header.
        blank_lines: blank lines (before or after the header), skipped.
    """

    def __init__(self, lines: _Lines, header: _Header) -> None:
        self._lines = lines
        self.names = header.names
        self.columns = header.columns
        self.delimiter = header.delimiter
        self.encoding = lines.encoding
        self.header_line = header.line
        self.comment_lines = header.comments
        self.blank_lines = header.blank

    @property
    def bytes_read(self) -> int:
        """Bytes read from the stream so far."""
        return self._lines.bytes

    def __iter__(self) -> Iterator[InputLine]:
        for physical in self._lines:
            record = self._record(physical)
            if record is not None:
                yield record

    def _record(self, physical: _Physical) -> InputLine | None:
        """The record that starts on a physical line (None for a blank line)."""
        text = physical.text
        # blank: only white space; a line of tabs in a tab-delimited file is a record of
        # empty cells, as ",,,," is in a comma-delimited one
        if not text.strip() and self.delimiter not in text:
            self.blank_lines += 1
            return None
        problem = physical.problem
        if '"' not in text:
            values = text.split(self.delimiter)
        else:
            values, quote_error = self._quoted(physical, len(self.names))
            problem = problem or quote_error
        values, problem, extra = self._fields(physical.number, text, values, problem)
        return InputLine(physical.number, tuple(values), problem, extra)

    def _fields(
        self, number: int, text: str, values: list[str], problem: str | None
    ) -> tuple[list[str], str | None, tuple[str, ...]]:
        """A record's cells as many as the header's, its problem, its extra fields."""
        width = len(self.names)
        if problem is None and text.startswith("#"):
            problem = (
                f"CommentLineError: line {number} starts with '#': comments are "
                "read only before the header; the line is kept but not screened"
            )
        extra: tuple[str, ...] = ()
        if len(values) > width:
            extra = tuple(values[width:])
            if problem is None and any(v.strip() for v in extra):
                problem = (
                    f"FieldCountError: line {number} has {len(values)} fields, "
                    f"the header {width}; the extra fields are " + ", ".join(repr(v) for v in extra)
                )
            values = values[:width]
        elif len(values) < width:
            values = values + [""] * (width - len(values))
        return values, problem, extra if problem is not None else ()

    def blocks(self, size: int = 50_000) -> Iterator[RecordBlock]:
        """The records in blocks of up to *size*, read quickly where the lines are plain.

        The same records as iterating the reader, with the same problems: lines without
        quotes are split on the delimiter, a quoted line is parsed on its own, and a line
        whose quotes do not close (it may run over the next lines) is read as
        ``iter(reader)`` reads it.
        """
        return self._blocks(size, columnar=False)  # type: ignore[return-value]

    def batches(
        self, size: int | Callable[[], int] = 50_000
    ) -> Iterator[RecordBlock | ColumnBatch]:
        """:meth:`blocks`, with batches of whole records read into columns where they can be.

        *size* may be a function, asked for the size of each block or batch as it
        starts (so that a caller can make the next batches larger or smaller as it
        goes). A batch of lines (up to that size), with no comment line, in which every line is one
        record of the header's width and every quote is a cell's whole quoting, comes as
        a :class:`ColumnBatch`, read by Arrow's CSV reader (pyarrow and NumPy must be
        installed; else, or for other batches, the records come in :class:`RecordBlock`
        as from :meth:`blocks`). The records and their order are those of :meth:`blocks`.
        """
        columnar = len(self.delimiter) == 1 and self.delimiter not in '"\r\n'
        columnar = columnar and _arrow_available()
        return self._blocks(size, columnar=columnar)

    def _blocks(
        self, sizes: int | Callable[[], int], *, columnar: bool
    ) -> Iterator[RecordBlock | ColumnBatch]:
        lines = self._lines
        delimiter = self.delimiter
        width = len(self.names)
        parser = _LineParser(delimiter)
        while True:
            size = sizes() if callable(sizes) else sizes
            block = RecordBlock()
            numbers, rows, texts_of = block.numbers, block.values, block.texts
            while len(numbers) < size:
                batch = lines.texts(size - len(numbers))
                if batch is None:
                    physical = next(lines, None)
                    if physical is None:
                        break
                    record = self._record(physical)
                    if record is not None:
                        block.add(record.number, list(record.values), record.problem, record.extra)
                    continue
                first, texts = batch
                if columnar and not numbers:  # as many lines as come at once, up to *size*
                    while len(texts) < size:
                        more = lines.texts(size - len(texts))
                        if more is None or not more[1]:
                            break
                        texts = texts + more[1]
                if width > 1 and texts:  # a batch of plain lines is split at once
                    joined = "\n".join(texts)
                    comments = joined.startswith("#") or "\n#" in joined
                    table = (
                        None
                        if comments or not columnar
                        else _arrow_batch(texts, joined, width, delimiter)
                    )
                    if table is not None:  # the records read so far go first
                        joined = ""  # not kept while the batch is screened
                        if numbers:
                            yield block
                            block = RecordBlock()
                            numbers, rows, texts_of = block.numbers, block.values, block.texts
                        yield ColumnBatch(first, texts, table)
                        size = sizes() if callable(sizes) else sizes
                        continue
                    if '"' not in joined and not comments:
                        split = [text.split(delimiter) for text in texts]
                        if all(len(values) == width for values in split):
                            numbers.extend(range(first, first + len(texts)))
                            rows.extend(split)
                            texts_of.extend(texts)
                            continue
                for offset, text in enumerate(texts):
                    if '"' not in text:
                        values = text.split(delimiter)
                        if len(values) == width and width > 1 and text[0] != "#":
                            numbers.append(first + offset)  # one line of plain cells
                            rows.append(values)
                            texts_of.append(text)
                            continue
                        if not text.strip() and delimiter not in text:
                            self.blank_lines += 1
                            continue
                    else:
                        try:
                            values = parser.parse(text)
                        except csv.Error:  # the careful way, which may take the next lines
                            number = first + offset
                            rest = texts[offset + 1 :]
                            lines.push_back(
                                _Physical(number + 1 + j, t, None) for j, t in enumerate(rest)
                            )
                            record = self._record(_Physical(number, text, None))
                            if record is not None:
                                block.add(
                                    record.number, list(record.values), record.problem, record.extra
                                )
                            break
                    number = first + offset
                    values, problem, extra = self._fields(number, text, values, None)
                    block.add(number, values, problem, extra)
            if not numbers:
                return
            yield block

    def _quoted(self, physical: _Physical, width: int) -> tuple[list[str], str | None]:
        """Parse a line with quotes; a quoted field may run over the next lines."""
        try:
            return _parse(physical.text, self.delimiter, strict=True), None
        except csv.Error as exc:
            reason = str(exc)
        if physical.problem is None and "unexpected end of data" in reason:
            joined = self._continue(physical, width)
            if joined is not None:
                return joined, None
        values = _parse(physical.text, self.delimiter, strict=False)
        return values, (
            f"QuoteError: line {physical.number} has an unbalanced or misplaced quote "
            f"({reason}); the line reads: {physical.text}"
        )

    def _continue(self, first: _Physical, width: int) -> list[str] | None:
        taken: list[_Physical] = []
        text = first.text
        while len(taken) < MAX_RECORD_LINES and len(text) < MAX_RECORD_CHARS:
            following = next(self._lines, None)
            if following is None:
                break
            taken.append(following)
            if following.problem is not None:
                break
            text += "\n" + following.text
            try:
                values = _parse(text, self.delimiter, strict=True)
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    continue
                break
            if len(values) == width:
                return values
            break
        self._lines.push_back(taken)
        return None


class ColumnBatch:
    """Lines of a declaration file read together into columns by a CSV reader in C.

    Attributes:
        first: the number of the first line (the others follow, one record per line).
        texts: each line as read.
        table: a ``pyarrow.Table`` of as many text columns as the header has, the
            cells as the file writes them.
    """

    __slots__ = ("first", "table", "texts")

    def __init__(self, first: int, texts: list[str], table: Any) -> None:
        self.first = first
        self.texts = texts
        self.table = table

    def __len__(self) -> int:
        return len(self.texts)


@functools.lru_cache(maxsize=8)
def _well_quoted(delimiter: str) -> re.Pattern[str]:
    """A line of cells each plain (no quote) or wholly quoted (quotes inside doubled).

    Python's strict CSV reader and Arrow's read such a line alike.
    """
    d = re.escape(delimiter)
    cell = f'(?:[^"{d}]*|"(?:[^"]|"")*")'
    return re.compile(f"{cell}(?:{d}{cell})*")


def _arrow_available() -> bool:
    try:
        import numpy  # noqa: F401
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def _arrow_batch(texts: list[str], joined: str, width: int, delimiter: str) -> Any:
    """The cells of *texts* (*joined* by newlines) as an Arrow table, or None.

    None unless every line is one record of *width* cells that Python's ``csv`` module
    (strict, the same *delimiter*) would read the same: no carriage return or NUL, every
    quoted cell wholly quoted (:func:`_well_quoted`), no blank line, as many cells on
    every line.
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    if "\r" in joined or "\0" in joined or not all(texts):  # Arrow reads a blank line
        return None
    if '"' not in joined:
        if joined.count(delimiter) != (width - 1) * len(texts):  # too few or many cells
            return None
    else:
        pattern = _well_quoted(delimiter)
        if not all(pattern.fullmatch(t) for t in texts if '"' in t):
            return None
    names = [str(i) for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(joined.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            memory_pool=pa.system_memory_pool(),  # freed memory goes back at once
        )
    except (pa.ArrowInvalid, UnicodeEncodeError):
        return None
    if table.num_rows != len(texts) or table.num_columns != width:  # pragma: no cover
        return None
    return table


class _LineParser:
    """``_parse(text, delimiter, strict=True)`` for many lines, through one CSV reader."""

    def __init__(self, delimiter: str) -> None:
        self._delimiter = delimiter
        self._text: str | None = None
        self._reader = csv.reader(self, delimiter=delimiter, strict=True)

    def __iter__(self) -> _LineParser:
        return self

    def __next__(self) -> str:
        text = self._text
        if text is None:  # the reader asks for another line: the record does not end here
            raise StopIteration
        self._text = None
        return text

    def parse(self, text: str) -> list[str]:
        """The cells of one line.

        Raises:
            csv.Error: the line is not one CSV record (a quote that does not close).
        """
        self._text = text
        try:
            return next(self._reader)
        except StopIteration:  # pragma: no cover - one line is always one row
            return [""]
        except csv.Error:
            self._text = None
            self._reader = csv.reader(self, delimiter=self._delimiter, strict=True)
            raise


def _parse(text: str, delimiter: str, *, strict: bool) -> list[str]:
    if "\r" in text:
        # A carriage return alone inside a line is a character of its cell, as it is on a
        # line of plain cells (only "\n" and "\r\n" end a line); the csv module would
        # take it for a line break, so it is parsed under a stand-in that the text lacks.
        mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
        cells = _parse(text.replace("\r", mark), delimiter, strict=strict)
        return [cell.replace(mark, "\r") for cell in cells]
    rows = list(csv.reader([text], delimiter=delimiter, strict=strict))
    return rows[0] if rows else [""]


def read_declarations(
    stream: IO[bytes],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    name: str = "the file",
) -> DeclarationReader:
    r"""Read the header of a declaration file and check it; iterate the reader for its records.

    *stream* is a binary stream. The encoding is UTF-8 unless given (a byte order
    mark is recognised); the delimiter is detected from the header unless given.
    Nothing is read beyond the header until the reader is iterated.

    Raises:
        DeclarationFileError: the file is empty, its header cannot be read, lacks a
            required column (:data:`REQUIRED_COLUMNS`, or *hs_column* for
            ``mode="hs"``), or names one column twice.
        InvalidArgumentError: an unknown encoding or a delimiter that is not one character.

    >>> import io
    >>> data = "Reference;Commodity;Exporter;Importer;Date\nA1;R-22;CN;GH;2024-05-01\n"
    >>> reader = read_declarations(io.BytesIO(data.encode()))
    >>> reader.delimiter, [line.values for line in reader]
    (';', [('A1', 'R-22', 'CN', 'GH', '2024-05-01')])
    """
    _check_mode(mode)
    try:
        codecs.lookup(encoding or "utf-8")
    except LookupError:
        raise InvalidArgumentError(f"unknown encoding {encoding!r}") from None
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidArgumentError(f"a delimiter is one character, not {delimiter!r}")
    buffered: IO[bytes] = (
        stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[type-var]
    )
    lines = _Lines(buffered, encoding or "utf-8")
    comments = blank = 0
    for physical in lines:
        if not physical.text.strip():
            blank += 1
            continue
        if physical.text.startswith("#"):
            comments += 1
            continue
        excel = _EXCEL_SEP.match(physical.text)
        if excel is not None:  # Excel's "sep=;" line names the delimiter
            delimiter = delimiter or excel.group(1)
            comments += 1
            continue
        break
    else:
        what = "only comments" if comments else "empty"
        raise DeclarationFileError(
            f"{name} is {what}: expected a header line such as "
            "reference,commodity,exporter,importer,date (see mea-trade screen --help)"
        )
    if physical.problem is not None:
        raise DeclarationFileError(f"cannot read the header of {name}: {physical.problem}")
    chosen = delimiter or _sniff(physical.text)
    try:
        names = tuple(_parse(physical.text, chosen, strict=True))
    except csv.Error as exc:
        raise DeclarationFileError(
            f"cannot read the header of {name} (line {physical.number}): {exc}"
        ) from None
    columns: dict[str, int] = {}
    for position, column in enumerate(names):
        key = column_key(column)
        if key in columns and key in (*COLUMNS, column_key(hs_column)):
            raise DeclarationFileError(
                f"the header of {name} names column {key!r} twice: "
                f"{names[columns[key]]!r} (column {columns[key] + 1}) and {column!r} "
                f"(column {position + 1})"
            )
        columns.setdefault(key, position)
    needed = REQUIRED_COLUMNS if mode == "assess" else (column_key(hs_column),)
    missing = [c for c in needed if c not in columns]
    if missing:
        raise DeclarationFileError(_missing_message(name, names, chosen, missing, mode, hs_column))
    header = _Header(names, chosen, physical.number, MappingProxyType(columns), comments, blank)
    return DeclarationReader(lines, header)


def _sniff(line: str) -> str:
    """The delimiter of a header line: the most frequent of , ; tab | outside quotes."""
    bare = _QUOTED.sub("", line)
    counts = {d: bare.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _missing_message(
    name: str,
    names: tuple[str, ...],
    delimiter: str,
    missing: list[str],
    mode: str,
    hs_column: str,
) -> str:
    shown = ", ".join(repr(n) for n in names[:12]) + (", ..." if len(names) > 12 else "")
    if len(names) == 1:
        others = [d for d in _DELIMITERS if d != delimiter and d in names[0]]
        if others:
            guess = others[0]
            printable = "\\t" if guess == "\t" else guess
            return (
                f"the header of {name} has 1 column {_shorten(names[0], 60)}: is the file "
                f"separated by {_DELIMITER_NAMES[guess]}? use --delimiter '{printable}'"
            )
    if mode == "hs":
        return (
            f"--mode hs needs a column {hs_column!r} (or name another with --hs-column), but "
            f"the header of {name} has {len(names)} columns: {shown}"
        )
    return (
        f"the header of {name} lacks the column(s) {', '.join(repr(m) for m in missing)} "
        f"(required: {', '.join(REQUIRED_COLUMNS)}; names match ignoring case, spaces and "
        f"hyphens); it has {len(names)} columns: {shown}"
    )


@attrs.frozen
class ScreenSummary:
    """What a batch gave: lines screened and their count by status.

    Attributes:
        lines: the input rows, each of which gave one output row.
        by_status: status -> count (the counts add up to *lines*).
        comment_lines: ``#`` lines before the header (not rows).
        blank_lines: blank lines (not rows).
        first_error: the first error row's message, if any.
    """

    lines: int
    by_status: Mapping[str, int]
    comment_lines: int = 0
    blank_lines: int = 0
    first_error: str | None = None

    @property
    def errors(self) -> int:
        """The rows that could not be read or assessed."""
        return self.by_status.get("error", 0)

    @property
    def screened(self) -> int:
        """The rows screened without an error."""
        return self.lines - self.errors

    @classmethod
    def of(cls, results: Iterable[ScreenResult]) -> ScreenSummary:
        """Count *results*.

        >>> import mea_trade as mt
        >>> print(ScreenSummary.of(mt.screen(["2903.71", "12", "0101.21"], mode="hs")).describe())
        3 lines: clear 1, error 1, flagged 1
        """
        counts: dict[str, int] = {}
        first = None
        total = 0
        for result in results:
            total += 1
            counts[result.status] = counts.get(result.status, 0) + 1
            if first is None and result.error is not None:
                first = result.error
        return cls(total, MappingProxyType(dict(sorted(counts.items()))), first_error=first)

    def describe(self) -> str:
        """One line: the lines, the count by status, and what was not a row."""
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        text = _count(self.lines, "line") + (f": {parts}" if parts else "")
        skipped = []
        if self.comment_lines:
            skipped.append(_count(self.comment_lines, "comment line") + " before the header")
        if self.blank_lines:
            skipped.append(_count(self.blank_lines, "blank line"))
        if skipped:
            text += " (not counted: " + ", ".join(skipped) + ")"
        return text


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


class _CsvOut:
    def __init__(self, target: TextIO, names: tuple[str, ...], delimiter: str) -> None:
        self.target = target
        self._writer = csv.writer(target, delimiter=delimiter, lineterminator="\n")
        self._writer.writerow([*names, *result_columns(names, ("line", *RESULT_COLUMNS))])

    def write(self, line: InputLine, result: ScreenResult) -> None:
        record = result.record()
        self._writer.writerow(
            [*line.values, line.number, *(record[name] for name in RESULT_COLUMNS)]
        )

    def write_text(self, text: str) -> None:
        """Lines already written as CSV."""
        self.target.write(text)

    def close(self) -> None:
        pass


def _json_text(value: str) -> str:
    r"""Undecodable bytes (kept as surrogates) shown as ``\xNN`` in JSON text."""
    if _SURROGATES.search(value):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return value


class _JsonOut:
    def __init__(self, target: TextIO, names: tuple[str, ...]) -> None:
        self._target = target
        keys: list[str] = []
        for position, name in enumerate(names):
            key = _json_text(name)
            keys.append(key if key not in keys else f"{key} (column {position + 1})")
        self._keys = keys
        self._first = True
        target.write("[")

    def write(self, line: InputLine, result: ScreenResult) -> None:
        record = result.to_json()
        record["input"] = {k: _json_text(v) for k, v in zip(self._keys, line.values, strict=True)}
        if line.extra:
            record["extra_fields"] = [_json_text(v) for v in line.extra]
        if record.get("reference") is not None:
            record["reference"] = _json_text(record["reference"])
        if record.get("error") is not None:
            record["error"] = _json_text(record["error"])
        self._target.write(
            ("\n" if self._first else ",\n") + json.dumps(record, ensure_ascii=False)
        )
        self._first = False

    def close(self) -> None:
        self._target.write("\n]\n")


def screen_file(
    source: IO[bytes] | DeclarationReader,
    target: TextIO,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    as_json: bool = False,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
) -> ScreenSummary:
    r"""Screen a CSV file of declarations as a stream and write one output row per input row.

    *source* is a binary stream (or a reader from :func:`read_declarations`);
    *target* a text stream, written row by row: CSV (the input columns unchanged,
    then the result columns, see :data:`FILE_FORMAT`) or, with *as_json*, a JSON
    array of one object per row (``row``, ``line``, ``reference``, ``status``, the
    findings, ``flags``, ``error`` and ``input``, every input column). Bytes that
    are not in the encoding are kept as they were (open *target* with
    ``errors="surrogateescape"`` to write them back byte for byte).

    *progress*, if given, is called with the rows done and the bytes read.

    *processes*: 2 to read and write the file in a second process while this one
    screens (:func:`_screened_in_two_processes`), 1 to do everything here; None (the
    default) takes 2 where it can: CSV output to a stream with a file descriptor (a
    file, a pipe), on Linux, with pyarrow and NumPy installed, on a machine of two
    cores or more, called from a process of one thread. Elsewhere, 2 is taken as 1.
    The output is the same either way.

    Raises:
        DeclarationFileError: a problem of the whole file (see :func:`read_declarations`).

    >>> import io, sys
    >>> data = b"reference,commodity,exporter,importer,date\nA1,R-22,CN,GH,2024-05-01\n"
    >>> summary = screen_file(io.BytesIO(data), sys.stdout)
    reference,commodity,exporter,importer,date,line,status,requirements,prohibitions,notes,flags,error
    A1,R-22,CN,GH,2024-05-01,2,licences_required,"export licence (CN; ...)",,montreal.data_as_of,,
    >>> summary.describe()
    '1 line: licences_required 1'
    """
    if isinstance(source, DeclarationReader):
        reader = source
    else:
        reader = read_declarations(
            source, encoding=encoding, delimiter=delimiter, mode=mode, hs_column=hs_column
        )
    if as_json or mode == "hs":
        out: _CsvOut | _JsonOut = (
            _JsonOut(target, reader.names) if as_json else _CsvOut(target, reader.names, ",")
        )
    else:
        out = _CsvOut(target, reader.names, ",")
    screener = _FileScreen(reader, mode, hs_column, rules, keep=as_json)
    counts: dict[str, int] = {}
    first_error: str | None = None
    done = 0
    if processes not in (None, 1, 2):
        raise InvalidArgumentError(f"processes must be 1, 2 or None, not {processes!r}")
    columnar = isinstance(out, _CsvOut) and mode != "hs"
    screened: Generator[_Screened, None, None]
    if columnar and _can_split(processes, target):
        assert isinstance(out, _CsvOut)
        screened = _screened_in_two_processes(reader, screener, out)
    else:
        blocks = reader.batches(screener.next_size) if columnar else reader.blocks(FILE_BLOCK_LINES)
        screened = _screened_here(reader, screener, blocks, out, as_json)
    with _fewer_collections(), contextlib.closing(screened):
        for statuses, errors, lines, read in screened:
            for status, count in statuses.items():
                counts[status] = counts.get(status, 0) + count
            if first_error is None and errors:
                first_error = errors
            done += lines
            if progress is not None:
                progress(done, read)
    out.close()
    return ScreenSummary(
        done,
        MappingProxyType(dict(sorted(counts.items()))),
        comment_lines=reader.comment_lines,
        blank_lines=reader.blank_lines,
        first_error=first_error,
    )


def _can_split(processes: int | None, target: TextIO) -> bool:
    """Whether :func:`screen_file` reads and writes in a second process (see there)."""
    import multiprocessing

    if processes == 1 or not sys.platform.startswith("linux"):
        return False
    if "fork" not in multiprocessing.get_all_start_methods() or not _arrow_available():
        return False
    try:
        target.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return False
    if processes == 2:
        return True
    # by default, not from a process of several threads (a fork copies only the caller's)
    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


class _Captured(_CsvOut):
    """A :class:`_CsvOut` whose text is kept rather than written (no header)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write_text(self, text: str) -> None:
        self.parts.append(text)


#: Entries of the memo of a side column's checks in the second process of
#: :func:`screen_file` (which holds no other memo): 200,000 quantities, about 20 MB.
SECOND_PROCESS_MEMO_SIZE = 200_000


#: What screening one block gives: its lines by status, its first error, its lines, and
#: the bytes of the file read so far.
_Screened = tuple[dict[str, int], "str | None", int, int]


def _screened_here(
    reader: DeclarationReader,
    screener: _FileScreen,
    blocks: Iterator[RecordBlock | ColumnBatch],
    out: _CsvOut | _JsonOut,
    as_json: bool,
) -> Generator[_Screened, None, None]:
    """Screen and write each block in this process (see :data:`_Screened`)."""
    done = 0
    for block in blocks:
        statuses, errors = screener.block(block, out, done, as_json)
        done += len(block)
        yield statuses, errors, len(block), reader.bytes_read


def _screened_in_two_processes(
    reader: DeclarationReader, screener: _FileScreen, out: _CsvOut
) -> Generator[_Screened, None, None]:
    """Screen a file here while a second process reads it and writes the output.

    The second process (forked: it has the reader, the screener and the output as they
    are) reads the batches (:meth:`DeclarationReader.batches`) and sends each to this
    one, one batch ahead: a batch read into columns as its Arrow table with its side
    columns read and checked (:meth:`_FileScreen.read_columns`), a block of lines as it
    is. This process screens each in turn and sends back its outcomes' texts and each
    line's (for a block of lines, its output as text) and the size of the next batch;
    the second process writes each line with its results, in order. So the second
    process reads a batch and writes the one before while this one screens: the lines
    are never made Python strings here. The messages go through pipes, sent and read
    by each process's main thread (a queue's thread would wait for the GIL at every
    64 KB of a batch). Yields what each block gives (see :data:`_Screened`); the second
    process is ended if the caller stops early.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    from_child, to_parent = context.Pipe(duplex=False)
    from_parent, to_child = context.Pipe(duplex=False)
    out.target.flush()
    for stream in (sys.stdout, sys.stderr):  # the child would write their buffers again
        with contextlib.suppress(Exception):
            stream.flush()
    child = context.Process(
        target=_read_and_write,
        args=(reader, screener, out, from_parent, to_parent),
        name="mea-trade-read-write",
        daemon=True,
    )
    child.start()
    to_parent.close()  # the child's ends
    from_parent.close()
    done = 0
    try:
        message = _receive(from_child, child)
        while message[0] != "end":
            if message[0] == "columns":
                _, first, table, sides, read = message
                lines, columns = screener.read_columns(table, sides=False)
                columns.update(sides)
                statuses, errors, texts_of, ids = screener._screen_columns(first, lines, columns)
                reply: tuple[object, ...] = ("columns", texts_of, ids, screener.next_size())
            else:
                _, block, read = message
                captured = _Captured()
                statuses, errors = screener.block(block, captured, done, False)
                lines = len(block)
                reply = ("records", "".join(captured.parts), screener.next_size())
            message = _receive(from_child, child)  # the next batch, read meanwhile
            to_child.send(reply)
            done += lines
            yield statuses, errors, lines, read
        _, reader.comment_lines, reader.blank_lines, reader._lines.bytes = message
        message = _receive(from_child, child)  # the last lines written, or an error
        child.join()
        if child.exitcode != 0:
            raise MeaTradeError(f"the process writing the output ended with {child.exitcode}")
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
        from_child.close()
        to_child.close()


def _receive(connection: Any, child: Any) -> Any:
    """The next message from the second process; its error raised here.

    Raises MeaTradeError if the process ended without a word (a signal, a crash).
    """
    while not connection.poll(0.5):
        if not child.is_alive() and not connection.poll(0):
            raise MeaTradeError(f"the process reading the file ended with {child.exitcode}")
    try:
        message = connection.recv()
    except EOFError:
        raise MeaTradeError("the process reading the file ended without a word") from None
    if message[0] == "error":
        raise message[1]
    return message


def _read_and_write(
    reader: DeclarationReader, screener: _FileScreen, out: _CsvOut, replies: Any, sends: Any
) -> None:
    """The second process of :func:`_screened_in_two_processes`: reads, sends, writes.

    A batch read into columns is sent with its side columns read and checked
    (:meth:`_FileScreen.read_columns`, by this process's copy of the screener). The
    next batch is sent before the results of the one before are awaited (and the
    screening process reads that batch before it sends those results).
    """
    size = [FILE_BLOCK_LINES]
    writer = _BatchWriter(reader.delimiter)
    screener.side_memo_size = SECOND_PROCESS_MEMO_SIZE
    try:
        batches = reader.batches(lambda: size[0])

        def send(item: RecordBlock | ColumnBatch | None) -> None:
            if item is None:
                sends.send(("end", reader.comment_lines, reader.blank_lines, reader.bytes_read))
            elif isinstance(item, ColumnBatch):
                _, sides = screener.read_columns(item.table, grouped=False)
                sends.send(("columns", item.first, item.table, sides, reader.bytes_read))
            else:
                sends.send(("records", item, reader.bytes_read))

        item = next(batches, None)
        send(item)
        while item is not None:
            after = next(batches, None)
            send(after)
            reply = replies.recv()
            if reply[0] == "columns":
                assert isinstance(item, ColumnBatch)
                writer.write(out, item, reply[1], reply[2])
            else:
                out.write_text(reply[1])
            size[0] = reply[-1]
            item = after
        out.target.flush()
        sends.send(("done",))
    except BaseException as exc:
        sent: BaseException = exc
        try:
            pickle.dumps(exc)
        except Exception:
            sent = MeaTradeError(f"reading or writing failed: {exc!r}")
        with contextlib.suppress(OSError):  # raised there (not here: no second traceback)
            sends.send(("error", sent))


class _Collections:
    """How many batch screens run in the process, and the collector's thresholds before."""

    lock = threading.Lock()
    running = 0
    before: tuple[int, int, int] = (0, 0, 0)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a file or a frame is screened.

    A block of lines makes hundreds of thousands of short-lived objects (cells, keys)
    without reference cycles, and each collection of the older generations walks every
    memo of the screen (a quarter of the time of a large frame whose lines all differ);
    the collector's first threshold is raised for the duration. The thresholds are the
    process's: the first screen to start raises it, the last to end puts it back, so
    screens in several threads (a Dask worker's) leave them as they found them.
    """
    with _Collections.lock:
        if _Collections.running == 0:
            before = gc.get_threshold()
            _Collections.before = before
            gc.set_threshold(max(before[0], 100_000), *before[1:])
        _Collections.running += 1
    try:
        yield
    finally:
        with _Collections.lock:
            _Collections.running -= 1
            if _Collections.running == 0:
                gc.set_threshold(*_Collections.before)


class _Prepared(dict):  # type: ignore[type-arg]
    """Raw cell of a file -> the cell as read (stripped, None when blank), made on demand."""

    def __missing__(self, raw: str) -> str | None:
        value = self[raw] = _text_cell(raw)
        return value


class _Codes(dict):  # type: ignore[type-arg]
    """Raw cell of a file -> a number, given on first sight; :attr:`cells` by number."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str | None] = []

    def __missing__(self, raw: str) -> int:
        code = self[raw] = len(self.cells)
        self.cells.append(_text_cell(raw))
        return code


class _Epochs:
    """The epochs of a file's cells but the date, and the outcome met in each."""

    __slots__ = ("bounds", "outcomes")

    def __init__(self, bounds: list[int]) -> None:
        self.bounds = bounds
        #: epoch number (:func:`bisect.bisect_right` of an ordinal in *bounds*) -> the
        #: error position and outcome of its groups
        self.outcomes: dict[int, tuple[int, Any]] = {}


def _integers(array: Any) -> Any:
    """An Arrow array of integers without nulls as a NumPy array of int64.

    Read from its buffer as it is (``to_numpy`` would import pandas).
    """
    import numpy as np
    import pyarrow as pa

    sign = "u" if pa.types.is_unsigned_integer(array.type) else ""
    kind = np.dtype(f"{sign}int{array.type.bit_width}")
    found = np.frombuffer(array.buffers()[1], dtype=kind, count=array.offset + len(array))
    return found[array.offset :].astype(np.int64)


#: A batch's columns as read for the screen (see :meth:`_FileScreen.read_columns`).
#: Column -> its distinct cells by index (all, or for a side column those that fail its
#: check), each line's index among them, and for a side column whether each passes.
_ReadColumns = dict[str, tuple[Any, Any, Any]]


class _BatchWriter:
    """Writes the lines of batches read into columns, each with its result columns."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        buffer = io.StringIO()
        self._buffer = buffer
        self._csv = csv.writer(buffer, lineterminator="\n")

    def render(self, cells: Sequence[object]) -> str:
        """Cells as one CSV line, as :class:`csv.writer` writes them (no line end)."""
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._csv.writerow(cells)
        return buffer.getvalue()[:-1]

    def write(self, out: _CsvOut, batch: ColumnBatch, texts_of: list[str], ids: Any) -> None:
        """Each line of *batch* as read, its number, and ``texts_of[ids[line]]``.

        Written 10,000 lines at a time (the text of the whole batch is not held).
        """
        import numpy as np

        texts = np.asarray(texts_of, dtype=object)
        start, n = batch.first, len(batch)
        heads = self.heads(batch)
        for at in range(0, n, _WRITE_LINES):
            end = min(at + _WRITE_LINES, n)
            out.write_text(
                "".join(
                    [
                        f"{head},{number},{text}\n"
                        for head, number, text in zip(
                            heads[at:end],
                            range(start + at, start + end),
                            texts[ids[at:end]].tolist(),
                            strict=True,
                        )
                    ]
                )
            )

    def heads(self, batch: ColumnBatch) -> list[str]:
        """The batch's lines as comma-separated cells, as the blocks of lines write them.

        A comma-separated file's lines as read; in a file of another delimiter, a line
        without quotes or commas with its delimiters made commas, any other rendered from
        its cells.
        """
        delimiter = self.delimiter
        if delimiter == ",":
            return batch.texts
        heads = [
            text.replace(delimiter, ",") if '"' not in text and "," not in text else ""
            for text in batch.texts
        ]
        others = [i for i, head in enumerate(heads) if not head]
        if others:
            import pyarrow as pa

            table = batch.table.take(pa.array(others))
            columns = [table.column(c).to_pylist() for c in range(table.num_columns)]
            for j, i in enumerate(others):
                heads[i] = self.render([column[j] for column in columns])
        return heads


class _FileScreen:
    """Screens the record blocks of one file through one columnar screen, and writes them."""

    def __init__(
        self,
        reader: DeclarationReader,
        mode: str,
        hs_column: str,
        rules: Sequence[str | ModuleType | RuleModule] | None,
        *,
        keep: bool,
    ) -> None:
        from mea_trade.columnar import _FIELD_OF, LASTING_MEMO_SIZE, MEMO_SIZE, Screen, column_names

        self.reader = reader
        self.mode = mode
        self.hs = reader.columns.get(column_key(hs_column))
        self.reference = reader.columns.get("reference")
        self.screen = Screen(
            rules, keep=keep, memo_size=MEMO_SIZE, repeated_memo_size=LASTING_MEMO_SIZE
        )
        present = [c for c in column_names() if c in reader.columns]
        self.grouped = [c for c in present if _FIELD_OF[c] not in self.screen.side]
        self.side = [c for c in present if _FIELD_OF[c] in self.screen.side]
        positions = [reader.columns[c] for c in self.grouped]
        self.positions = positions
        #: the assessed columns' cells, numbered (the keys of the screen's memos)
        self.codes = [_Codes() for _ in self.grouped]
        #: the outcome (and error position) of the lines met, by their assessed cells
        self.known: dict[tuple[int, ...], tuple[int, Any]] = {}
        #: the side columns whose cells can be wrong (the quantity): column, field, position
        self._checked_sides = [
            (c, _FIELD_OF[c], reader.columns[c])
            for c in self.side
            if self.screen._checks.get(_FIELD_OF[c]) or self.screen._converters[_FIELD_OF[c]]
        ]
        self.cells = {c: _Prepared() for c in present}
        self.fragments: dict[Any, str] = {}  # outcome -> its result columns as CSV
        #: the lines' cells but the date, read at once (None: no date column)
        self._undated_of: Callable[[list[str]], Any] | None = None
        self._date_at = reader.columns["date"] if "date" in self.grouped else -1
        undated = [p for c, p in zip(self.grouped, positions, strict=True) if c != "date"]
        if self._date_at >= 0 and undated:
            self._undated_of = operator.itemgetter(*undated)
        self._in_key = self.grouped.index("date") if self._date_at >= 0 else -1
        #: the cells but the date (as in the file) -> their epochs and the outcomes met
        self.epochs: dict[Any, _Epochs] = {}
        self._reversions = self.screen.reversions
        #: a date cell as in the file -> its ordinal (None: blank, or not a date)
        self.days: dict[str, int | None] = {}
        self.writer = _BatchWriter(reader.delimiter)
        self._render = self.writer.render
        #: entries the memo of a side column's checks keeps (see :meth:`_bound_side_memo`)
        self.side_memo_size = self.screen.memo_size
        #: the lines of the last block, and its distinct outcomes (as many, if not counted)
        self.last: tuple[int, int] = (0, 0)

    def next_size(self) -> int:
        """The size of the next batch: larger after a batch that repeated itself.

        A batch read into columns whose lines came to few distinct outcomes (at most
        one in :data:`FILE_REPEATS`) is followed by a batch :data:`FILE_BATCH_GROWTH`
        times :data:`FILE_BLOCK_LINES`: such a file is screened faster in larger
        batches (fewer passes over the keys of each batch) in little more memory. A
        file of mostly distinct lines stays in batches of :data:`FILE_BLOCK_LINES`,
        whose memory is bounded. The results are the same whatever the batches.
        """
        lines, outcomes = self.last
        if lines and outcomes * FILE_REPEATS <= lines:
            return max(FILE_BLOCK_LINES, int(FILE_BLOCK_LINES * FILE_BATCH_GROWTH))
        return FILE_BLOCK_LINES

    def block(
        self,
        block: RecordBlock | ColumnBatch,
        out: _CsvOut | _JsonOut,
        start: int,
        as_json: bool,
    ) -> tuple[dict[str, int], str | None]:
        """Screen and write one block; its lines by status and its first error."""
        for cells in self.cells.values():
            if len(cells) > 100_000:
                cells.clear()
        self.last = (len(block), len(block))
        if isinstance(block, ColumnBatch):
            assert isinstance(out, _CsvOut)
            return self._column_batch(block, out)
        if isinstance(out, _CsvOut) and self.mode != "hs":
            return self._csv_block(block, out)
        results: Any = None
        if self.mode != "hs":
            good = [i for i in range(len(block)) if i not in block.problems]
            rows = [block.values[i] for i in good]
            results = good, self._screen_rows(rows, self._line_keys(rows))[0]
        counts: dict[str, int] = {}
        first: str | None = None
        for i, result in enumerate(self._screen_results(block, results, start)):
            out.write(block.line(i), result)
            counts[result.status] = counts.get(result.status, 0) + 1
            if first is None and result.error is not None:
                first = f"line {result.line}: {result.error}"
        return counts, first

    def _csv_block(self, block: RecordBlock, out: _CsvOut) -> tuple[dict[str, int], str | None]:
        """Screen and write one block as CSV.

        A line whose cells (but the date) and date were met before takes the outcome the
        screen kept for them, its side cells (the quantity) checked through the screen's
        memo; the other lines are screened together. The loops are comprehensions: this
        is the per-line work of a file.
        """
        from mea_trade.columnar import _POSITION, _error_outcome, _Failed, keep_newer_half

        screen = self.screen
        rows, problems = block.values, block.problems
        known = self.known
        found = self._by_epoch(rows, problems)
        todo = [i for i, hit in enumerate(found) if hit is None]
        keys = dict(zip(todo, self._line_keys([rows[i] for i in todo]), strict=True))
        for i, key in keys.items():
            found[i] = known.get(key)
        for column, field, p in self._checked_sides:
            raws = [row[p] for row in rows]
            distinct_raws = set(raws)
            memo = self._side_checks(column, field, distinct_raws)
            failed = {
                raw: (screen._failure(v.error), _POSITION[field])
                for raw in distinct_raws
                if type(v := memo[raw]) is _Failed
            }
            if failed:
                for i in [i for i, raw in enumerate(raws) if raw in failed]:
                    bad = failed[raws[i]]
                    hit = found[i]
                    if hit and bad[1] < hit[0]:
                        found[i] = (bad[1], bad[0])
        missed = [i for i, hit in enumerate(found) if hit is None]
        if missed:
            missed_rows = [rows[i] for i in missed]
            screened, distinct, firsts = self._screen_rows(
                missed_rows, [keys[i] for i in missed], firsts=True
            )
            outcomes = screened.outcomes
            keep_newer_half(known, 60_000)
            results = screened.group_results()
            known.update(zip(distinct, results, strict=True))
            self._remember(missed_rows, distinct, firsts, results)
            for i, o in zip(missed, screened.outcome_ids, strict=True):
                found[i] = (0, outcomes[o])
        for i, problem in problems.items():
            found[i] = (0, _error_outcome(problem))
        final = [hit[1] for hit in found]
        tally = collections.Counter(final)
        fragments = self.fragments
        if len(fragments) > 20_000:
            fragments.clear()
        for outcome in tally:
            if outcome not in fragments:
                fragments[outcome] = self._render(outcome.texts)
        texts = block.texts
        delimiter = self.reader.delimiter
        heads: list[str | None]
        if delimiter == ",":  # the lines as read, but those read otherwise or with a CR
            heads = list(texts)
            for i in [i for i, text in enumerate(texts) if text is None or "\r" in text]:
                heads[i] = self._render(rows[i])
        else:
            heads = [
                text.replace(delimiter, ",")
                if text is not None and "\r" not in text and "," not in text
                else self._render(rows[i])
                for i, text in enumerate(texts)
            ]
        out.write_text(
            "".join(
                [
                    f"{head},{number},{fragments[outcome]}\n"
                    for head, number, outcome in zip(heads, block.numbers, final, strict=True)
                ]
            )
        )
        counts: dict[str, int] = {}
        for outcome, count in tally.items():
            counts[outcome.status] = counts.get(outcome.status, 0) + count
        first = next((i for i, outcome in enumerate(final) if outcome.message is not None), None)
        message = None if first is None else f"line {block.numbers[first]}: {final[first].message}"
        return counts, message

    def _column_batch(self, batch: ColumnBatch, out: _CsvOut) -> tuple[dict[str, int], str | None]:
        """Screen and write a batch read into columns: the per-line work in NumPy.

        Each column's distinct cells are numbered as :meth:`_line_keys` numbers them (the
        screen's memos are shared with the blocks read line by line); the lines are
        grouped by their numbers with NumPy, the groups screened at once, and each line
        written as read with the columns of its outcome (:class:`_BatchWriter`).
        """
        n, read = self.read_columns(batch.table)
        counts, message, texts_of, ids = self._screen_columns(batch.first, n, read)
        self.writer.write(out, batch, texts_of, ids)
        return counts, message

    def read_columns(
        self, table: Any, *, grouped: bool = True, sides: bool = True
    ) -> tuple[int, _ReadColumns]:
        """A batch's lines, and its columns the screen reads, read from its Arrow *table*.

        For each column: its distinct cells (as the file writes them) and each line's
        index among them (NumPy); for a side column whose cells can be wrong (the
        quantity), also whether each distinct cell passes its check. The *grouped*
        columns, the *sides*, or both. Pure: the second process of
        :func:`_screened_in_two_processes` reads the side columns for the screening one.
        """
        from mea_trade.columnar import _Failed

        def encoded(column: str) -> tuple[list[str], Any]:
            """The column's distinct raw cells, and each line's index among them."""
            dictionary, indices = self._encoded(table, column)
            return dictionary.to_pylist(), indices

        read: _ReadColumns = {}
        for column in self.grouped if grouped else ():
            distinct, indices = encoded(column)
            read[column] = (distinct, indices, None)
        for column, field, _ in self._checked_sides if sides else ():
            self._bound_side_memo(column, field)
            patterns = self.screen._quick_re2.get(field)
            if patterns is None:
                distinct, indices = encoded(column)
                memo = self._side_checks(column, field, distinct)
                passed = [type(memo[raw]) is not _Failed for raw in distinct]
                read[column] = (distinct, indices, passed)
                continue
            read[column] = self._checked_column(table, column, field, patterns)
        return table.num_rows, read

    def _encoded(self, table: Any, column: str) -> tuple[Any, Any]:
        """A column of *table*'s distinct cells (Arrow), and each line's index among them."""
        found = table.column(self.reader.columns[column]).combine_chunks().dictionary_encode()
        return found.dictionary, _integers(found.indices)

    def _checked_column(
        self, table: Any, column: str, field: str, patterns: Sequence[str]
    ) -> tuple[dict[int, str], Any, Any]:
        """A side column read and checked (see below).

        Returns its failing distinct cells by index, each line's index among its
        distinct cells, and whether each distinct cell passes (NumPy). The distinct
        cells that all the field's RE2 *patterns* match (in C, by Arrow) pass at once,
        and are never made Python strings; the others are checked as
        :meth:`_side_checks` checks them.
        """
        import numpy as np
        import pyarrow.compute as pc

        from mea_trade.columnar import _Failed

        dictionary, indices = self._encoded(table, column)
        sure = pc.match_substring_regex(dictionary, patterns[0])
        for pattern in patterns[1:]:
            sure = pc.and_(sure, pc.match_substring_regex(dictionary, pattern))
        unsure = pc.indices_nonzero(pc.invert(sure))
        raws = dictionary.take(unsure).to_pylist()
        memo = self._side_checks(column, field, raws)
        passed = np.ones(len(dictionary), dtype=bool)
        failing: dict[int, str] = {}
        for k, raw in zip(_integers(unsure).tolist(), raws, strict=True):
            if type(memo[raw]) is _Failed:
                passed[k] = False
                failing[k] = raw
        return failing, indices, passed

    def _screen_columns(
        self, start: int, n: int, read: _ReadColumns
    ) -> tuple[dict[str, int], str | None, list[str], Any]:
        """A batch's lines by status, its first error, its outcomes' texts, each line's.

        *start* is the number of the batch's first line, *n* its lines, *read* its
        columns (:meth:`read_columns`). The texts are the result columns of each
        distinct outcome of the batch, as CSV; each line's is a NumPy array of indices
        into them.
        """
        import numpy as np

        from mea_trade.columnar import Column, _combine

        self._renumber_if_full()
        screen = self.screen
        columns: list[Column] = []
        line_codes: list[Any] = []
        for column, codes in zip(self.grouped, self.codes, strict=True):
            distinct, indices, _ = read[column]
            numbers = np.fromiter((codes[raw] for raw in distinct), np.int64, len(distinct))
            line_codes.append(numbers[indices])
            columns.append(Column(column, codes.cells))
        for column, _field, _ in self._checked_sides:
            distinct, indices, passed = read[column]
            assert passed is not None
            passed = np.asarray(passed, dtype=bool)
            prepared = self.cells[column]
            cells: list[object] = [None] * len(passed)  # only failing cells are read again
            for k in np.flatnonzero(~passed).tolist():
                cells[k] = prepared[distinct[k]]
            columns.append(Column(column, cells, indices, passed.tolist()))
        groups, first = _combine(
            line_codes, [len(codes.cells) + 1 for codes in self.codes], n, hashed=False
        )
        key_table = None
        if line_codes:
            key_table = np.stack([codes[first] for codes in line_codes], axis=1)
            keys = list(zip(*key_table.T.tolist(), strict=True))
        else:
            keys = [()] * len(first)
        screened = screen.screen(columns, groups, keys, remember=False, table=key_table)
        outcomes = screened.outcomes
        ids = np.asarray(screened.outcome_ids, dtype=np.int64)
        fragments = self.fragments
        if len(fragments) > 20_000:
            fragments.clear()
        texts_of = []
        for outcome in outcomes:
            text = fragments.get(outcome)
            if text is None:
                text = fragments[outcome] = self._render(outcome.texts)
            texts_of.append(text)
        self.last = (n, len(outcomes))
        counts: dict[str, int] = {}
        for outcome, count in zip(
            outcomes, np.bincount(ids, minlength=len(outcomes)).tolist(), strict=True
        ):
            if count:
                counts[outcome.status] = counts.get(outcome.status, 0) + count
        failing = [i for i, outcome in enumerate(outcomes) if outcome.message is not None]
        message = None
        if failing:
            at = int(np.flatnonzero(np.isin(ids, failing))[0])
            message = f"line {start + at}: {outcomes[int(ids[at])].message}"
        return counts, message, texts_of, ids

    def _bound_side_memo(self, column: str, field: str) -> None:
        """Keep the memo of a side column's checks to :attr:`side_memo_size` entries.

        The screen's blocks trim its memos as they start; a process that only reads
        the side columns (:func:`_read_and_write`) trims this one here: its older half
        goes.
        """
        from mea_trade.columnar import keep_newer_half

        keep_newer_half(self.screen._memo(field, column), self.side_memo_size)
        cells = self.cells[column]
        if len(cells) > 100_000:
            cells.clear()

    def _side_checks(self, column: str, field: str, raws: Iterable[str]) -> dict[Hashable, object]:
        """The screen's memo of a side column's checks, by raw cell, holding *raws*.

        Texts the field's quick pattern matches whole (already stripped) pass at once;
        the others are checked one by one.
        """
        from mea_trade.columnar import _CHECKED

        screen = self.screen
        memo = screen._memo(field, column)
        new = set(raws).difference(memo)
        quick = screen._quick.get(field)
        if new and quick is not None:  # texts that pass the check certainly, at once
            passed = [raw for raw in new if quick.fullmatch(raw) and raw == raw.strip()]
            memo.update(dict.fromkeys(passed, _CHECKED))
            new.difference_update(passed)
        cells = self.cells[column]
        for raw in new:
            memo[raw] = screen._checked(field, cells[raw])
        return memo

    def _renumber_if_full(self) -> None:
        """Start the numbering of cells again past a million (and what is keyed by it)."""
        if sum(len(codes) for codes in self.codes) > 1_000_000:
            for codes in self.codes:
                codes.clear()
                codes.cells.clear()
            self.known.clear()
            self.screen._begin(())

    def _line_keys(self, rows: list[list[str]]) -> list[tuple[int, ...]]:
        """Each record's cells in the assessed columns, numbered (:class:`_Codes`)."""
        self._renumber_if_full()
        columns = [
            [codes[row[p]] for row in rows]
            for codes, p in zip(self.codes, self.positions, strict=True)
        ]
        if not columns:
            return [()] * len(rows)
        return list(zip(*columns, strict=True))

    def _screen_rows(
        self, rows: list[list[str]], keys: list[tuple[int, ...]], *, firsts: bool = False
    ) -> Any:
        """Screen records given by their cells and keys: the block and its distinct keys.

        With *firsts*, also the first record of each distinct key.
        """
        from mea_trade.columnar import Column

        numbers: dict[tuple[int, ...], int] = {}
        groups: list[int] = []
        distinct: list[tuple[int, ...]] = []
        first: list[int] = []
        for j, key in enumerate(keys):
            g = numbers.get(key)
            if g is None:
                g = numbers[key] = len(distinct)
                distinct.append(key)
                first.append(j)
            groups.append(g)
        keys = distinct
        columns = [
            Column(c, codes.cells) for c, codes in zip(self.grouped, self.codes, strict=True)
        ]
        for c in self.side:
            p = self.reader.columns[c]
            columns.append(Column(c, self.cells[c], [row[p] for row in rows]))
        screened = self.screen.screen(columns, groups, keys)
        return (screened, keys, first) if firsts else (screened, keys)

    def _by_epoch(self, rows: list[list[str]], problems: Mapping[int, str]) -> list[Any]:
        """Each record's error position and outcome where its epoch's are known, else None.

        A record whose cells but the date were met before (:attr:`epochs`) and whose date
        falls in an epoch of theirs met before takes that epoch's outcome, without being
        numbered or grouped; False for the records that could not be read.
        """
        found: list[Any]
        undated_of = self._undated_of
        if undated_of is None or not self.epochs:
            found = [None] * len(rows)
        else:
            entries = list(map(self._epochs_now().get, map(undated_of, rows)))
            at = self._date_at
            days = self._days([row[at] for row in rows])
            found = [
                None
                if entry is None or day is None
                else entry.outcomes.get(bisect_right(entry.bounds, day))
                for entry, day in zip(entries, days, strict=True)
            ]
        for i in problems:
            found[i] = False
        return found

    def _epochs_now(self) -> dict[Any, _Epochs]:
        """:attr:`epochs`, emptied first if the boundaries of some key changed since."""
        if self.screen.reversions != self._reversions:
            self.epochs.clear()
            self._reversions = self.screen.reversions
        return self.epochs

    def _days(self, cells: list[str]) -> list[int | None]:
        """The ordinals of date cells as in the file (None: blank, or not a date)."""
        days = self.days
        if len(days) > 100_000:
            days.clear()
        prepared = self.cells["date"]
        for raw in set(cells).difference(days):
            cell = prepared[raw]
            value = self.screen._convert("date", cell) if cell else None
            days[raw] = value.toordinal() if isinstance(value, dt.date) else None
        return list(map(days.__getitem__, cells))

    def _remember(
        self,
        rows: list[list[str]],
        distinct: list[tuple[int, ...]],
        firsts: list[int],
        results: list[tuple[int, Any]],
    ) -> None:
        """Keep the outcomes of the groups just screened for their epochs (:meth:`_by_epoch`).

        The outcomes of keys whose boundaries the screen knows, without an error, and the
        errors of keys whose cells cannot be read (the same on every date).
        """
        from mea_trade.columnar import _NONE, keep_newer_half

        undated_of = self._undated_of
        if undated_of is None:
            return
        epochs, screen, d, at = self._epochs_now(), self.screen, self._in_key, self._date_at
        keep_newer_half(epochs, 20_000)
        days = self._days([rows[first][at] for first in firsts])
        for key, first, day, result in zip(distinct, firsts, days, results, strict=True):
            if day is None:
                continue
            raw = undated_of(rows[first])
            bounds = screen.epochs(key[:d] + key[d + 1 :])
            if bounds is None:  # kept per date now (a module said so on some date)
                epochs.pop(raw, None)
                continue
            entry = epochs.get(raw)
            if entry is None or (entry.bounds is not bounds and entry.bounds != bounds):
                entry = epochs[raw] = _Epochs(bounds)
            if result[0] != _NONE and bounds:  # an error of this date's assessment
                continue
            entry.outcomes[bisect_right(bounds, day)] = result

    def _screen_results(self, block: RecordBlock, results: Any, start: int) -> list[ScreenResult]:
        """One :class:`ScreenResult` per record (JSON output and ``mode="hs"``)."""
        out: list[ScreenResult] = []
        position = self.reference
        screened_rows: dict[int, int] = {}
        screened = None
        if self.mode != "hs":
            good, screened = results
            screened_rows = {i: j for j, i in enumerate(good)}
        for i, number in enumerate(block.numbers):
            values = block.values[i]
            reference = None
            if position is not None and values[position].strip():
                reference = values[position].strip()
            problem = block.problems.get(i)
            if problem is not None:
                out.append(
                    ScreenResult(start + i, None, error=problem, line=number, reference=reference)
                )
            elif self.mode == "hs":
                assert self.hs is not None
                out.append(_hs_one(start + i, values[self.hs], line=number, reference=reference))
            else:
                assert screened is not None
                j = screened_rows[i]
                outcome = screened.outcomes[screened.outcome_ids[j]]
                out.append(
                    ScreenResult(
                        start + i,
                        screened.assessment(j),
                        error=outcome.message,
                        line=number,
                        reference=reference,
                    )
                )
        return out


def _screen_file_by_line(
    source: IO[bytes] | DeclarationReader,
    target: TextIO,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
    as_json: bool = False,
) -> ScreenSummary:
    """:func:`screen_file` line by line, each line assessed on its own (the reference path)."""
    reader = (
        source
        if isinstance(source, DeclarationReader)
        else read_declarations(source, mode=mode, hs_column=hs_column)
    )
    out: _CsvOut | _JsonOut = (
        _JsonOut(target, reader.names) if as_json else _CsvOut(target, reader.names, ",")
    )
    column = reader.columns.get(column_key(hs_column))
    wanted = [(c, reader.columns[c]) for c in COLUMNS if c in reader.columns]
    position = reader.columns.get("reference")
    counts: dict[str, int] = {}
    first_error: str | None = None
    index = -1
    for index, line in enumerate(reader):
        reference = None
        if position is not None and line.values[position].strip():
            reference = line.values[position].strip()
        if line.problem is not None:
            result = ScreenResult(
                index, None, error=line.problem, line=line.number, reference=reference
            )
        elif mode == "hs":
            assert column is not None
            result = _hs_one(index, line.values[column], line=line.number, reference=reference)
        else:
            cells = {name: _text_cell(line.values[p]) for name, p in wanted}
            result = _one(index, cells, rules, line=line.number, canonical=True)
        out.write(line, result)
        counts[result.status] = counts.get(result.status, 0) + 1
        if first_error is None and result.error is not None:
            first_error = f"line {line.number}: {result.error}"
    out.close()
    return ScreenSummary(
        index + 1,
        MappingProxyType(dict(sorted(counts.items()))),
        comment_lines=reader.comment_lines,
        blank_lines=reader.blank_lines,
        first_error=first_error,
    )
