"""Taxa that later listings name and the 2017 checklist lacks (``data/cites/added_taxa.csv``).

Sources, in order: the Species+ Reptilia export of about July 2023 (Species+ ids and
higher taxa); Peru's official CITES fauna list of 2023 (MINAM; species of the families
CoP19 listed, and others the change table names); the change table itself
(``../shared/sources/cites-listings-2019-2026/listing_changes_cop18_cop20_partial.csv``),
for taxa no other source describes (then only the genus is known). Taxa without a
Species+ id in these sources get a negative id. Run
``python research/cites/build_added_taxa.py && python -m mea_trade.manifest``.
"""

from __future__ import annotations

import csv
import pathlib
import sys

from mea_trade.cites.checklist import bundled

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDER = ROOT.parent / "shared" / "sources" / "cites-listings-2019-2026"
TARGET = ROOT / "src" / "mea_trade" / "data" / "cites" / "added_taxa.csv"

#: Families listed at CoP19 whose members Peru's list names (official-national).
LISTED_FAMILIES = {"Carcharhinidae", "Sphyrnidae", "Rhinobatidae", "Centrolenidae", "Kinosternidae"}
#: Taxa the change table names (beyond those found in the exports), as
#: (name, rank, kingdom, phylum, class, order, family, genus) from the table's own words.
FROM_TABLE = [
    ("Achillides chikae hermeli", "subspecies", "Animalia", "", "", "", "", "Achillides"),
    ("Parides burchellanus", "species", "Animalia", "", "", "", "", "Parides"),
    ("Rhinobatidae", "family", "Animalia", "Chordata", "Elasmobranchii", "", "Rhinobatidae", ""),
    ("Sphyrnidae", "family", "Animalia", "Chordata", "Elasmobranchii", "", "Sphyrnidae", ""),
    (
        "Carcharhinidae",
        "family",
        "Animalia",
        "Chordata",
        "Elasmobranchii",
        "Carcharhiniformes",
        "Carcharhinidae",
        "",
    ),
    ("Centrolenidae", "family", "Animalia", "Chordata", "Amphibia", "", "Centrolenidae", ""),
    (
        "Kinosternon",
        "genus",
        "Animalia",
        "Chordata",
        "Reptilia",
        "Testudines",
        "Kinosternidae",
        "Kinosternon",
    ),
    (
        "Sternotherus",
        "genus",
        "Animalia",
        "Chordata",
        "Reptilia",
        "Testudines",
        "Kinosternidae",
        "Sternotherus",
    ),
    ("Centrophorus", "genus", "Animalia", "Chordata", "Elasmobranchii", "", "", "Centrophorus"),
    ("Mustelus", "genus", "Animalia", "Chordata", "Elasmobranchii", "", "", "Mustelus"),
    (
        "Galeorhinus galeus",
        "species",
        "Animalia",
        "Chordata",
        "Elasmobranchii",
        "",
        "",
        "Galeorhinus",
    ),
    ("Okapia johnstoni", "species", "Animalia", "Chordata", "Mammalia", "", "", "Okapia"),
    (
        "Choloepus didactylus",
        "species",
        "Animalia",
        "Chordata",
        "Mammalia",
        "Pilosa",
        "Megalonychidae",
        "Choloepus",
    ),
    ("Sporophila maximiliani", "species", "Animalia", "Chordata", "Aves", "", "", "Sporophila"),
]


def main() -> int:
    """Collect the taxa, write the file."""
    checklist = bundled()
    known = {t.name for t in checklist}
    rows: dict[str, list[str]] = {}
    wanted = set()
    with (FOLDER / "listing_changes_cop18_cop20_partial.csv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            wanted.add(rec["taxon"].split(" (")[0].removesuffix(" spp."))
    changes = TARGET.with_name("changes.csv")
    lines = [x for x in changes.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    wanted |= {rec["taxon"] for rec in csv.DictReader(lines)}
    api = FOLDER / "speciesplus_api_taxon_concepts_2022-11_listings.csv"
    with api.open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            name = rec["full_name"]
            if name in wanted and name not in known and name not in rows:
                rows[name] = [
                    rec["taxon_concept_id"],
                    name,
                    rec["rank"].lower(),
                    rec["author_year"],
                    rec["kingdom"],
                    rec["phylum"],
                    rec["class"],
                    rec["order"],
                    rec["family"],
                    name.split()[0] if rec["rank"] in ("SPECIES", "SUBSPECIES") else "",
                    "speciesplus-api-2022",
                ]
    with (FOLDER / "speciesplus_cites_listings_reptilia_2023-07.csv").open(encoding="utf-8") as h:
        for rec in csv.DictReader(h):
            name = rec["Scientific Name"].strip()
            if name in known or name in rows:
                continue
            # every reptile the 2023 export lists and the 2017 checklist lacks
            if True:
                rows[name] = [
                    rec["Id"],
                    name,
                    rec["Rank"].lower(),
                    rec["Author"],
                    rec["Kingdom"],
                    rec["Phylum"],
                    rec["Class"],
                    rec["Order"],
                    rec["Family"],
                    rec["Genus"],
                    "speciesplus-reptilia-2023",
                ]
    # the higher taxa reptiles are listed under, where the 2017 checklist lacks them
    with (FOLDER / "speciesplus_cites_listings_reptilia_2023-07.csv").open(encoding="utf-8") as h:
        for rec in csv.DictReader(h):
            under = rec["Listed under"].removesuffix(" spp.")
            if under in known or under in rows or under == rec["Scientific Name"]:
                continue
            rank = "genus" if under == rec["Genus"] else "family" if under == rec["Family"] else ""
            if not rank:
                continue
            rows[under] = [
                "",
                under,
                rank,
                "",
                rec["Kingdom"],
                rec["Phylum"],
                rec["Class"],
                rec["Order"],
                rec["Family"],
                rec["Genus"] if rank == "genus" else "",
                "speciesplus-reptilia-2023",
            ]
    fake = 0
    for row in rows.values():
        if not row[0]:
            fake -= 1
            row[0] = str(fake)
    with (FOLDER / "peru_minam_cites_fauna_2023.csv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            name = rec["scientific_name"]
            if name in known or name in rows:
                continue
            if rec["family"] in LISTED_FAMILIES or name in wanted:
                fake -= 1
                rows[name] = [
                    str(fake),
                    name,
                    "species",
                    rec["author"],
                    "Animalia",
                    rec["phylum"].capitalize(),
                    rec["class"].capitalize(),
                    rec["order"].capitalize(),
                    rec["family"],
                    rec["genus"],
                    "minam-cites-fauna-2023",
                ]
    for name, rank, *higher in FROM_TABLE:
        if name in known or name in rows:
            continue
        fake -= 1
        rows[name] = [
            str(fake),
            name,
            rank,
            "",
            *higher,
            "cites-cop20-reports"
            if name
            in {
                "Centrophorus",
                "Mustelus",
                "Galeorhinus galeus",
                "Okapia johnstoni",
                "Choloepus didactylus",
                "Sporophila maximiliani",
            }
            else "eu-2019-2117"
            if rank == "subspecies" or name == "Parides burchellanus"
            else "minam-cites-fauna-2023"
            if rank == "family" and name != "Kinosternon"
            else "speciesplus-reptilia-2023",
        ]
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# GENERATED FILE - do not edit by hand: "
            "research/cites/build_added_taxa.py writes it.\n"
            "# Taxa that listings after 2017-04-21 name and the 2017 checklist lacks, with the\n"
            "# higher taxa their source gives (empty where it gives none). id: the Species+ id\n"
            "# where the source has one, else a negative number of the library's own.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "name",
                "rank",
                "author",
                "kingdom",
                "phylum",
                "class",
                "order",
                "family",
                "genus",
                "source",
            ]
        )
        writer.writerows(sorted(rows.values(), key=lambda r: r[1]))
    print(f"wrote {len(rows)} taxa to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
