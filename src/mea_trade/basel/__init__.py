"""The Basel Convention room: waste lists on a date, and the rules for shipments of wastes.

* :mod:`~mea_trade.basel.lists`: every entry of Annexes I to IV, VIII and IX (and
  the OECD codes a national system uses), with the dates each took effect and
  ceased to, looked up by code or by words.
* :mod:`~mea_trade.basel.listings`: the room's listings provider (a waste given by
  its codes, words of an entry, or an HS code's screening flags).
* :mod:`~mea_trade.basel.rules`: the room's rule module: prior informed consent,
  trade with non-Parties and Article 11 agreements, the Ban Amendment, import
  prohibitions.

>>> import mea_trade as mt
>>> mt.basel.entry("Y49").list
'Annex II'
"""

from __future__ import annotations

from mea_trade.basel.lists import (
    KINDS,
    Entry,
    UnknownWasteCodeError,
    entries,
    entry,
    history,
    search,
)

__all__ = [
    "KINDS",
    "Entry",
    "UnknownWasteCodeError",
    "entries",
    "entry",
    "history",
    "search",
]
