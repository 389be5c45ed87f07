"""Deprecated alias of :mod:`mea_trade.montreal.quota` (kept for one release).

``import mea_trade.quota`` and ``mt.quota`` give the module
:mod:`mea_trade.montreal.quota` itself, with a :class:`DeprecationWarning` for the
import path.
"""

from __future__ import annotations

import sys
import warnings

from mea_trade.montreal import quota as _quota

warnings.warn(
    "mea_trade.quota moved to mea_trade.montreal.quota; the old path will be removed "
    "in the next release",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _quota
