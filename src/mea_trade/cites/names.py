"""Name indexes of a checklist: accepted names, synonyms and common names.

Keys are those of :func:`mea_trade._names.key` (accents and case folded,
punctuation dropped), so ``"python regius"``, ``"PYTHON REGIUS"`` and
``"Pitón real"``/``"piton real"`` find their taxon. A name can belong to several
taxa (a common name such as "Mahogany", a synonym shared by two species, a genus
name used in two kingdoms): :meth:`TaxonNames.find` returns every candidate and
the caller decides.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from mea_trade._data import Lazy
from mea_trade._names import MAX_QUERY, key

if TYPE_CHECKING:
    from mea_trade.cites.checklist import Taxon

__all__ = ["TaxonNames", "name_part"]

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
