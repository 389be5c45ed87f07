"""Schema and invariant checks of every bundled data file."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from importlib.resources import files

import pytest

import mea_trade as mt
from mea_trade._data import read_csv, read_text
from mea_trade.cas import is_valid_cas
from mea_trade.citations import all_citations, citations
from mea_trade.manifest import compute_manifest

DATA = files("mea_trade").joinpath("data")
MANIFEST = json.loads(read_text("MANIFEST.json"))
PATHS = [entry["path"] for entry in MANIFEST["datasets"]]

REQUIRED = {
    "sources.csv": {"id", "instrument", "provision", "title", "url", "retrieved", "note"},
    "montreal/annex_a.csv": {
        "id",
        "name",
        "annex",
        "group",
        "formula",
        "odp",
        "gwp",
        "cas",
        "source",
    },
    "substances/other.csv": {"id", "name", "formula", "chemical_name", "cas", "source"},
    "gwp/ipcc.csv": {"substance", "basis", "gwp100", "cas", "source"},
    "blends/ashrae.csv": {"id", "kind", "synonyms", "source", "unverified", "note"},
    "blends/components.csv": {"blend", "component", "mass_pct"},
}
for _annex in "bcef":
    REQUIRED[f"montreal/annex_{_annex}.csv"] = REQUIRED["montreal/annex_a.csv"]
REQUIRED.update(
    {
        "countries.csv": {"alpha2", "alpha3", "name", "aliases", "kind", "source"},
        "countries_m49.csv": {"alpha2", "m49", "name_en", "name_fr", "name_es", "source"},
        "instruments.csv": {
            "id",
            "name",
            "short_name",
            "kind",
            "parent",
            "adopted",
            "place",
            "entry_into_force",
            "depositary",
            "url",
            "eif_days",
            "eif_rule",
            "aliases",
            "source",
        },
        "montreal/annex_groups.csv": {
            "group",
            "annex",
            "group_label",
            "title",
            "added_by",
            "source",
            "verified",
        },
        "parties/article5.csv": {"country", "from_year", "article5", "source"},
        "sovereignty.csv": {"territory", "sovereign", "from", "until", "status", "source"},
        "parties/territorial_application.csv": {
            "instrument",
            "territory",
            "sovereign",
            "effect",
            "from",
            "until",
            "source",
            "note",
            "unverified",
        },
        "parties/kigali_groups.csv": {"country", "group", "source"},
        "parties/non_parties.csv": {
            "instrument",
            "country",
            "signed",
            "confirmed_until",
            "source",
            "note",
            "unverified",
        },
        "parties/counts.csv": {
            "instrument",
            "count",
            "count_date",
            "includes_eu",
            "source",
            "note",
            "unverified",
        },
        "parties/oecd_members.csv": {"country", "from", "until", "source", "unverified", "note"},
        "parties/eu_members.csv": {"country", "from", "until", "source", "unverified", "note"},
    }
)
REQUIRED.update(
    {
        "montreal/control_measures.csv": {
            "group",
            "party_class",
            "kind",
            "start",
            "percent",
            "baseline",
            "averaged_over",
            "condition",
            "provision",
            "source",
            "verified",
            "note",
        },
        "montreal/baseline_formulas.csv": {
            "id",
            "group",
            "party_class",
            "kind",
            "unit",
            "years",
            "method",
            "provision",
            "source",
            "verified",
        },
        "montreal/trade_rules.csv": {
            "groups",
            "direction",
            "paragraph",
            "start_rule",
            "start",
            "acting_instrument",
            "replaced_by",
            "acting_article5",
            "partner_instruments",
            "a5_partner_exempt_until",
            "art_4_8",
            "goods",
            "source",
            "verified",
            "note",
        },
        "montreal/regional.csv": {
            "reio",
            "groups",
            "from",
            "until",
            "measure",
            "provision",
            "source",
            "verified",
            "note",
        },
        "montreal/licensing.csv": {
            "groups",
            "paragraph",
            "instrument",
            "from",
            "months_after_eif",
            "a5_delay_until",
            "source",
            "verified",
        },
        "samples/declarations.csv": {"reference", "commodity", "exporter", "importer", "date"},
        "montreal/baselines.csv": {
            "country",
            "group",
            "party_class",
            "kind",
            "unit",
            "value",
            "source",
        },
    }
)
REQUIRED.update(
    {
        "hs/subheadings.csv": {"edition", "code"},
        "hs/editions.csv": {"edition", "in_force_from", "source", "note"},
        "hs/exhaustive_subheadings.csv": {"edition", "code", "text", "source"},
        "hs/correlation.csv": {"hs2022", "hs2017", "relationship", "source"},
        "hs/substances.csv": {
            "substance",
            "hs2022",
            "hs2017",
            "hs_class",
            "c1c3_halogenated",
            "source",
        },
        "hs/mixture_subheadings.csv": {"edition", "code", "text", "montreal_groups", "source"},
        "hs/flag_coverage.csv": {"instrument", "coverage", "note", "source"},
        "hs/other_flags.csv": {
            "instrument",
            "code",
            "level",
            "text",
            "listed_as",
            "chemicals",
            "source",
            "unverified",
            "note",
        },
        "cites/taxa.csv": {
            "id",
            "rank",
            "name",
            "author",
            "kingdom",
            "phylum",
            "class",
            "order",
            "family",
            "genus",
            "accepted",
            "listing",
            "parts",
            "hash",
            "distribution",
        },
        "cites/names.csv": {"taxon", "kind", "name"},
        "cites/name_keys.csv": {"hash"},
        "cites/annotations.csv": {"id", "text"},
        "cites/appendix_iii_parties.csv": {"entry", "taxon", "name", "parties", "as_of", "source"},
        "cites/population_rules.csv": {
            "annotation_starts",
            "appendix",
            "mode",
            "countries",
            "partial",
            "region",
            "other",
            "source",
            "note",
        },
        "cites/changes.csv": {
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
        },
        "cites/added_taxa.csv": {
            "id",
            "name",
            "rank",
            "author",
            "kingdom",
            "family",
            "genus",
            "source",
        },
        "cites/changes_reptilia_2023.csv": {
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
        },
        "cites/trade_codes.csv": {"field", "code", "description", "source", "verified"},
        "cites/permit_rules.csv": {
            "appendix",
            "movement",
            "side",
            "document",
            "code",
            "provision",
            "quote",
            "source",
            "verified",
            "note",
        },
        "cites/reservations.csv": {"start", "end", "taxon", "taxon_id", "party", "source"},
        "cites/quotas.csv": {"start", "end", "taxon", "party", "quota", "source"},
        "cites/suspensions.csv": {"start", "end", "taxon", "party", "note", "source"},
        "cites/events.csv": {"event", "kind", "in_force", "source", "verified", "note"},
        "hs/product_flags.csv": {
            "code",
            "annex_d_category",
            "groups",
            "text",
            "source",
            "unverified",
        },
    }
)
REQUIRED.update(
    {
        "basel/list_entries.csv": {
            "code",
            "list",
            "section",
            "kind",
            "description",
            "wording",
            "effective",
            "until",
            "not_before",
            "in_text_by",
            "added_by",
            "removed_by",
            "operations",
            "source",
            "unverified",
            "note",
        },
        "basel/rules.csv": {
            "code",
            "kind",
            "side",
            "applies_to",
            "condition",
            "document",
            "provision",
            "source",
            "verified",
            "text",
        },
        "basel/agreements.csv": {
            "id",
            "name",
            "members",
            "not_participating",
            "operations",
            "wastes",
            "excluded_codes",
            "procedure",
            "from",
            "until",
            "source",
            "verified",
            "note",
        },
        "basel/import_prohibitions.csv": {
            "country",
            "wastes",
            "operations",
            "from",
            "until",
            "source",
            "note",
        },
        "cartagena/rules.csv": {
            "code",
            "kind",
            "side",
            "lmo",
            "document",
            "provision",
            "source",
            "verified",
            "text",
        },
        "organisms/crops.csv": {
            "name",
            "synonyms",
            "scientific_name",
            "kind",
            "source",
            "unverified",
            "note",
        },
    }
)
REQUIRED.update(
    {
        "chemicals/chemicals.csv": {
            "id",
            "name",
            "kind",
            "cas",
            "iso_name",
            "synonyms",
            "families",
            "source",
            "unverified",
        },
        "chemicals/products.csv": {"id", "name", "synonyms", "mercury", "source"},
        "rotterdam/annex_iii.csv": {
            "chemical",
            "entry",
            "cas",
            "category",
            "scope",
            "decision",
            "adopted",
            "entry_into_force",
            "until",
            "until_decision",
            "source",
            "unverified",
        },
        "rotterdam/import_responses.csv": {
            "importer",
            "chemical",
            "category",
            "response",
            "conditions",
            "decided",
            "published",
            "until",
            "reference",
        },
        "minamata/annex_a.csv": {
            "part",
            "entry",
            "products",
            "phase_out_after",
            "decision",
            "adopted",
            "entry_into_force",
            "source",
            "unverified",
        },
        "minamata/annex_a_exclusions.csv": {"letter", "text", "purposes", "source"},
        "minamata/annex_b.csv": {"part", "process", "phase_out_after", "decision", "source"},
        "minamata/article_3.csv": {"chemical", "provision", "entry", "trade_rules", "source"},
        "minamata/exemption_register.csv": {"party", "product", "category", "from", "until"},
        "stockholm/exemption_register.csv": {
            "party",
            "chemical",
            "kind",
            "activity",
            "description",
            "from",
            "until",
        },
        "cwc/schedules.csv": {
            "schedule",
            "part",
            "item",
            "row_type",
            "chemical",
            "name",
            "cas",
            "in_force_from",
            "source",
            "unverified",
        },
        "cwc/transfer_rules.csv": {
            "schedule",
            "provision",
            "rule",
            "partner",
            "finding",
            "side",
            "start",
            "until",
            "text",
            "source",
            "unverified",
        },
        "hs/recommended_subdivisions.csv": {
            "instrument",
            "code",
            "subdivision",
            "chemicals",
            "source",
        },
    }
)
for _annex in "abc":
    REQUIRED[f"stockholm/annex_{_annex}.csv"] = {
        "chemical",
        "entry",
        "cas",
        "cop",
        "decision",
        "adopted",
        "entry_into_force",
        "production_exemptions",
        "use_exemptions",
        "acceptable_purposes",
        "exemptions",
        "until",
        "source",
        "unverified",
    }
REQUIRED["stockholm/amendment_ratifications.csv"] = {
    "country",
    "notification",
    "deposited",
    "entry_into_force",
    "source",
}
for _room in ("stockholm", "minamata"):
    REQUIRED[f"{_room}/amendment_declarations.csv"] = {
        "country",
        "withdrawn",
        "source",
        "unverified",
    }
PARTY_COLUMNS = {
    "country",
    "action",
    "deposited",
    "entry_into_force",
    "eif_basis",
    "withdrawn",
    "withdrawal_effective",
    "source",
    "note",
    "unverified",
}
for _path in PATHS:
    if _path.startswith("parties/") and _path not in REQUIRED:
        REQUIRED[_path] = PARTY_COLUMNS


def _all_files() -> list[str]:
    found = []

    def walk(node, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".csv"):
                found.append(prefix + child.name)

    walk(DATA, "")
    return sorted(found)


def test_every_data_file_is_in_the_manifest() -> None:
    assert sorted(PATHS) == _all_files()


def test_manifest_is_fresh() -> None:
    fresh = compute_manifest(MANIFEST["datasets"])
    stale = [e["path"] for e, f in zip(MANIFEST["datasets"], fresh, strict=True) if e != f]
    assert not stale, f"run `python -m mea_trade.manifest` to refresh: {stale}"
    assert MANIFEST["data_version"] == mt.DATA_VERSION


@pytest.mark.parametrize("path", PATHS)
def test_required_columns(path: str) -> None:
    lines = [x for x in read_text(path).splitlines() if not x.startswith("#")]
    header = next(csv.reader(io.StringIO(lines[0])))
    assert REQUIRED[path] <= set(header)
    assert len(header) == len(set(header))
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines[1:]))), start=2):
        assert len(row) == len(header), f"{path}:{number} has {len(row)} cells"


@pytest.mark.parametrize("path", [p for p in PATHS if p != "sources.csv"])
def test_every_row_cites_a_known_source(path: str) -> None:
    for row in read_csv(path):
        if "source" in row:
            assert citations(row["source"]), f"{path}: row {row} cites nothing"
        if row.get("cas_source"):
            assert citations(row["cas_source"])


def test_sources_have_urls_and_manifest_sources_resolve() -> None:
    table = all_citations()
    assert all(c.url for c in table.values())
    for entry in MANIFEST["datasets"]:
        if entry["path"].startswith("samples/"):
            # illustrative inputs (fictional declarations), not facts: nothing to cite
            assert not entry["sources"]
            continue
        assert citations(";".join(entry["sources"]))


SUBSTANCE_FILES = [
    p for p in PATHS if re.fullmatch(r"montreal/annex_[a-f]\.csv", p) or p == "substances/other.csv"
]


@pytest.mark.parametrize("path", SUBSTANCE_FILES)
def test_substance_rows(path: str) -> None:
    for row in read_csv(path):
        if row["cas"]:
            assert is_valid_cas(row["cas"]), f"{row['id']}: bad CAS {row['cas']}"
            assert row["cas_source"], f"{row['id']}: CAS without a source"
        assert re.fullmatch(r"[A-Za-z0-9()=\-,\s]+", row["formula"]), row["formula"]
        if path.startswith("montreal/"):
            odp = float(row["odp"])
            assert 0 <= odp <= 15
            if row["odp_min"]:
                low, high = float(row["odp_min"]), float(row["odp_max"])
                assert 0 < low < high == odp, row["id"]
            if row["gwp"]:
                assert 0 < float(row["gwp"]) < 30000
            assert row["annex"] == path[-5].upper()
            if row["annex"] == "F":
                assert odp == 0 and row["gwp"]


def test_unverified_flags_name_real_fields() -> None:
    fields = {
        "cas",
        "odp",
        "gwp",
        "formula",
        "ashrae",
        "chemical_name",
        "composition",
        "designation",
    }
    for path in [*SUBSTANCE_FILES, "blends/ashrae.csv"]:
        for row in read_csv(path):
            for flag in filter(None, row["unverified"].split(";")):
                assert flag in fields, f"{path}: {row}"


def test_ipcc_rows() -> None:
    seen = set()
    for row in read_csv("gwp/ipcc.csv"):
        key = (row["substance"], row["basis"])
        assert key not in seen
        seen.add(key)
        assert row["basis"] in {"ar4", "ar5", "ar6"}
        assert row["source"] == f"ipcc-{row['basis']}"
        value = float(row["gwp100"])
        assert math.isfinite(value) and 0 <= value < 30000
        assert is_valid_cas(row["cas"])
        sub = mt.substance(row["substance"])
        if sub.cas:
            assert sub.cas == row["cas"], f"{sub.name}: CAS {sub.cas} vs IPCC row {row['cas']}"


def test_blend_compositions_sum_to_100_percent() -> None:
    totals: dict[str, float] = {}
    for row in read_csv("blends/components.csv"):
        pct = float(row["mass_pct"])
        assert 0 < pct < 100 or pct == 100
        totals[row["blend"]] = totals.get(row["blend"], 0.0) + pct
    ids = [row["id"] for row in read_csv("blends/ashrae.csv")]
    assert sorted(totals) == sorted(ids)
    for blend, total in totals.items():
        assert math.isclose(total, 100.0, abs_tol=1e-9), (blend, total)


def test_blend_designations() -> None:
    for row in read_csv("blends/ashrae.csv"):
        assert re.fullmatch(r"R-[45]\d\d[A-Z]?", row["id"])
        assert row["kind"] == ("zeotrope" if row["id"][2] == "4" else "azeotrope")
