"""CITES: every listed taxon on any date, and the permits and certificates a specimen needs.

One room of the library: everything particular to the Convention on International
Trade in Endangered Species of Wild Fauna and Flora lives here, over the shared
foundation (countries, parties, records, citations).

* :mod:`~mea_trade.cites.checklist`: the checklist of taxa (the bundled Species+
  export of 2017-04-21, or a newer export read by :func:`load_checklist`);
* :mod:`~mea_trade.cites.names`: the name indexes (scientific names, synonyms,
  common names);
* :mod:`~mea_trade.cites.taxa`: :func:`taxon`, a taxon by any of its names;
* :mod:`~mea_trade.cites.appendices`: :func:`listing`, the appendix of a taxon
  (population) on a date, and :func:`history`.

>>> import mea_trade as mt
>>> mt.cites.taxon("Ball python").name
'Python regius'
"""

from __future__ import annotations

from mea_trade.cites.appendices import Annotation, AppendixListing, Section, history, listing
from mea_trade.cites.checklist import Checklist, ChecklistDiff, Taxon, compare, load_checklist
from mea_trade.cites.taxa import taxon
from mea_trade.records import register_commodity_reader as _register_commodity_reader

# The room's reader of commodity texts (also installed by mea_trade.registry): a
# Shipment or ListingQuery built after the room is imported reads taxon names.
_register_commodity_reader("mea_trade.cites.taxa:read_commodity")

__all__ = [
    "Annotation",
    "AppendixListing",
    "Checklist",
    "ChecklistDiff",
    "Section",
    "Taxon",
    "compare",
    "history",
    "listing",
    "load_checklist",
    "taxon",
]
