"""Reading the bundled data files: lazily, once, thread-safely.

Data files live in ``mea_trade/data`` and are opened through
:mod:`importlib.resources` (so zipped installs work). Nothing here runs at
import time: each dataset is parsed by a :class:`Lazy` on first use, under a
lock, and the parsed, immutable result is kept. The cells of a row are read by
:func:`optional_date`, :func:`split_cell` and :func:`cited` (the row's source,
citing a provision), and rows are indexed by :func:`group_by`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import sys
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Generic, TypeVar

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    from importlib.resources import files
else:  # pragma: no cover
    from importlib_resources import files

if TYPE_CHECKING:
    from mea_trade.citations import Citation

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_PACKAGE = "mea_trade"


class Lazy(Generic[T]):
    """A value computed by *factory* on first :meth:`get`, exactly once, even across threads."""

    __slots__ = ("_factory", "_lock", "_value")

    _UNSET: object = object()

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._value: object = Lazy._UNSET

    def get(self) -> T:
        """Return the value, computing it on the first call."""
        value = self._value
        if value is Lazy._UNSET:
            with self._lock:
                value = self._value
                if value is Lazy._UNSET:
                    value = self._factory()
                    self._value = value
        return value  # type: ignore[return-value]

    @property
    def loaded(self) -> bool:
        """Whether the value has been computed."""
        return self._value is not Lazy._UNSET


def read_text(relpath: str) -> str:
    """Return the text of the bundled data file ``mea_trade/data/<relpath>``."""
    resource = files(_PACKAGE).joinpath("data").joinpath(*relpath.split("/"))
    with resource.open("r", encoding="utf-8") as handle:
        text: str = handle.read()
    return text


def read_bytes(relpath: str) -> bytes:
    """Return the bytes of the bundled data file ``mea_trade/data/<relpath>``."""
    resource = files(_PACKAGE).joinpath("data").joinpath(*relpath.split("/"))
    with resource.open("rb") as handle:
        data: bytes = handle.read()
    return data


def read_csv(relpath: str) -> tuple[dict[str, str], ...]:
    """Parse a bundled CSV file into a tuple of rows (header -> cell, cells stripped).

    Lines starting with ``#`` before the header are comments (provenance notes).
    """
    lines = [line for line in read_text(relpath).splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines)
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return tuple(rows)


def optional_date(cell: str) -> _dt.date | None:
    """The ISO date of a bundled cell, or None for an empty one."""
    return _dt.date.fromisoformat(cell) if cell else None


def split_cell(cell: str, sep: str = ";") -> tuple[str, ...]:
    """The parts of a list cell (``"a; b"``), stripped, empty parts left out."""
    return tuple(part.strip() for part in cell.split(sep) if part.strip())


def group_by(rows: Iterable[T], key: Callable[[T], K]) -> Mapping[K, tuple[T, ...]]:
    """*rows* by *key*, in their order, as a read-only mapping of tuples."""
    out: dict[K, list[T]] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def cited(source_ids: str, provision: str) -> Citation:
    """The first source of a row's ``source`` cell (``"rc-text;rc-1-3"``), citing *provision*."""
    import attrs

    from mea_trade.citations import citations

    return attrs.evolve(citations(source_ids)[0], provision=provision)
