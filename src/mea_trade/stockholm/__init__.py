"""The Stockholm Convention on Persistent Organic Pollutants: Annexes A, B, C and Article 3(2).

* :mod:`mea_trade.stockholm.annexes`: every listing with its dates, specific
  exemptions and acceptable purposes;
* :mod:`mea_trade.stockholm.register`: the registers of exemptions and purposes,
  as the user supplies them;
* :mod:`mea_trade.stockholm.listings`: the room's listings provider;
* :mod:`mea_trade.stockholm.rules`: the room's rule module.

>>> import mea_trade as mt
>>> [(x.instrument, x.list) for x in mt.listings("lindane") if x.instrument == "stockholm"]
[('stockholm', 'Annex A')]
"""

from __future__ import annotations

from mea_trade.stockholm.annexes import StockholmListing, listings_of
from mea_trade.stockholm.register import ExemptionRegister, Registration

__all__ = ["ExemptionRegister", "Registration", "StockholmListing", "listings_of"]
