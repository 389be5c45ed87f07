"""CITES taxa: every taxon of the Species+ Index of CITES Species (2017-04-21) by name,
synonym and common name (source: Species+ / CITES Checklist export, speciesplus-index)."""

from __future__ import annotations

import datetime as dt
import gzip
import pathlib
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mea_trade as mt
from mea_trade.cites.checklist import Checklist, bundled, split_synonyms
from mea_trade.errors import AmbiguousNameError, UnknownTaxonError

CHECKLIST = bundled()


def test_the_bundled_export_is_complete() -> None:
    # PROVENANCE.md of cites-species-index: 38,079 taxon rows; ranks 35,787 species,
    # 2,092 genera, 105 families, 71 subspecies, 13 varieties, 10 orders, 1 subfamily.
    assert len(CHECKLIST) == 38079
    ranks: dict[str, int] = {}
    for t in CHECKLIST:
        ranks[t.rank] = ranks.get(t.rank, 0) + 1
    assert ranks == {
        "species": 35787,
        "genus": 2092,
        "family": 105,
        "subspecies": 71,
        "variety": 13,
        "order": 10,
        "subfamily": 1,
    }
    assert CHECKLIST.as_of == dt.date(2017, 4, 21)
    assert CHECKLIST.citation.id == "speciesplus-index"


def test_every_taxon_is_found_by_its_accepted_name() -> None:
    for t in CHECKLIST:
        assert mt.cites.taxon(t.name) == t


def test_every_taxon_is_found_by_each_synonym() -> None:
    """A synonym names its taxon, unless it is the accepted name of another taxon (which
    wins) or is shared by several taxa (an ambiguity error then lists this one)."""
    for t in CHECKLIST:
        for syn in t.synonyms:
            how, hits = CHECKLIST.names.find(syn)
            if len(hits) > 1:
                with pytest.raises(AmbiguousNameError) as info:
                    mt.cites.taxon(syn)
                assert f"{t.name} ({t.rank})" in info.value.candidates, (syn, t)
            elif hits[0] != t:
                assert how == "name", (syn, t, hits)
            else:
                assert mt.cites.taxon(syn) == t


def test_names_fold_case_accents_and_punctuation() -> None:
    # Python regius: EnglishNames "Ball Python, Royal Python", SpanishNames "Pitón real",
    # FrenchNames "Python royal", synonyms include "Boa regia Shaw, 1802".
    for name in (
        "Python regius",
        "PYTHON REGIUS",
        "python  regius",
        "Python regius (Shaw, 1802)",
        "Ball Python",
        "royal python",
        "Pitón real",
        "piton real",
        "Python royal",
        "Boa regia",
    ):
        assert mt.cites.taxon(name).name == "Python regius", name


def test_a_taxon_knows_its_rank_and_higher_taxa() -> None:
    t = mt.cites.taxon("Python regius")
    assert t.rank == "species"
    assert t.higher_taxa == {
        "kingdom": "Animalia",
        "phylum": "Chordata",
        "class": "Reptilia",
        "order": "Serpentes",
        "family": "Pythonidae",
        "genus": "Python",
    }
    assert t.author == "(Shaw, 1802)"
    assert "GH" in t.distribution
    assert mt.cites.taxon("Pythonidae spp.").rank == "family"
    sub = mt.cites.taxon("Python molurus molurus")
    assert sub.rank == "subspecies"
    assert sub.lineage()[:3] == ("Python molurus", "Python", "Pythonidae")
    assert mt.cites.taxon("Aloe compressa var. paucituberculata").rank == "variety"
    assert mt.cites.taxon("Aloe compressa paucituberculata").rank == "variety"


def test_ambiguous_common_names_list_the_candidates() -> None:
    with pytest.raises(AmbiguousNameError) as info:
        mt.cites.taxon("Mahogany")
    assert {"Swietenia macrophylla (species)", "Swietenia mahagoni (species)"} <= set(
        info.value.candidates
    )
    assert "common name" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_unknown_names_get_close_matches() -> None:
    with pytest.raises(UnknownTaxonError) as info:
        mt.cites.taxon("Loxodonta africanus")
    assert info.value.suggestions[0] == "Loxodonta africana"
    with pytest.raises(UnknownTaxonError):
        mt.cites.taxon("Felis silvestris catus domesticus xyz")
    with pytest.raises(mt.InvalidArgumentError):
        mt.cites.taxon(42)  # type: ignore[arg-type]


def test_split_synonyms_keeps_authors_apart() -> None:
    assert split_synonyms(
        "Trochilus polytmus scitulus Linnaeus, 1758, Aithurus scitulus Brewster & Bangs, 1901"
    ) == [
        ("Trochilus polytmus scitulus", "Linnaeus, 1758"),
        ("Aithurus scitulus", "Brewster & Bangs, 1901"),
    ]
    assert split_synonyms(
        "Stichorkis aurantiorbiculata (J.J.Wood & A.L.Lamb) Marg., Szlach. & Kulak"
    ) == [("Stichorkis aurantiorbiculata", "(J.J.Wood & A.L.Lamb) Marg., Szlach. & Kulak")]


def test_the_compact_files_hold_the_export_exactly(
    shared_sources: pathlib.Path, cites_export: Checklist
) -> None:
    """The bundled compact CSV files read back to what the Species+ export says."""
    path = shared_sources / "cites-species-index" / "Index_of_CITES_Species_2017-04-21.csv.gz"
    source = cites_export
    assert source.as_of == CHECKLIST.as_of and len(source) == len(CHECKLIST)
    mine = {t.id: rec for t, *rec in ((r[0], *r[1:]) for r in CHECKLIST.records())}
    for taxon, summary, parts, hashed in source.records():
        ours = CHECKLIST.taxon_by_id(taxon.id)
        assert (ours.name, ours.rank, ours.author, ours.higher, ours.accepted) == (
            taxon.name,
            taxon.rank,
            taxon.author,
            taxon.higher,
            taxon.accepted,
        )
        assert ours.synonyms == taxon.synonyms
        assert dict(ours.common_names) == dict(taxon.common_names)
        assert ours.distribution == taxon.distribution
        assert mine[taxon.id] == [summary, parts, hashed]
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) > 38079


# ---------------------------------------------------------------- the name keys' hashes


def test_the_name_key_hashes_are_those_of_the_bundled_names() -> None:
    """cites/name_keys.csv holds exactly the hashes of the bundled checklist's name keys."""
    from mea_trade.cites.checklist import _NAME_KEYS
    from mea_trade.cites.names import key_hash

    bundled_hashes = list(_NAME_KEYS.get())
    assert bundled_hashes == sorted({key_hash(k) for k in CHECKLIST.names.name_keys()})
    assert len(bundled_hashes) > 80_000  # 38,079 names, 32,394 synonym and 14,625 common keys


def test_every_name_of_the_checklist_may_name_a_taxon() -> None:
    """No name of the Species+ export is turned away by the hashes (no false "no taxon")."""
    from mea_trade.cites.checklist import _NAME_KEYS

    gate = _NAME_KEYS.get()
    for t in CHECKLIST:
        names = [t.name, *t.synonyms, *(n for ns in t.common_names.values() for n in ns)]
        for name in names:
            assert gate.may_name(name), (t.name, name)
        assert gate.may_name(f"{t.name} spp.") and gate.may_name(t.name.upper())


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted({n for t in CHECKLIST for n in (t.name, *t.synonyms)})[::37]),
    st.sampled_from(["", " spp.", " (L., 1758)", "  ", "-"]),
    st.booleans(),
    st.text(max_size=6),
)
def test_a_text_the_checklist_matches_passes_the_hashes(
    name: str, suffix: str, upper: bool, junk: str
) -> None:
    """What ``names.find`` matches, ``may_name`` lets through: spellings and junk alike."""
    from mea_trade.cites.checklist import _NAME_KEYS

    gate = _NAME_KEYS.get()
    for text in (name + suffix, (name + suffix).upper() if upper else name.lower(), junk):
        if CHECKLIST.names.find(text)[1]:
            assert gate.may_name(text), text


def test_texts_that_name_no_taxon_leave_the_checklist_unloaded() -> None:
    """Screening unknown commodity texts reads the hashes, not the 6 MB checklist; a text
    shaped like a binomial still loads it, for its close matches (Species+ names)."""
    code = """
        import mea_trade as mt
        from mea_trade.cites import checklist
        lines = [{"commodity": c, "exporter": "DE", "importer": "FR", "date": "2024-05-01"}
                 for c in ("unobtainium", "refrigerant gas", "HCFC 22 cylinders", "R-22")]
        print(repr([(r.status, r.error) for r in mt.screen(lines)]), checklist._BUNDLED.loaded)
        from mea_trade.cites.taxa import find_taxon
        print(find_taxon("Ball python").name, checklist._BUNDLED.loaded)
        print(mt.screen([{"commodity": "Pyton regius", "exporter": "DE", "importer": "FR",
                          "date": "2024-05-01"}])[0].error)
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    lines = [
        {"commodity": c, "exporter": "DE", "importer": "FR", "date": "2024-05-01"}
        for c in ("unobtainium", "refrigerant gas", "HCFC 22 cylinders", "R-22")
    ]
    assert CHECKLIST.names.find("unobtainium") == ("", ())  # here the checklist is loaded
    loaded = [(r.status, r.error) for r in mt.screen(lines)]
    assert [status for status, _ in loaded] == ["error", "error", "error", "check"]
    assert out[0] == f"{loaded!r} False"  # the same errors, suggestions included
    assert out[1] == "Python regius True"
    assert "Python regius" in out[2]
