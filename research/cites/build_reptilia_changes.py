"""Listings of reptiles in the Species+ export of July 2023 that the bundled data does not yet give.

Compares, for every taxon of ``speciesplus_cites_listings_reptilia_2023-07.csv`` (the
Species+ "CITES listings" download for class Reptilia, after CoP19), the library's answer
on 2023-07-01 with the export's ``Listing``, ``Party`` and ``Listed under``, and writes a
change for each difference to ``src/mea_trade/data/cites/changes_reptilia_2023.csv``.
The export gives no dates: an Appendix III listing is dated from the earliest possible
day (2017-04-22, intersessional), an Appendix I or II change from the earliest CoP that
could have made it (CoP18, 2019-11-26); every row is ``verified=0``.
Run after build_added_taxa.py, then ``python -m mea_trade.manifest``.
"""

from __future__ import annotations

import csv
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = (
    ROOT.parent
    / "shared"
    / "sources"
    / "cites-listings-2019-2026"
    / "speciesplus_cites_listings_reptilia_2023-07.csv"
)
TARGET = ROOT / "src" / "mea_trade" / "data" / "cites" / "changes_reptilia_2023.csv"
COLUMNS = [
    "cop",
    "effective",
    "taxon",
    "appendix",
    "annotation",
    "listed_under",
    "parties",
    "source",
    "confidence",
    "verified",
    "note",
]


def _sections(listing: str, note: str) -> list[tuple[str, str]]:
    parts = re.split(r"\*\*(I{1,3})\*\* ", note)
    if len(parts) > 1:
        return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]
    return [(a, note.strip()) for a in listing.split("/") if a in ("I", "II", "III")]


def main() -> int:
    """Compare and write the file."""
    TARGET.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")  # empty while comparing
    import mea_trade as mt
    from mea_trade.cites.appendices import listing

    rows: list[list[str]] = []
    done: set[str] = set()
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))

    def state(name: str) -> tuple[str, tuple[str, ...]]:
        x = listing(mt.cites.taxon(name), on="2023-07-01")
        apps = "/".join(sorted({s.appendix for s in x.sections}, key=["I", "II", "III"].index))
        return (apps if x.appendix else "", x.listing_countries)

    def emit(name: str, rec: dict[str, str], inherit: str = "") -> None:
        if name in done:
            return
        done.add(name)
        listing_ = rec["Listing"]
        day, cop = (
            ("2017-04-22", "App. III") if listing_ == "III" else ("2019-11-26", "CoP18 or CoP19")
        )
        common = ["speciesplus-reptilia-2023", "official (listing); date inferred", "0"]
        if inherit:
            rows.append(
                [
                    cop,
                    day,
                    name,
                    "",
                    "",
                    inherit,
                    "",
                    *common,
                    f"listed under {inherit} spp. in the Species+ export of July 2023; "
                    "the date is not in the bundled sources (earliest possible day used)",
                ]
            )
            return
        for app, text in _sections(listing_, rec["Full note"]):
            rows.append(
                [
                    cop,
                    day,
                    name,
                    app,
                    text,
                    "",
                    rec["Party"] if app == "III" else "",
                    *common,
                    f"Appendix {listing_} in the Species+ export of July 2023"
                    + (f", listed by {rec['Party']}" if rec["Party"] else "")
                    + "; the date is not in the bundled sources (earliest possible day used)",
                ]
            )

    for rec in records:
        name = rec["Scientific Name"].strip()
        under = rec["Listed under"].removesuffix(" spp.").strip()
        want = (rec["Listing"], (rec["Party"],) if rec["Party"] else ())
        try:
            got = state(name)
        except mt.MeaTradeError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        if (got[0], got[1] if rec["Listing"] == "III" else ()) == (
            want[0],
            want[1] if rec["Listing"] == "III" else (),
        ):
            continue
        if under != name:
            try:
                above = state(under)
            except mt.MeaTradeError as exc:
                print(f"skipped {under}: {exc}", file=sys.stderr)
                continue
            if (above[0], above[1] if rec["Listing"] == "III" else ()) != (
                want[0],
                want[1] if rec["Listing"] == "III" else (),
            ):
                emit(under, rec)
            x = listing(mt.cites.taxon(name), on="2023-07-01")
            if x.listed_under != under:
                emit(name, rec, inherit=under)
        else:
            emit(name, rec)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# GENERATED FILE - do not edit by hand: research/cites/build_reptilia_changes.py "
            "writes it.\n# Reptile listings of the Species+ export of July 2023 (after CoP19) that "
            "changes.csv does not give;\n# same columns as changes.csv. The export has no dates: "
            "Appendix III from 2017-04-22, Appendices\n# I and II from 2019-11-26 (the earliest "
            "possible days); every row is unverified.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
