"""Batch screening of declaration lines: :func:`screen`.

Rows go in as an iterable of mappings or :class:`~mea_trade.assessment.Shipment`
objects, a pandas DataFrame or a pyarrow Table, and come back in the same
shape. A row that cannot be read is reported with its row number and the
reason, and never stops the batch.

>>> import mea_trade as mt
>>> rows = [
...     {"commodity": "R-22", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
...     {"commodity": "unobtainium", "exporter": "CN", "importer": "GH", "date": "2024-05-01"},
... ]
>>> [(r.row, r.status) for r in mt.screen(rows)]
[(0, 'licences_required'), (1, 'error')]
>>> print(mt.screen(rows)[1].error[:52])
UnknownCommodityError: unknown substance or blend 'u

``mode="hs"`` screens HS codes only, through a vectorised table look-up (the
fast path for whole customs files): every row gets the instruments its HS line
may concern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from mea_trade._data import Lazy
from mea_trade.assessment import Assessment, RuleModule, Shipment, assess
from mea_trade.errors import InvalidArgumentError, MeaTradeError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "ScreenResult", "hs_flag_table", "screen"]

#: Input columns read from mappings and frames (others are ignored).
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
)


@attrs.frozen
class ScreenResult:
    """The outcome for one input row.

    Attributes:
        row: the row number in the input (0-based).
        assessment: the :class:`~mea_trade.assessment.Assessment`, or None on error.
        error: ``"ErrorType: message"`` when the row could not be read, else None.
        flags: for ``mode="hs"``, the instruments (``"montreal:C/I"``) the line may concern.
    """

    row: int
    assessment: Assessment | None
    error: str | None = None
    flags: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """The assessment's status, ``"error"``, or for ``mode="hs"`` ``"flagged"``/``"clear"``."""
        if self.error is not None:
            return "error"
        if self.assessment is None:
            return "flagged" if self.flags else "clear"
        return self.assessment.status

    def record(self) -> dict[str, Any]:
        """A flat dictionary (one CSV row): status, requirements, prohibitions, notes."""
        a = self.assessment
        out: dict[str, Any] = {"row": self.row, "status": self.status}
        if a is not None:
            out["requirements"] = " | ".join(
                f"{r.document} ({r.party}; {r.citation.provision})" for r in a.requirements
            )
            out["prohibitions"] = " | ".join(
                f"{p.side} ban ({p.party}; {p.citation.provision}; since {p.since})"
                for p in a.prohibitions
            )
            out["notes"] = " | ".join(n.code for n in a.notes)
        else:
            out["requirements"] = out["prohibitions"] = out["notes"] = ""
        out["flags"] = " ".join(self.flags)
        out["error"] = self.error or ""
        return out


_DIGITS = re.compile(r"\D")


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
    index: int, row: object, rules: Sequence[str | ModuleType | RuleModule] | None
) -> ScreenResult:
    try:
        if isinstance(row, Shipment):
            return ScreenResult(index, assess(row, rules=rules))
        if isinstance(row, Mapping):
            return ScreenResult(index, assess(row, rules=rules))
        raise InvalidArgumentError(f"row is a {type(row).__name__}, not a mapping or Shipment")
    except (MeaTradeError, ValueError, TypeError) as exc:
        return ScreenResult(index, None, error=_error(exc))


def _hs_one(index: int, value: object) -> ScreenResult:
    if value is None or (isinstance(value, float) and value != value):
        return ScreenResult(index, None, error="InvalidHSCodeError: empty HS code")
    digits = _DIGITS.sub("", str(value))
    if len(digits) < 6:
        return ScreenResult(index, None, error=f"InvalidHSCodeError: {value!r} has < 6 digits")
    return ScreenResult(index, None, flags=_FLAGS.get().get(digits[:6], ()))


def _iter_results(
    rows: Iterable[object],
    *,
    mode: str,
    column: str,
    rules: Sequence[str | ModuleType | RuleModule] | None,
    progress: Callable[[int], None] | None,
) -> Iterator[ScreenResult]:
    for index, row in enumerate(rows):
        if mode == "hs":
            value = row.get(column) if isinstance(row, Mapping) else row
            result = _hs_one(index, value)
        else:
            result = _one(index, row, rules)
        if progress is not None:
            progress(index + 1)
        yield result


def screen(
    rows: Any,
    *,
    mode: Literal["assess", "hs"] = "assess",
    hs_column: str = "hs_code",
    rules: Sequence[str | ModuleType | RuleModule] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """Screen many declaration lines; the result has the shape of the input.

    * an iterable of mappings (keys as in :data:`COLUMNS`) or of
      :class:`~mea_trade.assessment.Shipment` -> a list of :class:`ScreenResult`;
    * a pandas DataFrame -> a copy with the columns ``status``,
      ``requirements``, ``prohibitions``, ``notes``, ``flags`` and ``error``;
    * a pyarrow Table -> a Table with the same added columns.

    ``mode="hs"`` reads only *hs_column* (or each item itself, for an iterable
    of codes) and adds the screening flags, vectorised for frames.

    >>> import mea_trade as mt
    >>> [r.flags for r in mt.screen(["2903.71.00", "0101.21"], mode="hs")]
    [('montreal:C/I',), ()]
    """
    if mode not in ("assess", "hs"):
        raise InvalidArgumentError(f"mode must be 'assess' or 'hs', not {mode!r}")
    kind = _frame_kind(rows)
    if kind == "pandas":
        return _screen_pandas(rows, mode=mode, column=hs_column, rules=rules, progress=progress)
    if kind == "arrow":
        import pyarrow as pa

        frame = _screen_pandas(
            rows.to_pandas(), mode=mode, column=hs_column, rules=rules, progress=progress
        )
        return pa.Table.from_pandas(frame, preserve_index=False)
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise InvalidArgumentError(
            f"expected an iterable of rows, a pandas DataFrame or a pyarrow Table, not "
            f"{type(rows).__name__}"
        )
    return list(_iter_results(rows, mode=mode, column=hs_column, rules=rules, progress=progress))


def _frame_kind(rows: object) -> str | None:
    module = type(rows).__module__
    if module.startswith("pandas") and type(rows).__name__ == "DataFrame":
        return "pandas"
    if module.startswith("pyarrow") and type(rows).__name__ == "Table":
        return "arrow"
    return None


_OUT = ("status", "requirements", "prohibitions", "notes", "flags", "error")


def _screen_pandas(
    frame: pd.DataFrame,
    *,
    mode: str,
    column: str,
    rules: Sequence[str | ModuleType | RuleModule] | None,
    progress: Callable[[int], None] | None,
) -> pd.DataFrame:
    out = frame.copy()
    if mode == "hs":
        if column not in frame.columns:
            raise InvalidArgumentError(f"no column {column!r} in the frame")
        text = frame[column].astype("string")
        digits = text if bool(text.str.isdigit().all()) else text.str.replace(r"\D", "", regex=True)
        six = digits.str.slice(0, 6).astype("category")
        table = {k: " ".join(v) for k, v in _FLAGS.get().items()}
        flags = six.map(table).astype("object").fillna("")
        bad = (digits.isna() | (digits.str.len() < 6)).fillna(True).astype(bool)
        out["status"] = "clear"
        out.loc[flags != "", "status"] = "flagged"
        out.loc[bad, "status"] = "error"
        out["flags"] = flags.where(~bad, "")
        out["error"] = ""
        out.loc[bad, "error"] = "InvalidHSCodeError: fewer than 6 digits"
        if progress is not None:
            progress(len(frame))
        return out
    columns = [c for c in COLUMNS if c in frame.columns]
    records = (
        {k: (None if _is_na(v) else v) for k, v in zip(columns, values, strict=True)}
        for values in frame[columns].itertuples(index=False, name=None)
    )
    results = [
        r.record()
        for r in _iter_results(records, mode=mode, column=column, rules=rules, progress=progress)
    ]
    for name in _OUT:
        out[name] = [r[name] for r in results]
    return out


def _is_na(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def to_records(results: Iterable[ScreenResult]) -> list[dict[str, Any]]:
    """Flatten results for CSV output (see :meth:`ScreenResult.record`)."""
    return [r.record() for r in results]
