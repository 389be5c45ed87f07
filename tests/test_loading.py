"""Import cost, lazy loading and thread-safe first load."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_import_parses_no_data_and_does_not_import_pint() -> None:
    out = _run(
        """
        import sys
        import mea_trade
        heavy = ('pint', 'csv', 'difflib', 'mea_trade.catalog', 'pandas')
        heavy = [m for m in heavy if m in sys.modules]
        import mea_trade.catalog as cat
        print(heavy, cat._CATALOG.loaded)
        """
    )
    assert out == "[] False"


def test_first_load_is_thread_safe() -> None:
    out = _run(
        """
        import threading
        import mea_trade as mt
        from mea_trade import catalog
        calls = []
        original = catalog._load_catalog
        def counting():
            calls.append(1)
            return original()
        catalog._CATALOG._factory = counting
        results = []
        barrier = threading.Barrier(8)
        def work():
            barrier.wait()
            results.append(mt.substance("R-22"))
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(len(calls), len({id(r) for r in results}), len(results))
        """
    )
    assert out == "1 1 8"


def test_pint_is_loaded_on_first_quantity() -> None:
    out = _run(
        """
        import sys
        import mea_trade as mt
        mt.substance("R-22")
        before = 'pint' in sys.modules
        from mea_trade.units import ureg
        print(before, 'pint' in sys.modules)
        """
    )
    assert out == "False True"
