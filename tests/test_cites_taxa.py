"""CITES taxa: every taxon of the Species+ Index of CITES Species (2017-04-21) by name,
synonym and common name (source: Species+ / CITES Checklist export, speciesplus-index)."""

from __future__ import annotations

import datetime as dt
import gzip
import pathlib

import pytest

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
