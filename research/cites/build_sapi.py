"""Convert the UNEP-WCMC SAPI helper files (reservations, quotas, suspensions) to CSVs.

Reads ``../shared/sources/cites-sapi-data/{reservations,quotas,exemptions}.csv`` and writes
``src/mea_trade/data/cites/{reservations,quotas,suspensions}.csv`` with ISO dates. The
suspension file of the source has unquoted lists ("Z, G, Q, S") that spill into later
columns; the codes are gathered back and the first long text is taken as its note.
Run ``python research/cites/build_sapi.py && python -m mea_trade.manifest``.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "sources" / "cites-sapi-data"
TARGET = ROOT / "src" / "mea_trade" / "data" / "cites"
HEAD = "# GENERATED FILE - do not edit by hand: research/cites/build_sapi.py writes it.\n"


def _day(cell: str) -> str:
    cell = cell.strip()
    if not cell or cell.lower() == "present":
        return ""
    return dt.datetime.strptime(cell.split()[0], "%d/%m/%Y").date().isoformat()


def _write(name: str, comment: str, header: list[str], rows: list[list[str]]) -> None:
    with (TARGET / name).open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEAD)
        for line in comment.strip().splitlines():
            handle.write(f"# {line}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> int:
    """Convert the three files."""
    with (SOURCE / "reservations.csv").open(encoding="utf-8-sig") as handle:
        res = [
            [
                _day(r["start_date"]),
                _day(r["end_date"]),
                r["taxon_name"].strip(),
                r["taxon_concept_id"].strip(),
                r["rank"].strip().lower(),
                r["iso_code2"].strip(),
                " ".join(r["notes"].split()),
                "sapi-data",
            ]
            for r in csv.DictReader(handle)
        ]
    _write(
        "reservations.csv",
        "Reservations entered by Parties on listed taxa (Arts. XV(3), XVI(2), XXIII): until\n"
        "withdrawn (end), the Party is treated as a State not a Party for trade in the taxon.\n"
        "From UNEP-WCMC SAPI lib/data/reservations.csv (last changed 2023-07-07).\n"
        "taxon_id: Species+ taxon concept id.",
        ["start", "end", "taxon", "taxon_id", "rank", "party", "note", "source"],
        res,
    )
    with (SOURCE / "quotas.csv").open(encoding="utf-8-sig") as handle:
        quo = [
            [
                _day(r["start_date"]),
                _day(r["end_date"]),
                r["taxon_name"].strip(),
                r["taxon_concept_id"].strip(),
                r["iso_code2"].strip(),
                r["quota"].strip(),
                r["unit"].strip(),
                r["term"].strip(),
                r["source"].strip(),
                r["purpose"].strip(),
                r["quota_type"].strip(),
                " ".join(r["notes"].split()),
                "sapi-data",
            ]
            for r in csv.DictReader(handle)
        ]
    _write(
        "quotas.csv",
        "Export quotas (CoP-approved and set by listing annotations) from UNEP-WCMC SAPI\n"
        "lib/data/quotas.csv (last changed 2023-07-07). party: the exporting country.",
        [
            "start",
            "end",
            "taxon",
            "taxon_id",
            "party",
            "quota",
            "unit",
            "term",
            "sources",
            "purposes",
            "kind",
            "note",
            "source",
        ],
        quo,
    )
    sus = []
    with (SOURCE / "exemptions.csv").open(encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        for cells in reader:
            if not cells or not cells[0].strip():
                continue
            rest = [c.strip() for c in cells[6:] if c.strip()]
            codes = [c for c in rest if re.fullmatch(r"[A-Z]{1,3}|ALL", c)]
            texts = [c for c in rest if c not in codes and len(c) > 3]
            sus.append(
                [
                    _day(cells[0]),
                    _day(cells[1]),
                    cells[2].strip(),
                    cells[3].strip(),
                    cells[5].strip(),
                    " ".join(codes),
                    " ".join(texts[0].split()) if texts else "",
                    "sapi-data",
                ]
            )
    _write(
        "suspensions.csv",
        "Trade suspensions and restrictions used by the Species+ compliance tool, from\n"
        "UNEP-WCMC SAPI lib/data/exemptions.csv (last changed 2023-07-07). party: the country\n"
        "concerned (ALL: every country); codes: unit, term, source and purpose codes as the\n"
        "source gives them (its lists are unquoted and were gathered back); note: the\n"
        "restriction in the source's words.",
        ["start", "end", "taxon", "taxon_id", "party", "codes", "note", "source"],
        sus,
    )
    print(len(res), len(quo), len(sus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
