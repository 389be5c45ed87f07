"""Name indexes: lookups by the names people type, with close-match suggestions.

Keys are normalised (NFKD without accents, casefold, letters and digits only), so ``"HCFC-22"``,
``"hcfc 22"`` and ``"ＨＣＦＣ－２２"`` share one key. A name that would point to two
records is a data error and fails at build time.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

from mea_trade.errors import InvalidArgumentError, MeaTradeError, UnknownNameError, _shorten

T = TypeVar("T")

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
#: The ASCII bytes that are not letters or digits (what _NON_WORD drops from ASCII text).
_ASCII_NON_WORD = bytes(i for i in range(128) if not chr(i).isalnum())
#: Longer queries are never names: they are rejected without normalising them.
MAX_QUERY = 200


def key(text: str) -> str:
    """Normalise a name for lookups.

    Compatibility-decompose (NFKD), drop accents, casefold, and keep only letters
    and digits: ``"Côte d'Ivoire"`` and ``"cote divoire"`` share a key.
    """
    if text.isascii():  # nothing to decompose, no accents: the bytes, at once
        return text.lower().encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub("", stripped.casefold())


@functools.lru_cache(maxsize=8192)
def _cached_key(text: str) -> str:
    return key(text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class NameIndex(Generic[T]):
    """An immutable index of records by every name ``names_of(record)`` yields."""

    __slots__ = ("_by_key", "_by_raw", "_labels")

    def __init__(
        self,
        records: Iterable[T],
        names_of: Callable[[T], Iterable[str]],
        label_of: Callable[[T], str],
        what: str,
    ) -> None:
        by_raw: dict[str, T] = {}
        by_key: dict[str, T] = {}
        labels: dict[str, str] = {}
        for record in records:
            for name in names_of(record):
                k = key(name)
                if not k:
                    continue
                other = by_key.setdefault(k, record)
                if other is not record:
                    raise MeaTradeError(f"{what} name {name!r} is ambiguous in the bundled data")
                labels[k] = label_of(record)
                for variant in (name, name.upper(), name.lower()):
                    by_raw[variant] = record
        self._by_raw: Mapping[str, T] = MappingProxyType(by_raw)
        self._by_key: Mapping[str, T] = MappingProxyType(by_key)
        self._labels: Mapping[str, str] = MappingProxyType(labels)

    def find(self, query: str) -> T | None:
        """Return the record named *query*, or None."""
        hit = self._by_raw.get(query)
        if hit is None and len(query) <= MAX_QUERY:
            hit = self._by_key.get(_cached_key(query))
        return hit

    def resolve(self, query: object, what: str, error: type[UnknownNameError]) -> T:
        """Return the record named by the string *query*, or raise *error* with suggestions.

        A non-string raises :class:`InvalidArgumentError` naming *what* was expected.
        """
        if not isinstance(query, str):
            raise InvalidArgumentError(
                f"expected {what} (str), not {type(query).__name__}: {_shorten(query)}"
            )
        hit = self.find(query)
        if hit is None:
            raise error(query, self.suggest(query))
        return hit

    def __contains__(self, query: str) -> bool:
        return self.find(query) is not None

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Labels of the records whose names are closest to *query*, best first."""
        k = key(query[:MAX_QUERY])
        if not k:
            return []
        close = difflib.get_close_matches(k, list(self._by_key), n=12, cutoff=0.7)
        close.sort(key=lambda c: -_common_prefix(c, k))
        out: list[str] = []
        for c in close:
            label = self._labels[c]
            if label not in out:
                out.append(label)
        return out[:n]
