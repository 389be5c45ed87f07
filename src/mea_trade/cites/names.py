"""Name indexes of a checklist: accepted names, synonyms and common names.

Keys are those of :func:`mea_trade._names.key` (accents and case folded,
punctuation dropped), so ``"python regius"``, ``"PYTHON REGIUS"`` and
``"Pitón real"``/``"piton real"`` find their taxon. A name can belong to several
taxa (a common name such as "Mahogany", a synonym shared by two species, a genus
name used in two kingdoms): :meth:`TaxonNames.find` returns every candidate and
the caller decides.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from mea_trade._data import Lazy
from mea_trade._names import MAX_QUERY, key

if TYPE_CHECKING:
    from mea_trade.cites.checklist import Taxon

__all__ = ["NameKeyHashes", "TaxonNames", "key_hash", "name_part"]

_SPP = re.compile(r"\s+(?:spp|sp|ssp)\.?\s*$", re.IGNORECASE)
_MARKERS = re.compile(r"\s+(?:var|subsp|ssp|f|forma)\.\s+")


def name_part(query: str) -> str:
    """The scientific name in *query* without "spp.", authors and rank markers.

    >>> name_part("Pythonidae spp.")
    'Pythonidae'
    >>> name_part("Python regius (Shaw, 1802)")
    'Python regius'
    >>> name_part("Aloe compressa var. paucituberculata")
    'Aloe compressa paucituberculata'
    """
    from mea_trade.cites.checklist import _name_and_author

    text = _SPP.sub("", query.strip())
    name, _ = _name_and_author(text)
    if name:
        text = name
    return _MARKERS.sub(" ", text)


class _Index:
    """Key -> taxa; a key of one taxon holds the taxon itself (no tuple: less memory)."""

    __slots__ = ("_map",)

    def __init__(self, pairs: Iterable[tuple[str, Taxon]]) -> None:
        out: dict[str, Taxon | tuple[Taxon, ...]] = {}
        for name, taxon in pairs:
            k = key(name)
            if not k:
                continue
            held = out.get(k)
            if held is None:
                out[k] = taxon
            elif isinstance(held, tuple):
                if taxon not in held:
                    out[k] = (*held, taxon)
            elif held != taxon:
                out[k] = (held, taxon)
        self._map = out

    def get(self, k: str) -> tuple[Taxon, ...]:
        held = self._map.get(k)
        if held is None:
            return ()
        return held if isinstance(held, tuple) else (held,)

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def multiple(self) -> int:
        """How many keys name more than one taxon."""
        return sum(1 for v in self._map.values() if isinstance(v, tuple))


def _index(pairs: Iterable[tuple[str, Taxon]]) -> _Index:
    return _Index(pairs)


class TaxonNames:
    """Indexes of the accepted names, synonyms and common names of some taxa."""

    __slots__ = ("_accepted", "_common", "_exact", "_genera", "_synonyms", "_taxa")

    def __init__(self, taxa: Iterable[Taxon]) -> None:
        self._taxa = tuple(taxa)
        exact: dict[str, list[Taxon]] = {}
        for t in self._taxa:
            exact.setdefault(t.name, []).append(t)
        self._exact: Mapping[str, tuple[Taxon, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in exact.items()}
        )
        self._accepted: Lazy[_Index] = Lazy(
            lambda: _index((_MARKERS.sub(" ", t.name), t) for t in self._taxa)
        )
        self._synonyms: Lazy[_Index] = Lazy(
            lambda: _index((_MARKERS.sub(" ", s), t) for t in self._taxa for s in t.synonyms)
        )
        self._common: Lazy[_Index] = Lazy(
            lambda: _index(
                (n, t) for t in self._taxa for names in t.common_names.values() for n in names
            )
        )
        self._genera: Lazy[Mapping[str, tuple[str, ...]]] = Lazy(self._build_genera)

    def accepted(self, name: str) -> tuple[Taxon, ...]:
        """The taxa whose accepted name is exactly *name*."""
        return self._exact.get(name, ())

    def find(self, query: str) -> tuple[str, tuple[Taxon, ...]]:
        """``(how, taxa)``: the taxa *query* names, and how it matched.

        ``how`` is ``"name"`` (accepted scientific name), ``"synonym"``, ``"common"``
        or ``""`` (nothing). Accepted names win over synonyms, synonyms over common
        names.
        """
        hit = self._exact.get(query)
        if hit:
            return "name", hit
        if len(query) > MAX_QUERY:
            return "", ()
        k = key(query)
        if not k:
            return "", ()
        hit = self._accepted.get().get(k)
        if hit:
            return "name", hit
        sci = key(name_part(query))
        if sci and sci != k:
            hit = self._accepted.get().get(sci)
            if hit:
                return "name", hit
        for k2 in dict.fromkeys((k, sci)):
            hit = self._synonyms.get().get(k2)
            if hit:
                return "synonym", hit
        hit = self._common.get().get(k)
        if hit:
            return "common", hit
        return "", ()

    def name_keys(self) -> frozenset[str]:
        """Every key :meth:`find` can match.

        A query whose key and whose :func:`name_part`'s key are both outside this
        set names no taxon here. The keys of the three indexes, and the key of each
        accepted name as written (rank markers kept), which an exact query of that
        name has.
        """
        return frozenset(
            (
                *self._accepted.get(),
                *self._synonyms.get(),
                *self._common.get(),
                *(k for k in map(key, self._exact) if k),
            )
        )

    def _build_genera(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for t in self._taxa:
            out.setdefault(key(t.name.split(" ")[0])[:3], []).append(t.name)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Accepted names close to *query* (taxa whose name starts like it), best first."""
        text = name_part(query[:MAX_QUERY])
        k = key(text)
        if not k:
            return []
        pool: list[str] = list(self._genera.get().get(k[:3], ()))
        if len(pool) < 50:
            pool += [
                name
                for prefix, names in self._genera.get().items()
                if prefix[:2] == k[:2] and prefix != k[:3]
                for name in names
            ]
        by_key = {key(name): name for name in pool}
        close = difflib.get_close_matches(k, list(by_key), n=n, cutoff=0.75)
        if not close:
            common = [c for c in self._common.get() if c[:2] == k[:2]]
            hits = difflib.get_close_matches(k, common, n=n, cutoff=0.8)
            return [self._common.get().get(h)[0].name for h in hits][:n]
        return [by_key[c] for c in close]


# ---------------------------------------------------------------- a gate before the checklist


def key_hash(k: str) -> int:
    """A stable 32-bit hash of a name key (the first four bytes of its BLAKE2b digest).

    >>> key_hash("pythonregius") == key_hash("pythonregius") < 2**32
    True
    """
    return int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=4).digest(), "big")


class NameKeyHashes:
    """The hashes of the name keys of a checklist: whether a query *may* name one of its taxa.

    Built from the sorted hashes (:func:`key_hash`) of :meth:`TaxonNames.name_keys`, a few
    hundred kilobytes where the checklist takes a second to load. :meth:`may_name`
    is False only when :meth:`TaxonNames.find` certainly finds nothing: it computes
    the same two keys of the query; a True may be a collision of hashes (about one
    query in 50,000 for the bundled checklist), after which the checklist is asked.

    >>> names = NameKeyHashes([key_hash("pythonregius")])
    >>> names.may_name("Python regius (Shaw, 1802)"), names.may_name("HCFC-22")
    (True, False)
    """

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Iterable[int]) -> None:
        self._hashes = array("I", sorted(set(hashes)))

    @classmethod
    def from_hex(cls, text: str) -> NameKeyHashes:
        """From hashes written as 8 hexadecimal digits each, in increasing order."""
        packed = array("I")
        if packed.itemsize != 4:  # pragma: no cover - no mainstream platform
            return cls(int(h, 16) for h in text.split())
        packed.frombytes(bytes.fromhex(text))
        if sys.byteorder == "little":
            packed.byteswap()
        gate = cls(())
        gate._hashes = packed
        return gate

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[int]:
        return iter(self._hashes)

    def _holds(self, k: str) -> bool:
        h = key_hash(k)
        i = bisect.bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def may_name(self, query: str) -> bool:
        """False when no key :meth:`TaxonNames.find` would look up is among the hashes."""
        k = key(query)
        if k and self._holds(k):
            return True
        if len(query) > MAX_QUERY:  # only an exact name matches: its key was asked
            return False
        sci = key(name_part(query))
        return bool(sci) and sci != k and self._holds(sci)
