"""Regenerate the bundled CITES checklist (``src/mea_trade/data/cites/*.csv``).

Reads the Species+ "Index of CITES Species" export of 2017-04-21 from
``../shared/sources/cites-species-index/`` with the library's own reader
(:func:`mea_trade.cites.checklist.load_checklist`) and writes it in the library's
compact CSV layout. Run from the repository root::

    python research/cites/build_data.py && python -m mea_trade.manifest
"""

from __future__ import annotations

import pathlib
import sys

from mea_trade.cites.checklist import load_checklist, write_compact

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = (
    ROOT.parent
    / "shared"
    / "sources"
    / "cites-species-index"
    / "Index_of_CITES_Species_2017-04-21.csv.gz"
)
TARGET = ROOT / "src" / "mea_trade" / "data" / "cites"

HEADER = """GENERATED FILE - do not edit by hand: research/cites/build_data.py writes it.
Upstream: Species+ / CITES Checklist "Index of CITES Species" CSV export of 2017-04-21
(UNEP-WCMC and the CITES Secretariat; source id speciesplus-index), byte-identical copy in
naturalis/HTS-barcode-checker resources/Index_of_CITES_Species_2017-04-21 17-27.csv.gz."""


def main() -> int:
    """Read the export, write the compact files."""
    checklist = load_checklist(SOURCE)
    TARGET.mkdir(parents=True, exist_ok=True)
    write_compact(checklist, TARGET, HEADER)
    print(f"wrote {len(checklist)} taxa to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
