"""Columnar screening: each distinct cell read once, each distinct assessment made once.

:func:`mea_trade.screen` (frames, tables and iterables of mappings) and
:func:`mea_trade.screening.screen_file` hand their lines to a :class:`Screen` in
blocks. A block is screened in three steps:

1. **cells**: every column is factorised (its distinct cells numbered) and each
   distinct cell is converted once by the converter of its
   :class:`~mea_trade.records.Shipment` field, so that a bad cell's error, with its
   close-match suggestions, is computed once; the lines are grouped by their cells in
   the columns the rules read (:data:`~mea_trade.assessment.ASSESSED_FIELDS`: every
   field but the quantity and the reference, which no bundled rule module reads);
2. **assessments**: for each group, the rule modules say between which dates their
   findings stay the same (``boundaries(shipment)``, see
   :func:`mea_trade.montreal.rules.boundaries`), and the findings are computed once per
   group and epoch (once per group and date where a module cannot say);
3. **broadcast**: each line takes its group's :class:`Outcome` by index (the result
   texts and findings, or the first error in the order the shipment's converters run:
   a bad quantity, checked once per distinct text, comes after the date and before the
   state).

The fields are those of :class:`~mea_trade.records.Shipment` (with the
:data:`~mea_trade.assessment.FIELD_ALIASES`), so a field added to the shipment is read
from its column without a change here. The results are those of screening line by line
(:func:`mea_trade.screening.iter_screen`); a property test compares the two.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from mea_trade.assessment import (
    _DEFAULT,
    ABSENT,
    ASSESSED_FIELDS,
    FIELD_ALIASES,
    REQUIRED_FIELDS,
    Assessment,
    _assessment,
    _finding_texts,
    _Findings,
    _findings,
    _modules,
    _status,
    field_argument,
)
from mea_trade.errors import MeaTradeError
from mea_trade.records import (
    CHECK,
    QUICK,
    QUICK_RE2,
    SHIPMENT_FIELDS,
    RuleModule,
    Shipment,
    _assemble,
    _reading_boundaries,
    _replaced,
)

if TYPE_CHECKING:
    from mea_trade.screening import ScreenResult

__all__ = [
    "BLOCK_LINES",
    "LASTING_MEMO_SIZE",
    "MEMO_SIZE",
    "Block",
    "Column",
    "FrameScreen",
    "Outcome",
    "Screen",
    "column_names",
]

#: Lines screened together by :func:`mea_trade.screening.screen_file` and by
#: :func:`mea_trade.screen` for iterables: the memory of a block is bounded, whatever
#: the size of the input.
BLOCK_LINES = 50_000
#: Entries each memo of a :class:`Screen` holds before its older half is dropped:
#: converted cells per column, groups without their date, epochs, assessments. A memo
#: entry is a few hundred bytes; a file whose lines all differ gains nothing from them.
MEMO_SIZE = 12_000

#: The memo size of a lasting screen (the command's, a worker's :class:`FrameScreen`)
#: after a block whose groups were mostly met before: a national file has tens of
#: thousands of distinct groups and epochs, met again in every block or partition;
#: about 35 MB when full.
LASTING_MEMO_SIZE = 50_000

_ERRORS = (MeaTradeError, ValueError, TypeError)
#: Blocks of fewer groups are screened group by group; an undated key met in fewer
#: groups of a block has them screened one by one (see :meth:`Screen._by_epoch`).
_SHARED_MIN = 256
_SHARED_GROUPS = 4
#: Above every date's ordinal: an undated key's boundaries are numbered from key * _SPAN.
_SPAN = 1 << 22
#: Where an error raised after every converter ran comes (completing the shipment, or
#: assessing it), and where "no error" comes.
_LAST = len(SHIPMENT_FIELDS)
_NONE = len(SHIPMENT_FIELDS) + 1
_POSITION = {name: i for i, name in enumerate(SHIPMENT_FIELDS)}


def column_names() -> tuple[str, ...]:
    """The columns a screen reads: the shipment's fields, then their aliases (``taxon``).

    >>> column_names()[:4], column_names()[-1]
    (('commodity', 'exporter', 'importer', 'date'), 'taxon')
    """
    aliases = tuple(a for names in FIELD_ALIASES.values() for a in names)
    return (*SHIPMENT_FIELDS, *aliases)


#: Column -> the field it gives (an alias gives the field it stands for).
_FIELD_OF = {
    **{name: name for name in SHIPMENT_FIELDS},
    **{alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases},
}


@attrs.frozen(eq=False)
class _Failed:
    """A cell whose converter raised: the error, as a result row shows it."""

    error: str


_CHECKED = object()  # a side cell its check passed: converted only when a shipment is made
_MISSING = object()


@attrs.frozen(eq=False)
class Outcome:
    """What the lines of one assessment (or one error) get.

    Attributes:
        texts: the result columns, as :meth:`mea_trade.screening.ScreenResult.record`
            writes them (status, requirements, prohibitions, notes, flags, error).
        findings: requirements, prohibitions, notes and instruments applied (None on error).
        message: the error (``"ErrorType: message"``), or None.
    """

    texts: tuple[str, str, str, str, str, str]
    findings: _Findings | None
    message: str | None

    @property
    def status(self) -> str:
        """The status of the lines."""
        return self.texts[0]


def _error_outcome(message: str) -> Outcome:
    return Outcome(("error", "", "", "", "", message), None, message)


def _findings_outcome(found: _Findings) -> Outcome:
    """The outcome of an assessment: its texts as a result row shows them, and its findings."""
    return Outcome(_outcome_texts(found), found, None)


def _outcome_texts(found: _Findings) -> tuple[str, str, str, str, str, str]:
    """The result columns of an assessment's findings (status ... error)."""
    requirements, prohibitions, notes, _ = found
    texts = _finding_texts(requirements, prohibitions, notes)
    return (_status(requirements, prohibitions, notes), *texts, "", "")


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class Column:
    """One input column of a block, factorised.

    Attributes:
        name: the column (a field of the shipment, or an alias such as ``taxon``).
        cells: key -> the cell (empty cells as None, text stripped); a sequence indexed
            by codes, or a mapping (``dict`` subclasses may make cells on demand).
        lines: each line's key (needed for the quantity and the reference, whose cells
            are not part of a line's group).
        passed: for a side column whose keys are codes, whether each code's cell is
            known to pass the field's check (the others are checked one by one).
    """

    __slots__ = ("cells", "lines", "name", "passed")

    def __init__(
        self,
        name: str,
        cells: Any,
        lines: Sequence[Any] | None = None,
        passed: Sequence[bool] | None = None,
    ) -> None:
        self.name = name
        self.cells = cells
        self.lines = lines
        self.passed = passed


@attrs.define
class Block:
    """A screened block: each line's outcome, and what rebuilds its assessment.

    Attributes:
        outcome_ids: per line, the index of its :class:`Outcome` in *outcomes*.
        outcomes: the distinct outcomes of the block.
    """

    outcome_ids: list[int]
    outcomes: list[Outcome]
    _groups: Sequence[int]
    _group_outcome: list[int]
    _group_position: list[int]
    _values: list[dict[str, object] | None]
    _side: list[tuple[str, Column]]
    _screen: Screen
    _shipments: dict[int, Shipment] = attrs.field(factory=dict)

    def group_results(self) -> list[tuple[int, Outcome]]:
        """Each group's error position (past the fields: none) and outcome, in key order.

        The outcome before the lines' side cells (their quantity) are considered.
        """
        outcomes = self.outcomes
        return [
            (position, outcomes[o])
            for position, o in zip(self._group_position, self._group_outcome, strict=True)
        ]

    def texts(self, column: int) -> list[str]:
        """One result column for every line (0 status ... 5 error)."""
        table = [o.texts[column] for o in self.outcomes]
        return [table[i] for i in self.outcome_ids]

    def counts(self) -> dict[str, int]:
        """Lines by status."""
        tally = [0] * len(self.outcomes)
        for i in self.outcome_ids:
            tally[i] += 1
        out: dict[str, int] = {}
        for outcome, count in zip(self.outcomes, tally, strict=True):
            if count:
                out[outcome.status] = out.get(outcome.status, 0) + count
        return out

    def assessment(self, line: int) -> Assessment | None:
        """One line's assessment, with its own shipment (its reference, its quantity).

        Needs a block screened with ``keep=True``.
        """
        outcome = self.outcomes[self.outcome_ids[line]]
        if outcome.message is not None:
            return None
        assert outcome.findings is not None, "screen with Screen(keep=True)"
        group = self._groups[line]
        shipment = self._shipments.get(group)
        if shipment is None:
            values = self._values[group]
            assert values is not None, "screen the block with keep=True"
            shipment = self._shipments[group] = self._screen._shipment(values)
        changes: dict[str, object] = {}
        for field, column in self._side:
            assert column.lines is not None
            cell = column.cells[column.lines[line]]
            changes[field] = self._screen._side_value(field, cell)
        if changes:
            shipment = _replaced(shipment, changes)
        return _assessment(shipment, outcome.findings)

    def results(
        self,
        rows: Sequence[int],
        lines: Sequence[int | None] | None = None,
        references: Sequence[str | None] | None = None,
    ) -> list[ScreenResult]:
        """One :class:`~mea_trade.screening.ScreenResult` per line, with its row number."""
        from mea_trade.screening import ScreenResult

        out = []
        for i, outcome_id in enumerate(self.outcome_ids):
            out.append(
                ScreenResult(
                    rows[i],
                    self.assessment(i),
                    error=self.outcomes[outcome_id].message,
                    line=None if lines is None else lines[i],
                    reference=None if references is None else references[i],
                )
            )
        return out


class Screen:
    """A columnar screen: blocks of lines in, an :class:`Outcome` for each line out.

    *rules* as for :func:`mea_trade.assess`; *keep* as :attr:`keep`. With the bundled
    rules the quantity and
    the reference are left out of the groups (no bundled rule reads them; each distinct
    quantity is only checked, as text, by :func:`mea_trade.units.parse_mass`); with
    other rules every field is part of them.

    The memos (converted cells, groups, epochs, findings) live as long as the screen
    and stay valid across blocks while the same key stands for the same cell in each
    column (texts of one file, codes of one frame); each loses its older half between
    blocks once it holds *memo_size* entries (:data:`MEMO_SIZE` by default), or
    *repeated_memo_size* entries after a block whose groups were mostly met before
    (their key but the date): a file of many keys that come back keeps them, a file
    whose lines all differ keeps little (``mea-trade screen`` and :class:`FrameScreen`
    give :data:`LASTING_MEMO_SIZE`).
    """

    def __init__(
        self,
        rules: Sequence[str | ModuleType | RuleModule] | None = None,
        *,
        keep: bool = False,
        memo_size: int = MEMO_SIZE,
        repeated_memo_size: int | None = None,
    ) -> None:
        self.modules: tuple[Any, ...] = _DEFAULT.get() if rules is None else _modules(rules)
        #: Entries each memo holds before its older half is dropped: *memo_size*, or
        #: *repeated_memo_size* after a block whose groups were mostly met before (their
        #: key but the date), where memos that forget would have keys assessed again.
        self.memo_size = memo_size
        self._memo_sizes = (memo_size, max(memo_size, repeated_memo_size or memo_size))
        #: Keys (of groups but their date) read, not met before, over all blocks.
        self._reads = 0
        #: Whether the blocks can rebuild each line's assessment (:meth:`Block.assessment`);
        #: without it, outcomes keep only their texts (one per distinct texts).
        self.keep = keep
        self._texts: dict[tuple[str, ...], Outcome] = {}
        grouped = ASSESSED_FIELDS if rules is None else SHIPMENT_FIELDS
        #: The fields that make a line's group (those the rules read).
        self.grouped: tuple[str, ...] = grouped
        #: The other fields (checked per distinct cell, set per line).
        self.side: tuple[str, ...] = tuple(f for f in SHIPMENT_FIELDS if f not in grouped)
        fields = attrs.fields_dict(Shipment)
        self._converters: dict[str, Callable[[Any], Any] | None] = {
            name: fields[name].converter  # type: ignore[misc]
            for name in SHIPMENT_FIELDS
        }
        self._checks: dict[str, Callable[[Any], Any] | None] = {
            name: fields[name].metadata.get(CHECK) for name in self.side
        }
        self._absent: dict[str, object] = {}
        for name in SHIPMENT_FIELDS:
            default = fields[name].default
            if default is attrs.NOTHING:
                continue
            converter = self._converters[name]
            self._absent[name] = default if converter is None else converter(default)
        self._boundaries = [getattr(m, "boundaries", None) for m in self.modules]
        #: Side field -> a pattern whose texts certainly pass its check (the quantity's).
        self._quick: dict[str, Any] = {
            name: fields[name].metadata.get(QUICK)
            for name in self.side
            if fields[name].metadata.get(QUICK) is not None
        }
        #: Side field -> RE2 patterns (for Arrow) whose texts all certainly pass its check.
        self._quick_re2: dict[str, Sequence[str]] = {
            name: fields[name].metadata[QUICK_RE2]
            for name in self.side
            if fields[name].metadata.get(QUICK_RE2) is not None
        }
        self._converted: dict[tuple[str, str], dict[Hashable, object]] = {}
        self._values: dict[str, dict[Hashable, object]] = {n: {} for n in self.side}
        # undated key -> (error position, failure, missing fields, values without the date)
        self._undated: dict[tuple[Hashable, ...], _Undated] = {}
        # undated key -> the boundaries of every module there, and their version
        self._epochs: dict[tuple[Hashable, ...], tuple[tuple[Sequence[_dt.date], ...], int]] = {}
        # (undated key, module) -> that module's boundaries there, and their version
        self._module_epochs: dict[tuple[Hashable, ...], tuple[tuple[Any, ...], int]] = {}
        self._assessed: dict[tuple[Hashable, ...], Outcome] = {}
        self._parts: dict[tuple[Hashable, ...], _Findings] = {}
        # undated key met once -> the date its group was assessed for, alone
        self._first: dict[tuple[Hashable, ...], _dt.date] = {}
        # undated keys where some module's findings hold for one date only
        self._by_module: dict[tuple[Hashable, ...], bool] = {}
        self._combined: dict[tuple[Hashable, ...], Outcome] = {}
        self._failures: dict[str, Outcome] = {}
        # id of a sequence of boundaries -> the sequence, its dates' ordinals (NumPy)
        self._bounds: dict[int, tuple[Sequence[_dt.date], Any]] = {}
        #: date code -> its ordinal (-1: blank, -3: not a date, -2: not read yet), NumPy
        self._days: Any = None
        # undated key -> the version of its boundaries, their union as ordinals (NumPy)
        self._merged: dict[tuple[Hashable, ...], tuple[int, Any]] = {}
        # ids of boundaries -> the boundaries and their union as sorted ordinals (epochs)
        self._unions: dict[tuple[int, ...], tuple[tuple[Sequence[_dt.date], ...], list[int]]] = {}
        # (undated key, version, epoch number in the union) -> the outcome there
        self._cells: dict[tuple[Hashable, ...], Outcome] = {}
        self._names: tuple[str, ...] | None = None
        self._version = 0
        #: How many times the boundaries of an undated key changed (a rule module whose
        #: boundaries depend on the date): the epochs of :meth:`epochs` given before are
        #: then not to be trusted.
        self.reversions = 0

    # ------------------------------------------------------------------ cells

    def _convert(self, field: str, cell: object) -> object:
        """The converted value of one cell for *field*, a :class:`_Failed`, or ``_CHECKED``."""
        argument = field_argument(field, cell)
        if argument is ABSENT:
            return self._absent[field]
        check = self._checks.get(field)
        converter = check if check is not None else self._converters[field]
        if converter is None:
            return argument
        try:
            value = converter(argument)
        except _ERRORS as exc:
            return _Failed(_error(exc))
        return _CHECKED if check is not None else value

    def _checked(self, field: str, cell: object) -> object:
        """A side cell checked: ``_CHECKED`` (or its value), or a :class:`_Failed`."""
        quick = self._quick.get(field)
        if quick is not None and type(cell) is str and quick.fullmatch(cell):
            return _CHECKED
        return self._convert(field, cell)

    def _memo(self, field: str, column: str) -> dict[Hashable, object]:
        memo = self._converted.get((field, column))
        if memo is None:
            memo = self._converted[(field, column)] = {}
        return memo

    def _side_value(self, field: str, cell: object) -> object:
        """A side field's value for a shipment (a quantity as a pint quantity)."""
        memo = self._values[field]
        key = (type(cell), cell)
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            argument = field_argument(field, cell)
            converter = self._converters[field]
            if argument is ABSENT:
                found = self._absent[field]
            else:
                found = argument if converter is None else converter(argument)
            memo[key] = found
        return found

    def _outcome(self, found: _Findings) -> Outcome:
        """The outcome of findings (with them, if :attr:`keep`; else one per distinct texts)."""
        if self.keep:
            return _findings_outcome(found)
        texts = _outcome_texts(found)
        known = self._texts.get(texts)
        if known is None:
            known = self._texts[texts] = Outcome(texts, None, None)
        return known

    def _failure(self, message: str) -> Outcome:
        outcome = self._failures.get(message)
        if outcome is None:
            outcome = self._failures[message] = _error_outcome(message)
        return outcome

    def _shipment(self, values: Mapping[str, object], day: _dt.date | None = None) -> Shipment:
        """The shipment of converted *values* (on *day*, where given)."""
        fields = {**self._absent, **values}
        if day is not None:
            fields["date"] = day
        return _assemble(fields)

    # ------------------------------------------------------------------ blocks

    def forget_keys(self) -> None:
        """Forget every memo keyed by the keys of cells (they are to mean other cells)."""
        self._names = None
        for memo in (self._undated, self._epochs, self._module_epochs, self._assessed):
            memo.clear()
        self._parts.clear()
        self._combined.clear()
        self._by_module.clear()
        self._merged.clear()
        self._cells.clear()
        self._first.clear()
        self._converted = {}
        self._days = None

    def _begin(self, names: tuple[str, ...]) -> None:
        if names != self._names:  # keys mean other cells: start again
            self.forget_keys()
            self._names = names
        memos: list[dict[Any, Any]] = [
            *self._converted.values(),
            *self._values.values(),
            self._undated,
            self._epochs,
            self._module_epochs,
            self._assessed,
            self._parts,
            self._combined,
            self._by_module,
            self._merged,
            self._cells,
            self._first,
            self._unions,
            self._failures,
            self._texts,
            self._bounds,
        ]
        for memo in memos:
            keep_newer_half(memo, self.memo_size)

    def screen(
        self,
        columns: Sequence[Column],
        groups: Sequence[int],
        keys: Sequence[tuple[Hashable, ...]],
        *,
        remember: bool = True,
        table: Any = None,
    ) -> Block:
        """Screen a block of lines.

        *columns* are the block's columns that the screen reads (see
        :func:`column_names`), side fields (:attr:`side`) with the key of each line;
        *groups* gives each line's group, and *keys* each group's key in each of the
        other columns, in their order in *columns*. *remember* keeps the side cells'
        checks for the next blocks (the keys of a side column mean the same cells in
        all). *groups* and the lines of side columns may be NumPy arrays (the outcome ids
        then are one too); *table*, if given, is *keys* as a NumPy array of int64 (one
        row per group).
        """
        keep = self.keep
        grouped = [c for c in columns if _FIELD_OF[c.name] not in self.side]
        side = [(c.name, c) for c in columns if _FIELD_OF[c.name] in self.side]
        if not keep:  # a field that cannot fail and is not shown needs no reading
            side = [
                (n, c)
                for n, c in side
                if self._checks.get(_FIELD_OF[n]) or self._converters[_FIELD_OF[n]]
            ]
        self._begin(tuple(c.name for c in grouped))
        number_of = _Numbered()
        outcomes = number_of.items
        plan = _Plan(self, grouped)

        n = len(keys)
        reads = self._reads
        group_position: list[int] = [_NONE] * n
        group_values: list[dict[str, object] | None] = [None] * n
        shared = None if keep else self._by_epoch(plan, keys, table)
        todo: Iterable[int]
        if shared is None:
            group_outcome: list[int] = [0] * n
            todo = range(n)
        else:  # groups that share an epoch with another: outcomes without error, at once
            import numpy as np

            shared_ids, shared_outcomes, shared_positions = shared
            local = np.asarray([number_of(o) for o in shared_outcomes] or [0], dtype=np.int64)
            mask = shared_ids >= 0
            by_group = np.zeros(n, dtype=np.int64)
            by_group[mask] = local[shared_ids[mask]]
            group_outcome = by_group.tolist()
            group_position = shared_positions.tolist()
            todo = np.flatnonzero(~mask).tolist()
        for count, i in enumerate(todo):
            if count % self.memo_size == self.memo_size - 1:
                self._begin(plan.names)
            position, outcome, values = self._group(plan, keys[i], keep)
            group_outcome[i] = number_of(outcome)
            group_position[i] = position
            group_values[i] = values
        self.memo_size = self._memo_sizes[2 * (self._reads - reads) <= n]
        vector = type(groups).__module__ == "numpy"
        line_outcomes: Any
        if vector:
            import numpy as np

            line_outcomes = np.asarray(group_outcome, dtype=np.int64)[groups]
        else:
            line_outcomes = [group_outcome[g] for g in groups]
        for field, column in side:
            errors = self._side_errors(_FIELD_OF[field], column, remember)
            if not errors:
                continue
            ids = {key: number_of(self._failure(message)) for key, message in errors.items()}
            position = _POSITION[_FIELD_OF[field]]
            assert column.lines is not None
            if vector:
                _overlay_arrays(line_outcomes, groups, group_position, column, ids, position)
            else:
                _overlay(line_outcomes, groups, group_position, column.lines, ids, position)
        return Block(
            line_outcomes,
            outcomes,
            groups,
            group_outcome,
            group_position,
            group_values,
            side if keep else [],
            self,
        )

    def _by_epoch(
        self, plan: _Plan, keys: Sequence[tuple[Hashable, ...]], table: Any = None
    ) -> tuple[Any, list[Outcome], Any] | None:
        """The outcomes of groups that share an epoch with another group of the block.

        Groups that differ only in their date and whose dates fall in one epoch (between
        the same consecutive boundaries of every rule module, :meth:`_assess`) get the
        outcome of one of them: the epochs of a group's dates are found at once with
        NumPy, and one group per epoch is screened. The groups of an undated key whose
        cells cannot be read (a missing field, or an error) get its error at once where
        their date is read or blank (:meth:`_undated_errors`). Returns each group's index
        in a list of distinct outcomes (-1 for the groups left to be screened one by one:
        a date that is not a date, a group whose findings some module keeps per date, the
        groups of an undated key met in few groups), that list, and each group's error
        position (``_NONE``: none); None when NumPy is not installed or the block is small.
        """
        if plan.date < 0 or len(keys) < _SHARED_MIN:
            return None
        try:
            import numpy as np
        except ImportError:  # pragma: no cover - NumPy comes with pandas and pyarrow
            return None
        if table is None:
            try:
                table = np.asarray(keys, dtype=np.int64)
            except (TypeError, ValueError, OverflowError):  # keys that are not numbers
                return None
        if table.ndim != 2:
            return None
        d = plan.date
        uid = np.zeros(len(keys), dtype=np.int64)
        size = 1
        for c in range(table.shape[1]):
            if c == d:
                continue
            column = table[:, c]
            low = int(column.min())  # codes may be negative (-1: an empty cell of a frame)
            width = int(column.max()) - low + 1
            if size * width >= 1 << 62:  # renumber the combinations so far
                _, uid = np.unique(uid, return_inverse=True)
                uid = uid.reshape(-1)
                size = int(uid.max()) + 1
            uid = uid * width + (column - low)
            size *= width
        date_codes, date_of = np.unique(table[:, d], return_inverse=True)
        days = self._date_ordinals(plan, date_codes)[date_of.reshape(-1)]
        out = np.full(len(keys), -1, dtype=np.int64)
        positions = np.full(len(keys), _NONE, dtype=np.int64)
        number_of = _Numbered()
        found = number_of.items
        self._undated_errors(plan, keys, uid, days, out, positions, number_of)
        dated = np.flatnonzero((days >= 0) & (out < 0))  # dates read, no error yet
        if not len(dated):
            return out, found, positions
        uniques, of = np.unique(uid[dated], return_inverse=True)
        of = of.reshape(-1)  # each dated group's undated key, numbered 0...
        counts = np.bincount(of, minlength=len(uniques))
        first = np.full(len(uniques), -1, dtype=np.int64)
        first[of[::-1]] = dated[::-1]  # each undated key's first group
        # The union of each undated key's boundaries, one sorted array for all: key u's
        # dates as u * _SPAN + ordinal, after a stand-in for "before every boundary" (u *
        # _SPAN), so that a group's epoch is one searchsorted (bisect_right) away.
        base = np.full(len(uniques), -1, dtype=np.int64)
        epochs: dict[int, tuple[tuple[Hashable, ...], int]] = {}
        owners: list[int] = []  # the undated keys whose epochs are known, in order
        arrays: list[Any] = []  # the boundaries of each
        epochs_known = self._epochs
        many = (counts >= _SHARED_GROUPS).tolist()
        for u, g in enumerate(first.tolist()):
            undated = plan.undated(keys[g])
            if not many[u] and undated not in epochs_known:  # met in few groups, not before
                continue
            merged = self._merged_bounds(plan, keys[g], undated)
            if merged is None:
                continue
            version, bounds = merged
            epochs[u] = (undated, version)
            owners.append(u)
            arrays.append(bounds)
        if not owners:
            return out, found, positions
        # each key's stand-in then its boundaries, laid end to end at once
        spans = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays)) + 1
        starts = np.cumsum(spans) - spans
        owned = np.asarray(owners, dtype=np.int64)
        base[owned] = starts
        everything = np.repeat(owned * _SPAN, spans)
        boundary = np.ones(len(everything), dtype=bool)
        boundary[starts] = False
        everything[boundary] += np.concatenate(arrays).astype(np.int64, copy=False)
        members = dated[base[of] >= 0]
        member_of = of[base[of] >= 0]
        cells = np.searchsorted(everything, member_of * _SPAN + days[members], side="right")
        distinct_cells, first_of, cell_of = np.unique(cells, return_index=True, return_inverse=True)
        numbers: list[int] = []  # each distinct cell's outcome (-1: one by one)
        bad: set[int] = set()
        start_of = base.tolist()
        for cell, u, g in zip(
            distinct_cells.tolist(),
            member_of[first_of].tolist(),  # its undated key
            members[first_of].tolist(),  # its first group
            strict=True,
        ):
            if u in bad:
                numbers.append(-1)
                continue
            undated, version = epochs[u]
            memo_key = (undated, version, cell - start_of[u])
            outcome = self._cells.get(memo_key)
            if outcome is None:
                outcome = self._group(plan, keys[g], False, True)[1]
                known = self._epochs.get(undated)
                if (
                    outcome.message is not None
                    or known is None
                    or known[1] != version
                    or undated in self._by_module
                ):
                    bad.add(u)  # an error, or the boundaries changed: one by one
                    numbers.append(-1)
                    continue
                self._cells[memo_key] = outcome
            numbers.append(number_of(outcome))
        taken = np.asarray(numbers, dtype=np.int64)[cell_of.reshape(-1)]
        if bad:
            taken[np.isin(member_of, np.fromiter(bad, dtype=np.int64))] = -1
        out[members] = taken
        return out, found, positions

    def _undated_errors(
        self,
        plan: _Plan,
        keys: Sequence[tuple[Hashable, ...]],
        uid: Any,
        days: Any,
        out: Any,
        positions: Any,
        number_of: Callable[[Outcome], int],
    ) -> None:
        """Give the groups of undated keys whose cells cannot be read their error.

        *uid* numbers each group's undated key, *days* gives its date's ordinal (-1: a
        blank date, -3: not a date); *out* and *positions* take each such group's
        outcome number and error position, as :meth:`_dated_group` gives them: a blank
        date is missing (with the key's missing fields); a key with a missing field has
        it missing on every other date; another key's error holds on every date that is
        read. A date that is not a date is left to :meth:`_dated_group` (its error may
        come first), and so are the keys met in few groups and not before (their cells
        are read there, once, as for any key met once).
        """
        import numpy as np

        uniques, first, of = np.unique(uid, return_index=True, return_inverse=True)
        of = of.reshape(-1)
        size = len(uniques)
        counts = np.bincount(of, minlength=size).tolist()
        read_lines, blank_lines = np.flatnonzero(days >= 0), np.flatnonzero(days == -1)
        read = (np.bincount(of[read_lines], minlength=size) > 0).tolist()
        blank = (np.bincount(of[blank_lines], minlength=size) > 0).tolist()
        read_out = np.full(size, -1, dtype=np.int64)  # on a date that is read
        read_at = np.full(size, _NONE, dtype=np.int64)
        blank_out = np.full(size, -1, dtype=np.int64)  # on a blank date
        known = self._undated
        for u, g in enumerate(first.tolist()):
            if not read[u] and not blank[u]:
                continue
            undated = plan.undated(keys[g])
            info = known.get(undated)
            if info is None:
                if counts[u] < _SHARED_GROUPS:
                    continue
                info = known[undated] = self._read(plan, keys[g])
            if blank[u]:  # only outcomes that some group takes are numbered
                missing = ", ".join((*info.missing, "date"))
                empty = self._failure(f"InvalidArgumentError: missing field(s): {missing}")
                blank_out[u] = number_of(empty)
            if not read[u]:
                continue
            if info.missing:
                missing = ", ".join(info.missing)
                failure = self._failure(f"InvalidArgumentError: missing field(s): {missing}")
                read_out[u], read_at[u] = number_of(failure), -1
            elif info.failure is not None:
                read_out[u], read_at[u] = number_of(info.failure), info.position
        for lines, numbers, at in (
            (read_lines, read_out, read_at),
            (blank_lines, blank_out, None),
        ):
            taken = numbers[of[lines]]
            lines = lines[taken >= 0]
            out[lines] = taken[taken >= 0]
            positions[lines] = -1 if at is None else at[of[lines]]

    def _date_ordinals(self, plan: _Plan, codes: Any) -> Any:
        """The ordinal of each date cell of sorted distinct *codes* (-1: blank, -3: not a date).

        Remembered by code in a NumPy array for the next blocks (the codes keep their
        cells until :meth:`forget_keys`), so a block reads only the dates new to it.
        """
        import numpy as np

        if not len(codes) or int(codes[0]) < 0:  # a frame's empty cells: code -1
            return np.fromiter((self._ordinal(plan, c) for c in codes.tolist()), np.int64)
        known = self._days
        top = int(codes[-1]) + 1
        if known is None or len(known) < top:
            grown = np.full(max(top, 2 * len(known) if known is not None else top), -2)
            if known is not None:
                grown[: len(known)] = known
            known = self._days = grown
        found = known[codes]
        for i in np.flatnonzero(found == -2).tolist():  # -2: not read yet
            code = int(codes[i])
            found[i] = known[code] = self._ordinal(plan, code)
        return found

    def _ordinal(self, plan: _Plan, code: int) -> int:
        """The ordinal of the date cell numbered *code* (-1: blank, -3: not a date)."""
        cell = plan.date_cells[code]
        if not cell:
            return -1
        day = plan.date_memo.get(code, _MISSING)
        if day is _MISSING:
            day = plan.date_memo[code] = self._convert("date", cell)
        return day.toordinal() if isinstance(day, _dt.date) else -3

    def _merged_bounds(
        self, plan: _Plan, key: tuple[Hashable, ...], undated: tuple[Hashable, ...]
    ) -> tuple[int, Any] | None:
        """The version of an undated key's boundaries, and their union as sorted ordinals.

        None when its groups are to be screened one by one (missing or bad cells, an
        error, a module that keeps its findings per date). The group *key* is screened
        first where the key's boundaries are not known yet.
        """
        import numpy as np

        known = self._epochs.get(undated)
        info = self._undated.get(undated)
        if known is None or info is None:
            self._group(plan, key, False, True)
            known = self._epochs.get(undated)
            info = self._undated.get(undated)
        if (
            info is None
            or info.missing
            or info.failure is not None
            or known is None
            or undated in self._by_module
        ):
            return None
        cached = self._merged.get(undated)
        if cached is not None and cached[0] == known[1]:
            return cached
        arrays = [self._ordinals(seq) for seq in known[0]]
        bounds = np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, dtype=np.int64)
        merged = self._merged[undated] = (known[1], bounds)
        return merged

    def epochs(self, undated: tuple[Hashable, ...]) -> list[int] | None:
        """The dates between which an undated key's outcome stays the same, as ordinals.

        The union of its boundaries (sorted, distinct): groups of *undated* whose dates
        fall between the same two of them (:func:`bisect.bisect_right`) get the same
        outcome. An empty list where the key's cells cannot be read (its groups get the
        same error on every date that can be read). None where the screen keeps the
        key's outcomes per date or does not know its boundaries yet (:meth:`_assess`).

        R-22 from China to Ghana, on two dates (the cells numbered 0 and 1 in each
        column); its findings stay the same between 2024-03-19 and 2024-09-01:

        >>> import datetime as dt
        >>> screen = Screen()
        >>> cells = {"commodity": ["R-22"], "exporter": ["CN"], "importer": ["GH"],
        ...          "date": ["2024-05-01", "2024-06-01"]}
        >>> columns = [Column(name, values) for name, values in cells.items()]
        >>> block = screen.screen(columns, [0, 1], [(0, 0, 0, 0), (0, 0, 0, 1)])
        >>> days = [dt.date.fromordinal(day) for day in screen.epochs((0, 0, 0))]
        >>> [day.isoformat() for day in days if day.year == 2024]
        ['2024-03-11', '2024-03-12', '2024-03-19', '2024-09-01', '2024-09-25']
        """
        info = self._undated.get(undated)
        if info is not None and (info.missing or info.failure is not None):
            return []
        known = self._epochs.get(undated)
        if known is None or undated in self._by_module:
            return None
        seqs = known[0]
        ids = tuple(map(id, seqs))
        found = self._unions.get(ids)
        if found is not None and _same(found[0], seqs):
            return found[1]
        days: set[int] = set()
        for seq in seqs:
            days.update(day.toordinal() for day in seq)
        union = sorted(days)
        self._unions[ids] = (seqs, union)
        return union

    def _ordinals(self, seq: Sequence[_dt.date]) -> Any:
        """A sorted sequence of dates as a NumPy array of their ordinals (remembered)."""
        import numpy as np

        known = self._bounds.get(id(seq))
        if known is not None and known[0] is seq:
            return known[1]
        found = np.fromiter((x.toordinal() for x in seq), dtype=np.int64, count=len(seq))
        self._bounds[id(seq)] = (seq, found)
        return found

    def _side_errors(self, field: str, column: Column, remember: bool) -> dict[Hashable, str]:
        """Key -> error message, for the cells of a side column whose check fails."""
        memo = self._memo(field, column.name) if remember else {}
        if column.passed is not None:  # the caller checked the simple cells at once
            keys: Iterable[Hashable] = [k for k, ok in enumerate(column.passed) if not ok]
        else:
            assert column.lines is not None
            keys = set(column.lines)
        errors: dict[Hashable, str] = {}
        for key in keys:
            value = memo.get(key, _MISSING)
            if value is _MISSING:
                value = self._checked(field, column.cells[key])
                if remember:
                    memo[key] = value
            if type(value) is _Failed:
                errors[key] = value.error
        return errors

    def _group(
        self, plan: _Plan, key: tuple[Hashable, ...], keep: bool, share: bool = False
    ) -> tuple[int, Outcome, dict[str, object] | None]:
        """A group's error position (or ``_NONE``), its outcome, its values (with *keep*).

        The epochs of its undated key (:meth:`_assess`) are asked for when *share* says
        that other groups have that key, or when the key was met before; a key met once
        is assessed for its date alone.
        """
        undated = plan.undated(key)
        info = self._undated.get(undated)
        if info is None:
            info = self._undated[undated] = self._read(plan, key)
        else:
            share = True
        date_key = key[plan.date] if plan.date >= 0 else None
        return self._dated_group(plan, info, undated, date_key, keep, share)

    def _dated_group(
        self,
        plan: _Plan,
        info: _Undated,
        undated: tuple[Hashable, ...],
        date_key: Hashable,
        keep: bool,
        share: bool = True,
    ) -> tuple[int, Outcome, dict[str, object] | None]:
        date_cell = plan.date_cells[date_key] if plan.date >= 0 else None
        if info.missing or not date_cell:
            missing = [*info.missing, *(() if date_cell else ("date",))]
            message = f"InvalidArgumentError: missing field(s): {', '.join(missing)}"
            return -1, self._failure(message), None
        day = plan.date_memo.get(date_key, _MISSING)
        if day is _MISSING:
            day = plan.date_memo[date_key] = self._convert("date", date_cell)
        if type(day) is _Failed and info.position > _DATE:
            return _DATE, self._failure(day.error), None
        if info.failure is not None:
            return info.position, info.failure, None
        assert isinstance(day, _dt.date)
        values = dict(zip(plan.undated_fields, info.values, strict=True))
        outcome = self._assess(undated, day, values, share)
        position = _LAST if outcome.message is not None else _NONE
        return position, outcome, {**values, "date": day} if keep else None

    def _read(self, plan: _Plan, key: tuple[Hashable, ...]) -> _Undated:
        """Read the cells of a group but its date: missing fields, the first error, the values."""
        self._reads += 1
        if plan.direct:
            return self._read_direct(plan, key)
        cells = plan.cells(key)
        missing = tuple(
            name for name in REQUIRED_FIELDS if name != "date" and not cells.get(name, _NO_CELL)[0]
        )
        if missing:  # nothing else is read
            return _Undated(missing, -1, None, ())
        values = plan.absent.copy()  # the fields without a column keep their default
        for name, (cell, memo, memo_key) in cells.items():  # in the order of plan.fields
            if name == "date" or memo is None:
                continue
            value = memo.get(memo_key, _MISSING)
            if value is _MISSING:
                value = memo[memo_key] = self._convert(name, cell)
            if type(value) is _Failed:
                return _Undated(missing, _POSITION[name], self._failure(value.error), ())
            values[name] = value
        return _Undated(missing, _NONE, None, tuple(values.values()))

    def _read_direct(self, plan: _Plan, key: tuple[Hashable, ...]) -> _Undated:
        """:meth:`_read` for a block without a column of an alias (each field its own)."""
        missing = tuple(n for n, at in plan.required_at if at < 0 or not plan.cell_at(at, key))
        if missing:  # nothing else is read
            return _Undated(missing, -1, None, ())
        values = plan.absent.copy()  # the fields without a column keep their default
        for name, at, cells, memo in plan.own_columns:  # in the order of plan.fields
            k = key[at]
            value = memo.get(k, _MISSING)
            if value is _MISSING:
                value = memo[k] = self._convert(name, cells[k])
            if type(value) is _Failed:
                return _Undated(missing, _POSITION[name], self._failure(value.error), ())
            values[name] = value
        return _Undated(missing, _NONE, None, tuple(values.values()))

    def _assess(
        self,
        undated: tuple[Hashable, ...],
        day: _dt.date,
        values: dict[str, object],
        share: bool = True,
    ) -> Outcome:
        """The outcome of a group whose cells were all read: each module asked once per epoch.

        A module's findings are kept for the epoch its boundaries give around the date
        (for that date alone where it gives None); when every module gave boundaries,
        the whole outcome is kept for the epoch where they all agree. Without *share*
        (no other group is known to have this undated key), the modules are not asked
        for their boundaries: the outcome is kept for the date.
        """
        known = self._epochs.get(undated)
        if known is not None:
            cell = (undated, known[1], tuple(bisect.bisect_right(d, day) for d in known[0]))
            outcome = self._assessed.get(cell)
            if outcome is not None:
                return outcome
        exact = (undated, day)
        outcome = self._assessed.get(exact)
        if outcome is not None:
            return outcome
        if not share and known is None:
            try:
                shipment = self._shipment(values, day)
                outcome = self._outcome(_findings(shipment, self.modules))
            except _ERRORS as exc:
                outcome = self._failure(_error(exc))
            self._assessed[exact] = outcome
            if outcome.message is None:
                self._first[undated] = day
            return outcome
        reading = _reading_boundaries(values["commodity"])
        if undated in self._by_module:
            return self._assess_by_module(undated, day, values, reading)
        try:
            shipment = self._shipment(values, day)
        except _ERRORS as exc:
            outcome = self._assessed[exact] = self._failure(_error(exc))
            return outcome
        found_all = [self._module_boundaries(m, shipment) for m in range(len(self.modules))]
        if all(found is not None for found in found_all):  # one epoch for all: assessed at once
            seqs = (*(d for found in found_all if found is not None for d in found), *reading)
            epoch = tuple(bisect.bisect_right(d, day) for d in seqs)
            first = self._first.pop(undated, None)  # the date it was assessed for alone
            outcome = None
            if first is not None and epoch == tuple(bisect.bisect_right(d, first) for d in seqs):
                outcome = self._assessed.get((undated, first))
            if outcome is None:
                try:
                    outcome = self._outcome(_findings(shipment, self.modules))
                except _ERRORS as exc:
                    outcome = self._assessed[exact] = self._failure(_error(exc))
                    return outcome
            if known is None or not _same(known[0], seqs):
                if known is not None:
                    self.reversions += 1
                self._version += 1
                known = self._epochs[undated] = (seqs, self._version)
            self._assessed[(undated, known[1], epoch)] = outcome
            return outcome
        self._by_module[undated] = True
        return self._assess_by_module(undated, day, values, reading, shipment, found_all)

    def _assess_by_module(
        self,
        undated: tuple[Hashable, ...],
        day: _dt.date,
        values: dict[str, object],
        reading: tuple[Sequence[_dt.date], ...],
        shipment: Shipment | None = None,
        found_all: list[tuple[Sequence[_dt.date], ...] | None] | None = None,
    ) -> Outcome:
        """Some module's findings hold for one date only: each module's kept apart.

        A module whose findings are known for the date's epoch (or for the date) is not
        asked again; the others are asked, and say where their answer holds.
        """
        exact = (undated, day)
        keys: list[tuple[Hashable, ...]] = []
        parts: list[_Findings] = []
        for m, module in enumerate(self.modules):
            part_key, part = self._known_part(m, undated, day)
            if part is None:
                if shipment is None:
                    try:
                        shipment = self._shipment(values, day)
                    except _ERRORS as exc:
                        outcome = self._assessed[exact] = self._failure(_error(exc))
                        return outcome
                found = (
                    found_all[m] if found_all is not None else self._module_boundaries(m, shipment)
                )
                if found is None:
                    part_key = (m, undated, day)
                else:
                    found = (*found, *reading)
                    last = self._module_epochs.get((m, undated))
                    if last is None or not _same(last[0], found):
                        self._version += 1
                        last = self._module_epochs[(m, undated)] = (found, self._version)
                    cell = tuple(bisect.bisect_right(d, day) for d in found)
                    part_key = (m, undated, last[1], cell)
                try:
                    part = _findings(shipment, (module,))
                except _ERRORS as exc:
                    outcome = self._assessed[exact] = self._failure(_error(exc))
                    return outcome
                self._parts[part_key] = part
            keys.append(part_key)
            parts.append(part)
        combined = tuple(keys)
        known = self._combined.get(combined)
        if known is None:
            known = self._combined[combined] = self._outcome(_merge(parts))
        self._assessed[exact] = known
        return known

    def _known_part(
        self, m: int, undated: tuple[Hashable, ...], day: _dt.date
    ) -> tuple[tuple[Hashable, ...], _Findings | None]:
        """A module's findings already known for the date's epoch, or for the date."""
        last = self._module_epochs.get((m, undated))
        if last is not None:
            cell = tuple(bisect.bisect_right(d, day) for d in last[0])
            part = self._parts.get((m, undated, last[1], cell))
            if part is not None:
                return (m, undated, last[1], cell), part
        return (m, undated, day), self._parts.get((m, undated, day))

    def _module_boundaries(
        self, m: int, shipment: Shipment
    ) -> tuple[Sequence[_dt.date], ...] | None:
        function = self._boundaries[m]
        if function is None:
            return None
        try:
            found = function(shipment)
        except Exception:  # a module that cannot say: its findings are kept per date
            return None
        return None if found is None else tuple(found)


class _Numbered:
    """Distinct outcomes numbered in the order they come, by identity.

    Called with an outcome, gives its number; :attr:`items` lists them in order.
    """

    __slots__ = ("_numbers", "items")

    def __init__(self) -> None:
        self.items: list[Outcome] = []
        self._numbers: dict[int, int] = {}

    def __call__(self, outcome: Outcome) -> int:
        number = self._numbers.get(id(outcome))
        if number is None:
            number = self._numbers[id(outcome)] = len(self.items)
            self.items.append(outcome)
        return number


def keep_newer_half(memo: dict[Any, Any], size: int) -> None:
    """Drop the older half of *memo* (in insertion order) once it holds over *size* entries."""
    if len(memo) > size:
        kept = list(memo.items())[len(memo) // 2 :]
        memo.clear()
        memo.update(kept)


class _Undated:
    """What a group's cells but the date give: the missing fields, the first error, the values."""

    __slots__ = ("failure", "missing", "position", "values")

    def __init__(
        self,
        missing: tuple[str, ...],
        position: int,
        failure: Outcome | None,
        values: tuple[object, ...],  # in the order of _Plan.undated_fields
    ) -> None:
        self.missing = missing
        self.position = position
        self.failure = failure
        self.values = values


_DATE = _POSITION["date"]
_NO_CELL = (None, None, None)


def _merge(parts: Sequence[_Findings]) -> _Findings:
    """The findings of several modules, in module order, as :func:`assess` lists them."""
    applied: list[str] = []
    for part in parts:
        for inst in part[3]:
            if inst not in applied:
                applied.append(inst)
    return (
        tuple(r for part in parts for r in part[0]),
        tuple(p for part in parts for p in part[1]),
        tuple(n for part in parts for n in part[2]),
        tuple(applied),
    )


def _same(a: tuple[Sequence[_dt.date], ...], b: tuple[Sequence[_dt.date], ...]) -> bool:
    """Whether two sets of boundaries are the same (rule modules return cached tuples)."""
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


class _Plan:
    """Where a block's grouped columns are, and the memos of their converted cells."""

    def __init__(self, screen: Screen, columns: Sequence[Column]) -> None:
        place = {c.name: i for i, c in enumerate(columns)}
        #: the grouped fields, in the order their converters run
        self.fields = [n for n in SHIPMENT_FIELDS if n in screen.grouped]
        self.undated_fields = [n for n in self.fields if n != "date"]
        self.names = tuple(c.name for c in columns)
        self._columns = columns
        self._own = [
            (name, place.get(name, -1), screen._memo(name, name) if name in place else None)
            for name in self.fields
        ]
        self._aliases = [
            (name, [(place[a], screen._memo(name, a)) for a in aliases if a in place])
            for name, aliases in FIELD_ALIASES.items()
        ]
        aliased = {name for name, found in self._aliases if found}
        # the fields with a column of their own or of an alias (the others are absent)
        self._read = [(n, at, memo) for n, at, memo in self._own if at >= 0 or n in aliased]
        self._aliases = [(name, found) for name, found in self._aliases if found]
        #: each field but the date -> its value where the block has no column for it
        self.absent = {name: screen._absent.get(name) for name in self.undated_fields}
        self.date = place.get("date", -1)
        self.date_cells: Any = columns[self.date].cells if self.date >= 0 else None
        self.date_memo = screen._memo("date", "date")
        #: without a column of an alias, each field's cell is its own column's: the
        #: required fields but the date (-1: no column), and the fields read, with the
        #: cells and memo of each (what :meth:`cells` gives, without a mapping per group)
        self.direct = not self._aliases
        self.required_at = [(n, place.get(n, -1)) for n in REQUIRED_FIELDS if n != "date"]
        self.own_columns = [
            (n, at, columns[at].cells, memo)
            for n, at, memo in self._read
            if n != "date" and memo is not None
        ]

    def cells(
        self, key: tuple[Hashable, ...]
    ) -> dict[str, tuple[object, dict[Hashable, object] | None, Hashable]]:
        """Field -> the group's cell, the memo of its converted cells, its key there.

        For the fields the block has a column for (or a column of an alias), in the
        order of :attr:`fields`; the memo is None where only an alias's column is there
        and its cell is empty.
        """
        out: dict[str, tuple[object, dict[Hashable, object] | None, Hashable]] = {}
        columns = self._columns
        for name, at, memo in self._read:
            if at < 0:
                out[name] = (None, None, None)
            else:
                k = key[at]
                out[name] = (columns[at].cells[k], memo, k)
        for name, aliases in self._aliases:
            if out[name][0]:
                continue
            for at, memo in aliases:
                k = key[at]
                cell = columns[at].cells[k]
                if cell:
                    out[name] = (cell, memo, k)
                    break
        return out

    def cell_at(self, at: int, key: tuple[Hashable, ...]) -> object:
        """The group's cell in the column at *at*."""
        return self._columns[at].cells[key[at]]

    def undated(self, key: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
        """The group's key without the date: the groups whose epochs agree."""
        d = self.date
        return key if d < 0 else key[:d] + key[d + 1 :]


def _overlay(
    lines: list[int],
    groups: Sequence[int],
    group_position: list[int],
    keys: Iterable[Hashable],
    errors: dict[Hashable, int],
    position: int,
) -> None:
    """Lines whose side cell has an error that comes before their group's take that error."""
    for i, (g, k) in enumerate(zip(groups, keys, strict=True)):
        e = errors.get(k)
        if e is not None and position < group_position[g]:
            lines[i] = e


def _overlay_arrays(
    lines: Any,
    groups: Any,
    group_position: list[int],
    column: Column,
    errors: dict[Hashable, int],
    position: int,
) -> None:
    """:func:`_overlay` on NumPy arrays (the keys of the column are codes)."""
    import numpy as np

    by_code = np.full(len(column.cells), -1, dtype=np.int64)
    for k, e in errors.items():
        by_code[k] = e  # type: ignore[call-overload]
    found = by_code[column.lines]
    wins = (found >= 0) & (position < np.asarray(group_position, dtype=np.int64)[groups])
    lines[wins] = found[wins]


# ------------------------------------------------------------------ inputs


class _UnhashableError(Exception):
    """A cell that cannot be a dictionary key: the input is screened line by line."""


def factorize(values: Iterable[object]) -> tuple[list[int], list[object]]:
    """Number the distinct cells of a column: each line's code, and each code's cell.

    Cells are compared with their type (``1``, ``1.0`` and ``True`` stay apart, and so do
    ``0.0`` and ``-0.0``) and read as :func:`mea_trade.screening.screen` reads a cell
    (empty cells of any library as None, text stripped).

    Raises:
        _UnhashableError: a cell cannot be a dictionary key.
    """
    from mea_trade.screening import _cell

    numbers: dict[Hashable, int] = {}
    cells: list[object] = []
    codes: list[int] = []
    for value in values:
        kind = type(value)
        key: Hashable = value if kind is str else (kind, repr(value) if kind is float else value)
        try:
            code = numbers.get(key)
        except TypeError:
            raise _UnhashableError from None
        if code is None:
            code = numbers[key] = len(cells)
            cells.append(_cell(value))
        codes.append(code)
    return codes, cells


def _frame_column(series: Any) -> tuple[Any, list[object]]:
    """A frame column's codes (a NumPy array, -1 for the last cell, None) and cells."""
    import numpy as np
    import pandas as pd

    from mea_trade.screening import _cell

    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    textual = isinstance(dtype, pd.StringDtype) or (
        isinstance(dtype, pd.ArrowDtype) and pd.api.types.is_string_dtype(dtype)
    )
    if kind == "O" and not textual:
        textual = pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")
    if textual or kind == "M":
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        # texts as _cell reads them (stripped, None when blank), at once
        cells = [(u.strip() or None) if type(u) is str else _cell(u) for u in uniques.tolist()]
        cells.append(None)  # code -1: an empty cell
        return np.asarray(codes, dtype=np.int64), cells
    found, cells = factorize(series.tolist())
    return np.asarray(found, dtype=np.int64), cells


def _combine(
    code_arrays: Sequence[Any], sizes: Sequence[int], n: int, *, hashed: bool = True
) -> tuple[Any, Any]:
    """Group the lines of a frame by their codes: each line's group, each group's first line.

    Codes run from -1 to ``size - 2``. *hashed*: groups numbered in order of appearance
    by pandas' factorize; else by NumPy's sort (no pandas needed, the same groups).
    """
    import numpy as np

    def numbered(values: Any) -> tuple[Any, Any]:
        """Each value's group, and each group's first position."""
        if not hashed:
            _, first, groups = np.unique(values, return_index=True, return_inverse=True)
            return groups.reshape(-1), first
        import pandas as pd

        groups, uniques = pd.factorize(values)
        first = np.empty(len(uniques), dtype=np.int64)
        first[groups[::-1]] = np.arange(len(values) - 1, -1, -1)
        return groups, first

    combined = np.zeros(n, dtype=np.int64)
    size = 1
    for codes, width in zip(code_arrays, sizes, strict=True):
        if size * width >= 1 << 62:
            combined, first = numbered(combined)
            size = len(first)
        combined = combined * width + (codes + 1)
        size *= width
    return numbered(combined)


class FrameScreen:
    """Screens pandas frames one after another, its memos lasting from frame to frame.

    One :func:`mea_trade.screen` call screens one frame with memos of its own; a
    process that screens a file in partitions (a Dask or Spark worker) keeps one
    ``FrameScreen`` so that each distinct cell is read, and each assessment made, once
    for all of its partitions rather than once per partition. Each column's distinct
    cells get a number that stands for them in every frame (its *vocabulary*), and the
    :class:`Screen`'s memos are keyed by these numbers. When the vocabularies together
    hold more than *limit* cells, they and the memos keyed by them start again, so the
    memory stays bounded. As for ``mea-trade screen``, each memo keeps *memo_size*
    entries (:data:`MEMO_SIZE`) after a frame whose groups were mostly new, and
    *repeated_memo_size* (:data:`LASTING_MEMO_SIZE`) after a frame whose groups were
    mostly met before, their key but the date: a worker keeps a national file's keys
    from partition to partition, and little of a file whose lines all differ. The
    memos only remember answers: a frame gets the same results from a fresh
    ``FrameScreen`` as from one that screened other frames first
    (``tests/test_columnar.py`` checks it).

    Not for several threads at once (each thread keeps its own, as
    :func:`mea_trade.scale.screen_partition` does).

    >>> import pandas as pd
    >>> screener = FrameScreen()
    >>> part = pd.DataFrame({"commodity": ["R-22"], "exporter": ["CN"], "importer": ["GH"],
    ...                      "date": ["2024-05-01"]})
    >>> screener.screen(part, {name: name for name in part.columns})[0].tolist()
    ['licences_required']
    """

    def __init__(
        self,
        rules: Sequence[str | ModuleType | RuleModule] | None = None,
        *,
        limit: int = 1_000_000,
        memo_size: int = MEMO_SIZE,
        repeated_memo_size: int | None = LASTING_MEMO_SIZE,
    ) -> None:
        # a frame shows texts only
        self._screen = Screen(rules, memo_size=memo_size, repeated_memo_size=repeated_memo_size)
        self._limit = limit
        self._vocabularies: dict[str, dict[Hashable, int]] = {}
        self._cells: dict[str, list[object]] = {}

    def _global(self, name: str, cells: list[object]) -> tuple[Any, list[object]]:
        """The numbers of a frame's distinct cells in the column's vocabulary (NumPy), its cells."""
        import numpy as np

        vocabulary = self._vocabularies.setdefault(name, {})
        known = self._cells.setdefault(name, [])
        numbers = []
        for cell in cells:
            key: Hashable = cell if type(cell) is str or cell is None else (type(cell), repr(cell))
            number = vocabulary.get(key)
            if number is None:
                number = vocabulary[key] = len(known)
                known.append(cell)
            numbers.append(number)
        return np.asarray(numbers, dtype=np.int64), known

    def _start_again(self) -> None:
        """Forget the vocabularies, and the memos keyed by their numbers."""
        self._vocabularies = {}
        self._cells = {}
        self._screen.forget_keys()

    def screen(self, frame: Any, matched: Mapping[str, Any]) -> list[Any] | None:
        """The result columns of *frame* (pandas arrays), or None; see :func:`screen_frame`."""
        if sum(len(v) for v in self._vocabularies.values()) > self._limit:
            self._start_again()
        return _screen_frame(frame, matched, self._screen, self)


def screen_frame(
    frame: Any,
    matched: Mapping[str, Any],
    rules: Sequence[str | ModuleType | RuleModule] | None,
) -> list[Any] | None:
    """The result columns of a pandas frame (pandas arrays), or None.

    *matched* maps the columns the screen reads (:func:`column_names`) to the frame's
    labels. None when a cell cannot be a dictionary key (the caller screens the frame
    line by line).
    """
    return _screen_frame(frame, matched, Screen(rules), None)


def _screen_frame(
    frame: Any,
    matched: Mapping[str, Any],
    screen: Screen,
    lasting: FrameScreen | None,
) -> list[Any] | None:
    import numpy as np
    import pandas as pd

    n = len(frame)
    columns: list[Column] = []
    grouped_codes: list[Any] = []
    sizes: list[int] = []
    try:
        for name in column_names():
            if name not in matched:
                continue
            field = _FIELD_OF[name]
            if field in screen.side:
                if not (screen._checks.get(field) or screen._converters[field]):
                    continue  # cannot fail, and a frame does not show it: not read
                codes, cells = _frame_column(frame[matched[name]])
                quick = screen._quick.get(field)
                passed = _quick_check(cells, quick) if quick is not None else None
                columns.append(Column(name, cells, codes, passed))
            else:
                codes, cells = _frame_column(frame[matched[name]])
                if lasting is not None:  # numbers that mean the same cells in every frame
                    numbers, cells = lasting._global(name, cells)
                    codes = numbers[codes]  # code -1 (an empty cell) takes the last number
                columns.append(Column(name, cells))
                grouped_codes.append(codes)
                sizes.append(len(cells) + 1)  # codes + 1 run from 0 to len(cells)
    except _UnhashableError:
        return None
    groups, first = _combine(grouped_codes, sizes, n)
    keys = list(zip(*(codes[first].tolist() for codes in grouped_codes), strict=True))
    if not grouped_codes:
        keys = [()] * len(first)
    block = screen.screen(columns, groups, keys, remember=False)
    ids = np.asarray(block.outcome_ids, dtype=np.int64)
    out = []
    for i in range(6):
        # the distinct texts as pandas reads a list of them (its default text dtype),
        # then taken for every line
        table = pd.Series([o.texts[i] for o in block.outcomes], dtype=None).array
        out.append(table.take(ids))
    return out


def _quick_check(cells: list[object], pattern: Any) -> Any:
    """Whether each cell certainly passes: an empty cell, or a text *pattern* matches whole."""
    import pandas as pd

    texts = pd.Series(cells, dtype=object)
    matched = texts.str.fullmatch(pattern.pattern, flags=pattern.flags)
    return (matched.fillna(False).astype(bool) | texts.isna()).to_numpy()


def group_rows(
    cells: Sequence[Mapping[str, object]], screen: Screen
) -> tuple[list[Column], list[int], list[tuple[Hashable, ...]]]:
    """Columns, groups and group keys of rows given as mappings of canonical names to cells.

    Raises:
        _UnhashableError: a cell cannot be a dictionary key.
    """
    columns: list[Column] = []
    grouped: list[list[int]] = []
    present = {name for row in cells for name in row}
    for name in column_names():
        if name not in present:
            continue
        codes, distinct = factorize(row.get(name) for row in cells)
        if _FIELD_OF[name] in screen.side:
            columns.append(Column(name, distinct, codes))
        else:
            columns.append(Column(name, distinct))
            grouped.append(codes)
    numbers: dict[tuple[Hashable, ...], int] = {}
    groups: list[int] = []
    keys: list[tuple[Hashable, ...]] = []
    for key in zip(*grouped, strict=True) if grouped else [()] * len(cells):
        group = numbers.get(key)
        if group is None:
            group = numbers[key] = len(keys)
            keys.append(key)
        groups.append(group)
    return columns, groups, keys
