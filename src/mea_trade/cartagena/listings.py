"""Where the Cartagena Protocol concerns a commodity: provider of :func:`mea_trade.listings`.

The Protocol lists no organisms: it applies to the transboundary movement of all
living modified organisms (Art. 4). For an organism a declaration may name
(:mod:`mea_trade.organisms`), the listing says so, with the date the Protocol
entered into force; conventional (not living modified) goods are not concerned.

>>> from mea_trade.records import ListingQuery
>>> [(x.list, x.entry) for x in listings(ListingQuery.of("maize"))]
[('Article 4 (scope)', 'living modified organisms')]
"""

from __future__ import annotations

import attrs

from mea_trade.citations import citation
from mea_trade.records import Listing, ListingQuery

__all__ = ["listings"]


def listings(query: ListingQuery) -> tuple[Listing, ...]:
    """The Cartagena Protocol's concern with the organism in *query* (none for others)."""
    from mea_trade.instruments import get
    from mea_trade.organisms import Organism

    item = query.commodity
    if not isinstance(item, Organism):
        return ()
    return (
        Listing(
            instrument="cartagena",
            list="Article 4 (scope)",
            entry="living modified organisms",
            subject=f"living modified {item.name}",
            effective=get("cartagena").entry_into_force,
            detail=(
                "only living modified organisms (Art. 3(g)); for intentional introduction into "
                "the environment: advance informed agreement (Arts. 7-10); for food, feed or "
                "processing: Art. 11; documentation: Art. 18(2)"
            ),
            match=query.match,
            citation=attrs.evolve(citation("cp-text"), provision="Articles 3(g) and 4"),
        ),
    )
