"""The Rotterdam Convention (prior informed consent procedure): Annex III and Articles 10 to 13.

* :mod:`mea_trade.rotterdam.annex_iii`: every Annex III entry with its category,
  listing decision, date of entry into force and deletion;
* :mod:`mea_trade.rotterdam.import_responses`: the importing Parties' responses, as
  the user supplies them;
* :mod:`mea_trade.rotterdam.listings`: the room's listings provider;
* :mod:`mea_trade.rotterdam.rules`: the room's rule module.

>>> import mea_trade as mt
>>> [(x.list, x.detail.split(";")[0]) for x in mt.listings("lindane")
...  if x.instrument == "rotterdam"]
[('Annex III', 'category: pesticide')]
"""

from __future__ import annotations

from mea_trade.rotterdam.annex_iii import AnnexIIIEntry, entries_of
from mea_trade.rotterdam.import_responses import ImportResponse, ImportResponses

__all__ = ["AnnexIIIEntry", "ImportResponse", "ImportResponses", "entries_of"]
