"""Deprecated: the rule modules moved into their treaty rooms (kept for one release).

``mea_trade.rules.montreal`` is :mod:`mea_trade.montreal.rules` and
``mea_trade.rules.hs_flags`` is :mod:`mea_trade.hs_flags`; importing either old
path gives the new module itself, with a :class:`DeprecationWarning`.
"""
