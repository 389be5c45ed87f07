"""Finding a CITES taxon by the names people type.

:func:`taxon` takes an accepted scientific name, a synonym, or an English,
Spanish or French common name; case, accents and punctuation do not matter,
and ``"spp."``, authors and rank markers (``"var."``) are ignored. A name that
belongs to several taxa (a common name such as "Mahogany") raises
:class:`~mea_trade.errors.AmbiguousNameError` listing the candidates; an unknown
name raises :class:`~mea_trade.errors.UnknownTaxonError` with close matches.

>>> taxon("Ball Python").name
'Python regius'
>>> taxon("Pitón real").name, taxon("python royal").name, taxon("Boa regia").name
('Python regius', 'Python regius', 'Python regius')
>>> taxon("Pythonidae spp.").rank
'family'
>>> taxon("mahogany")
Traceback (most recent call last):
...
mea_trade.errors.AmbiguousNameError: ambiguous common name 'mahogany': it names 3 taxa (...
>>> taxon("Pyton regius")
Traceback (most recent call last):
...
mea_trade.errors.UnknownTaxonError: unknown taxon 'Pyton regius'; did you mean 'Python regius'?
"""

from __future__ import annotations

import functools
import re

from mea_trade._data import Lazy
from mea_trade.cites.checklist import Checklist, Taxon, find_bundled, resolve
from mea_trade.cites.names import TaxonNames
from mea_trade.errors import AmbiguousNameError, InvalidArgumentError, UnknownTaxonError, _shorten

__all__ = ["find_taxon", "taxon"]

_KIND = {"name": "scientific name", "synonym": "synonym", "common": "common name"}


def taxon(name: str | Taxon, *, checklist: Checklist | None = None) -> Taxon:
    """The taxon of the CITES checklist that *name* names.

    *name* is an accepted scientific name, a synonym, or a common name (English,
    Spanish or French); a :class:`~mea_trade.cites.checklist.Taxon` is returned as
    it is (or, for another checklist, looked up there by its name). *checklist*
    defaults to the bundled one (:func:`mea_trade.cites.load_checklist` reads a
    newer export).

    Raises:
        UnknownTaxonError: no taxon has this name (close matches are suggested).
        AmbiguousNameError: several taxa have it (the candidates are listed).
        InvalidArgumentError: *name* is not a string or a taxon.
    """
    book = resolve(checklist)
    if isinstance(name, Taxon):
        if name.checklist == book.label:
            return name
        name = name.name
    if not isinstance(name, str):
        raise InvalidArgumentError(
            f"expected a taxon name (str), not {type(name).__name__}: {_shorten(name)}"
        )
    if book.bundled:
        return _bundled_taxon(name)
    return _find(name, book)


@functools.lru_cache(maxsize=8192)
def _bundled_taxon(name: str) -> Taxon:
    from mea_trade.cites.checklist import bundled

    return _find(name, bundled())


def _added() -> TaxonNames:
    return _ADDED.get()


def _load_added() -> TaxonNames:
    from mea_trade.cites.appendices import added_taxa

    return TaxonNames(added_taxa())


_ADDED: Lazy[TaxonNames] = Lazy(_load_added)


def _find(name: str, book: Checklist) -> Taxon:
    how, hits = book.names.find(name)
    if not hits:
        how, hits = _added().find(name)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise AmbiguousNameError(
            name, sorted(f"{t.name} ({t.rank})" for t in hits), kind=_KIND[how]
        )
    raise UnknownTaxonError(name, book.names.suggest(name))


def find_taxon(name: str, *, checklist: Checklist | None = None) -> Taxon | None:
    """The taxon *name* names, or None when it names none or several.

    No suggestions are computed: cheap enough for screening unknown texts.
    """
    _, hits = find_bundled(name) if checklist is None else resolve(checklist).names.find(name)
    if not hits:
        _, hits = _added().find(name)
    return hits[0] if len(hits) == 1 else None


def read_commodity(text: str) -> Taxon | None:
    """The taxon a commodity text names (the reader registered for Shipment texts).

    Returns None when the text names no taxon; raises
    :class:`~mea_trade.errors.AmbiguousNameError` when it names several, and
    :class:`~mea_trade.errors.UnknownTaxonError` (with close matches) when it looks
    like a binomial the checklist does not know.
    """
    hit = find_taxon(text)
    if hit is not None:
        return hit
    _, hits = find_bundled(text)
    if len(hits) > 1:
        return taxon(text)  # raises the ambiguity error
    if re.fullmatch(r"[A-Z][a-z]+ [a-z][a-z-]+(?: [a-z][a-z-]+)?", text.strip()):
        raise UnknownTaxonError(text, resolve(None).names.suggest(text))
    return None
