"""The Chemical Weapons Convention: Schedules 1 to 3 and the Verification Annex's transfer rules.

* :mod:`mea_trade.cwc.schedules`: the Schedules (items, named examples and
  members, exempted chemicals) and the transfer rules as rows;
* :mod:`mea_trade.cwc.listings`: the room's listings provider;
* :mod:`mea_trade.cwc.rules`: the room's rule module.

>>> import mea_trade as mt
>>> [(x.list, x.entry) for x in mt.listings("thiodiglycol")]
[('Schedule 2', 'Part B, item 13')]
"""

from __future__ import annotations

from mea_trade.cwc.schedules import ScheduleRow, TransferRule, rows_of, transfer_rules

__all__ = ["ScheduleRow", "TransferRule", "rows_of", "transfer_rules"]
