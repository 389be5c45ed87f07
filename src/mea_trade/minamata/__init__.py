"""The Minamata Convention on Mercury: mercury trade, mercury-added products, processes.

* :mod:`mea_trade.minamata.annexes`: Annex A with phase-out dates and the product
  types each entry covers, its exclusions, Annex B and the mercury of Article 3;
* :mod:`mea_trade.minamata.register`: the register of exemptions, as the user
  supplies it;
* :mod:`mea_trade.minamata.listings`: the room's listings provider;
* :mod:`mea_trade.minamata.rules`: the room's rule module.

>>> import mea_trade as mt
>>> [x.list for x in mt.listings("compact fluorescent lamp")]
['Annex A, Part I', 'Annex A, Part I', 'Annex A, Part I']
"""

from __future__ import annotations

from mea_trade.minamata.annexes import AnnexAEntry, entries_for
from mea_trade.minamata.register import Exemption, ExemptionRegister

__all__ = ["AnnexAEntry", "Exemption", "ExemptionRegister", "entries_for"]
