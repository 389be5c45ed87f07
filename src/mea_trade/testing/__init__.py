"""Helpers for users' own test suites.

This package imports without Hypothesis; only :mod:`mea_trade.testing.strategies`
needs it (install the ``test`` extra). Hypothesis finds
:func:`_hypothesis_setup_hook` through the package's ``hypothesis`` entry point and
calls it when it is imported, so that ``st.from_type`` knows the public record types.

:func:`write_synthetic_declarations` writes a large, well-formed declaration file
for testing a pipeline at scale (a Dask or Spark job, :mod:`mea_trade.scale`).
"""

from __future__ import annotations

import csv
import os
import random
from typing import Any

__all__: list[str] = ["write_synthetic_declarations"]

#: The countries :func:`write_synthetic_declarations` draws from (Namibia, "NA", among them).
_SYNTHETIC_COUNTRIES = ("CN", "GH", "DE", "TR", "US", "IN", "BR", "KE", "ZA", "FR", "JP", "NG")


def write_synthetic_declarations(
    path: str | os.PathLike[str], lines: int, *, seed: int = 19
) -> None:
    """Write a CSV file of *lines* declaration lines drawn from the bundled sample.

    Each line is a line of ``mea-trade screen --sample`` (every convention, and
    lines that cannot be read: an unknown commodity, an impossible date, an unknown
    country) with a reference of its own (``L0000000``, ...), and with a chance of
    another exporter, importer and date (2015 to 2030). About one line in a
    hundred has Namibia (``"NA"``) as exporter or importer. The file is well formed
    (quoted where a cell needs it, one line per record), so any CSV reader splits
    it; the same *seed* writes the same file.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "lines.csv"
    ...     write_synthetic_declarations(path, 3)
    ...     print(path.read_text().splitlines()[0][:42])
    reference,commodity,exporter,importer,date
    """
    from mea_trade._data import read_csv

    sample = read_csv("samples/declarations.csv")
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sample[0]), lineterminator="\n")
        writer.writeheader()
        for number in range(lines):
            row = dict(rng.choice(sample))
            row["reference"] = f"L{number:07d}"
            draw = rng.random()
            if draw < 0.005:
                row["exporter"] = "NA"
            elif draw < 0.01:
                row["importer"] = "NA"
            elif draw < 0.3:
                row["exporter"], row["importer"] = rng.sample(_SYNTHETIC_COUNTRIES, 2)
            if rng.random() < 0.3:
                row["date"] = (
                    f"{rng.randrange(2015, 2031)}-{rng.randrange(1, 13):02d}-"
                    f"{rng.randrange(1, 29):02d}"
                )
            writer.writerow(row)


#: Public record types (module, class) -> the strategy of :mod:`mea_trade.testing.strategies`.
_TYPE_STRATEGIES: tuple[tuple[str, str, str], ...] = (
    ("mea_trade.catalog", "Substance", "substances"),
    ("mea_trade.catalog", "Mixture", "_any_mixtures"),
    ("mea_trade.countries", "Country", "countries"),
    ("mea_trade.instruments", "Instrument", "instruments"),
    ("mea_trade.hs", "HSCode", "hs_codes"),
    ("mea_trade.chemicals", "Chemical", "chemicals"),
    ("mea_trade.records", "Shipment", "shipments"),
    ("mea_trade.assessment", "Assessment", "_assessments"),
    ("mea_trade.montreal.levels", "ReportLine", "report_lines"),
    ("mea_trade.montreal.levels", "Report", "reports"),
)


def _hypothesis_setup_hook() -> None:
    """Register the strategies of the public record types (``hypothesis`` entry point).

    Cheap: it imports the record classes (no data is read) and registers functions
    that import :mod:`mea_trade.testing.strategies` only when a type is first resolved.
    """
    import importlib

    from hypothesis import strategies as st

    def resolver(name: str) -> Any:
        def resolve(_kind: type) -> Any:
            from mea_trade.testing import strategies

            return getattr(strategies, name)()

        return resolve

    for module, cls, name in _TYPE_STRATEGIES:
        kind = getattr(importlib.import_module(module), cls)
        st.register_type_strategy(kind, resolver(name))
