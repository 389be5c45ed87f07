"""Run the ``mea-trade`` command: ``python -m mea_trade``."""

import sys

from mea_trade.cli import main

sys.exit(main())
