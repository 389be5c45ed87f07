"""The Cartagena Protocol room: living modified organisms in shipments.

* :mod:`~mea_trade.cartagena.rules`: the room's rule module: advance informed
  agreement (Arts. 7-10), LMOs for food, feed or processing (Art. 11),
  documentation (Art. 18(2)), exemptions (Arts. 5 and 6) and non-Parties (Art. 24).
* :mod:`~mea_trade.cartagena.listings`: the room's listings provider (the
  Protocol lists no organisms: an organism's listing says which articles would
  apply to living modified ones).

A shipment states living modified organisms with ``lmo=`` (``"release"``,
``"food_feed_processing"`` or ``"contained_use"``) and names the organism as its
commodity (:mod:`mea_trade.organisms`).
"""

from __future__ import annotations

__all__: list[str] = []
