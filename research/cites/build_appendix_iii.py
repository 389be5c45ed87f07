"""Extract the Parties that listed each Appendix III taxon from the Appendices of 5 February 2015.

Reads the CITES Appendices I, II and III "valid from 5 February 2015" as printed in
the Netherlands Treaty Database copy of the Convention
(``../shared/sources/treaty-texts-nl/cites.md``). Interpretation paragraph 6 of the
Appendices: "The names of the countries in parentheses placed against the names of
species in Appendix III are those of the Parties submitting these species for
inclusion in this Appendix." Each Appendix III entry is matched to the bundled
checklist (by accepted name or synonym) and written, with the Parties' ISO codes, to
``src/mea_trade/data/cites/appendix_iii_parties.csv``; the rows from the 2023 Species+
Reptilia export (``Party`` column) are added for reptiles the 2015 text lacks.
Run ``python research/cites/build_appendix_iii.py && python -m mea_trade.manifest``.
"""

from __future__ import annotations

import csv
import pathlib
import re
import sys

import mea_trade as mt
from mea_trade.cites.checklist import bundled
from mea_trade.cites.names import name_part

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "sources"
TEXT = SOURCES / "treaty-texts-nl" / "cites.md"
REPTILES = SOURCES / "cites-listings-2019-2026" / "speciesplus_cites_listings_reptilia_2023-07.csv"
TARGET = ROOT / "src" / "mea_trade" / "data" / "cites" / "appendix_iii_parties.csv"

HEADER = """GENERATED FILE - do not edit by hand: research/cites/build_appendix_iii.py writes it.
The Parties that listed each Appendix III taxon. source cites-appendices-2015: the Appendices
valid from 5 February 2015 (Interpretation para. 6: the countries in parentheses against an
Appendix III species are the Parties that submitted it); source speciesplus-reptilia-2023: the
Party column of the Species+ Reptilia export of about July 2023 (for reptiles the 2015 text does
not list). entry: the name as the source prints it; taxon: the id in taxa.csv; parties: ISO codes.
as_of: the date the source shows the listing in force."""


#: Names the 2015 Appendices print that the country table spells otherwise.
_NAMES = {
    "Plurinational State of Bolivia": "BO",
    "Bolivarian Republic of Venezuela": "VE",
    "Swaziland": "SZ",
}


#: Misprints of the 2015 text (the checklist spelling).
_TYPOS = {"Cervus elaphus barbarous": "Cervus elaphus barbarus"}


def _country(name: str) -> str:
    name = name.strip().strip(".").strip()
    name = re.sub(r"^the ", "", name)
    if name in _NAMES:
        return _NAMES[name]
    return mt.countries.get(name).alpha2


def _entries() -> list[tuple[str, list[str], str]]:
    text = TEXT.read_text(encoding="utf-8")
    start = text.index("valid from 5 February 2015")
    end = text.index("###Appendix IV")
    out = []
    for line in text[start:end].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[2] in ("", "---"):
            continue
        cell = cells[2]
        m = re.match(r"^\*?(.*?)\((.*?)\)", cell.replace("*", ""))
        if not m:
            print("no parties:", cell, file=sys.stderr)
            continue
        name = re.sub(r"<sup>.*?</sup>", "", m.group(1)).strip()
        name = " ".join(name.split())
        raw = m.group(2)
        if raw.lower().startswith(("except", "only", "includes", "excludes", "specimens")):
            # an annotation first: the parties are in the last parentheses
            groups = re.findall(r"\(([^()]*)\)", cell.replace("*", ""))
            raw = groups[-1] if groups else ""
        raw = raw.replace("In addition, Guatemala has listed its national population", "Guatemala")
        raw = raw.replace(
            "In addition, the following countries have listed their national populations:", ","
        )
        parties = []
        for piece in re.split(r",|\band\b|\.\s", raw):
            if piece.strip():
                parties.append(_country(piece))
        out.append((name, parties, cell))
    return out


def main() -> int:
    """Match the entries, write the file."""
    checklist = bundled()
    rows = []
    seen: set[int] = set()
    for name, parties, _cell in _entries():
        name = _TYPOS.get(name, name)
        how, hits = checklist.names.find(name_part(name))
        if len(hits) != 1:
            print(f"unmatched 2015 entry {name!r}: {how} {hits}", file=sys.stderr)
            continue
        taxon = hits[0]
        seen.add(taxon.id)
        rows.append(
            [
                name,
                str(taxon.id),
                taxon.name,
                " ".join(parties),
                "2015-02-05",
                "cites-appendices-2015",
            ]
        )
    with REPTILES.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            if rec["Listing"] != "III" or not rec["Party"]:
                continue
            under = rec["Listed under"].removesuffix(" spp.")
            _, hits = checklist.names.find(under)
            if len(hits) == 1 and hits[0].id not in seen and "III" in checklist.summary(hits[0]):
                rows.append(
                    [
                        rec["Listed under"],
                        str(hits[0].id),
                        hits[0].name,
                        rec["Party"],
                        "2023-07-01",
                        "speciesplus-reptilia-2023",
                    ]
                )
                seen.add(hits[0].id)
            _, hits = checklist.names.find(rec["Scientific Name"])
            if len(hits) != 1 or hits[0].id in seen:
                continue
            if "III" not in checklist.summary(hits[0]):
                continue  # listed after 2017: a change, not a 2017 party
            rows.append(
                [
                    rec["Scientific Name"],
                    str(hits[0].id),
                    hits[0].name,
                    rec["Party"],
                    "2023-07-01",
                    "speciesplus-reptilia-2023",
                ]
            )
            seen.add(hits[0].id)
    rows.sort(key=lambda r: r[2])
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        for line in HEADER.splitlines():
            handle.write(f"# {line}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["entry", "taxon", "name", "parties", "as_of", "source"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
