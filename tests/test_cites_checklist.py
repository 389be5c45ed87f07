"""Reading a newer Species+ export (load_checklist), comparing it, and answering from it."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import pathlib

import pytest

import mea_trade as mt
from mea_trade.cites.checklist import (
    INDEX_COLUMNS,
    Checklist,
    ChecklistError,
    bundled,
    compare,
    load_checklist,
)
from mea_trade.cli import main

INDEX = "cites-species-index/Index_of_CITES_Species_2017-04-21.csv.gz"


def _edited_copy(shared: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    """The 2017 export with three edits, dated 2027-01-01: Python regius moved to Appendix I,
    Abeillia abeillei removed, a new species added."""
    with gzip.open(shared / INDEX, "rt", encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    import csv

    rows = list(csv.DictReader(io.StringIO(header + "".join(body))))
    kept = []
    for row in rows:
        if row["FullName"] == "Abeillia abeillei":
            continue
        if row["FullName"] == "Python regius":
            row["CurrentListing"] = "I"
            row["FullAnnotationEnglish"] = "Appendix I: "
            row["AnnotationEnglish"] = "Appendix I: "
        kept.append(row)
    new = dict(kept[0])
    new.update(
        TaxonId="99999999",
        FullName="Python novus",
        Genus="Python",
        Species="novus",
        RankName="SPECIES",
        SynonymsWithAuthors="",
        EnglishNames="New Python",
    )
    kept.append(new)
    path = target / "Index_of_CITES_Species_2027-01-01 09-00.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path


def test_the_bundled_export_reads_back_unchanged(cites_export: Checklist) -> None:
    diff = compare(bundled(), cites_export)
    assert (diff.added, diff.removed, diff.renamed, diff.relisted) == ((), (), (), ())


def test_an_edited_copy_is_compared_and_answers(
    shared_sources: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = _edited_copy(shared_sources, tmp_path)
    newer = load_checklist(path)
    assert newer.as_of == dt.date(2027, 1, 1)
    diff = compare(bundled(), newer)
    assert [t.name for t in diff.added] == ["Python novus"]
    assert [t.name for t in diff.removed] == ["Abeillia abeillei"]
    assert diff.relisted == (("Python regius", "II", "I"),)
    x = mt.cites.listing("Python regius", on="2027-06-01", checklist=newer)
    assert x.appendix == "I" and x.complete_to == dt.date(2027, 1, 1)
    assert mt.cites.taxon("New Python", checklist=newer).name == "Python novus"
    out = io.StringIO()
    assert main(["cites-import", str(path)], out=out) == 0
    text = out.getvalue()
    assert "valid: 38079 taxa, as of 2027-01-01" in text
    assert "Python regius: II -> I" in text and "1 new taxa" in text


def test_a_file_of_another_kind_is_refused(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "Index_of_CITES_Species_2027-01-01.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="missing column"):
        load_checklist(bad)
    assert main(["cites-import", str(bad)]) == 1
    undated = tmp_path / "export.csv"
    undated.write_text(",".join(INDEX_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="as_of"):
        load_checklist(undated)
