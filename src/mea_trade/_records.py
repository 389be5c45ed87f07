"""Records that are singletons of a bundled table (substances, countries, instruments).

They compare and hash by one key attribute, show as ``Type('key')``, and pickle by
key, so that unpickling returns the table's own record.
"""

from __future__ import annotations

from typing import Any, ClassVar


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
        if type(other) is type(self):
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._key()!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The short repr in Hypothesis' and IPython's pretty printers too."""
        printer.text(repr(self))

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (type(self)._get, (self._key(),))
