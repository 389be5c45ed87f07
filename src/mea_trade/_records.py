"""Records that are singletons of a bundled table (substances, countries, instruments).

They compare and hash by one key attribute, show as ``Type('key')``, and pickle by
key, so that unpickling returns the table's own record. Functions that list them
return :class:`Records`: a sequence that ``len()`` understands, with
:meth:`Records.to_records` and :meth:`Records.to_frame` for tables.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


class KeyedRecord:
    """Mixin for attrs classes declared with ``eq=False, repr=False``.

    Subclasses set ``_KEY`` (the attribute name) and implement ``_get(key)``.
    """

    __slots__ = ()
    _KEY: ClassVar[str]

    @classmethod
    def _get(cls, key: str) -> Any:
        raise NotImplementedError

    def _key(self) -> str:
        value: str = getattr(self, self._KEY)
        return value

    def __eq__(self, other: object) -> bool:
        # compared on every assessment (is the exporter the importer?): kept short
        if other is self:
            return True
        if type(other) is type(self):
            key = self._KEY
            same: bool = getattr(self, key) == getattr(other, key)
            return same
        return NotImplemented

    def __hash__(self) -> int:
        # the key alone (records of two types may share a hash; they never compare equal):
        # records are hashed in every cache key of an assessment, so this is kept short
        return hash(getattr(self, self._KEY))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._key()!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (type(self)._get, (self._key(),))


def _flat(value: object) -> object:
    """A value as one table cell: numbers and text as they are, records by name."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()
    if type(value).__name__ == "Citation":
        return str(getattr(value, "id", value))
    if type(value).__name__ == "Component":  # a mixture's component: 'HCFC-22 53%'
        return f"{value.substance.name} {value.percent:g}%"  # type: ignore[attr-defined]
    code = getattr(value, "code", None)
    if isinstance(code, str):  # an annex listing (Control) and the like
        return code
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "; ".join(f"{_flat(k)}={_flat(v)}" for k, v in value)
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, (set, frozenset)):
        return "; ".join(sorted(str(_flat(v)) for v in value))
    return str(value)


class Records(tuple[T, ...]):
    """A tuple of records (``len()``, indexing, slicing) that also makes tables.

    ``pd.DataFrame(records)`` gives one column of record objects (pandas reads only
    dictionaries, dataclasses and tuples as rows); :meth:`to_frame` gives one column
    per field, and :meth:`to_records` the same rows as dictionaries
    (``pd.DataFrame(records.to_records())``).

    >>> import mea_trade as mt
    >>> subs = mt.substances(group="F/II")
    >>> len(subs), subs[0]
    (1, Substance('HFC-23'))
    >>> subs.to_records()[0]["name"], subs.to_records()[0]["annex_group"]
    ('HFC-23', 'F/II')
    """

    __slots__ = ()

    def __repr__(self) -> str:
        if len(self) > 6:
            shown = ", ".join(repr(x) for x in self[:3])
            return f"Records([{shown}, ... {len(self) - 3} more])"
        return f"Records([{', '.join(repr(x) for x in self)}])"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def to_records(self) -> list[dict[str, object]]:
        """One flat dictionary per record: its fields (and the properties it exports).

        Nested records show by name, citations by id, tuples joined with ``"; "``,
        dates as ISO text.
        """
        import attrs

        out: list[dict[str, object]] = []
        for item in self:
            row: dict[str, object] = {}
            kind: Any = type(item)
            if attrs.has(kind):
                for field in attrs.fields(kind):
                    if not field.name.startswith("_"):
                        row[field.name] = _flat(getattr(item, field.name))
            for name in getattr(type(item), "_EXPORT", ()):
                row[name] = _flat(getattr(item, name))
            out.append(row)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The records as a pandas DataFrame, one row each (see :meth:`to_records`).

        Needs pandas.
        """
        import pandas as pd

        return pd.DataFrame(self.to_records())
