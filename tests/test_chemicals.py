"""Chemical identity shared by the chemical conventions: lookups, families, products, commodities.

Names and CAS numbers are those the official texts print: Rotterdam Annex III and
the Stockholm annexes as consolidated in 2014-2015 (shared/sources/treaty-texts-nl),
the CWC Annex on Chemicals (shared/sources/mea-listings-2025/cwc_text.md) and
Minamata Art. 2(d) and 3(1)(b); ISO common names are those the HS 2022 text marks
"(ISO)" (shared/sources/hs-nomenclature).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given

import mea_trade as mt
from mea_trade.cas import is_valid_cas
from mea_trade.chemicals import by_cas, chemical, chemicals, find, identities
from mea_trade.errors import InvalidCASError, UnknownChemicalError, UnknownCommodityError
from mea_trade.testing import strategies as mts


def test_lookup_by_name_iso_name_synonym_and_cas() -> None:
    assert chemical("lindane").cas == ("58-89-9",)
    assert chemical("58-89-9").id == "lindane"
    # HS 2022 2903.62: "ethylene dibromide (ISO) (1,2-dibromoethane)";
    # Annex III: "1,2-dibromoethane (EDB)"
    assert chemical("ethylene dibromide") is chemical("1,2-dibromoethane") is chemical("EDB")
    # HS 2022 3824.84 names toxaphene "camphechlor"; 2903.92 names DDT "clofenotane (INN)"
    assert chemical("camphechlor").id == "toxaphene"
    assert chemical("clofenotane").id == "ddt"
    # CWC Schedule 2 item 13: "Thiodiglycol: Bis(2-hydroxyethyl)sulfide (111-48-8)"
    assert (
        chemical("thiodiglycol") is chemical("Bis(2-hydroxyethyl)sulfide") is chemical("111-48-8")
    )
    # Minamata Art. 2(d): "elemental mercury (Hg(0), CAS No. 7439-97-6)"
    assert chemical("quicksilver") is chemical("7439-97-6") is chemical("mercury")
    assert (
        chemical("SARIN") is chemical("sarin") is chemical("O-Isopropyl methylphosphonofluoridate")
    )


def test_iso_names_are_those_the_hs_text_marks() -> None:
    for iso, cid in [
        ("aldrin", "aldrin"),
        ("parathion-methyl", "methyl-parathion"),
        ("DNOC", "dnoc"),
        ("2,4,5-T", "2-4-5-t"),
        ("azinphos-methyl", "azinphos-methyl"),
    ]:
        assert chemical(iso).id == cid
        assert chemical(cid).iso_name == iso


def test_every_bundled_chemical_by_name_and_cas() -> None:
    for chem in chemicals():
        assert chemical(chem.name) is chem
        assert chemical(chem.id) is chem
        for number in chem.cas:
            assert is_valid_cas(number), (chem.id, number)
            assert chemical(number) is chem
            assert by_cas(number) is chem
        for name in chem.synonyms:
            assert chemical(name) is chem


def test_families_match_their_members_by_cas() -> None:
    # Rotterdam Annex III: "All tributyltin compounds including: Tributyltin oxide 56-35-9,
    # Tributyltin fluoride 1983-10-4, ..."
    tbt = chemical("tributyltin compounds")
    assert tbt.kind == "family"
    assert {m.cas[0] for m in tbt.members} == {
        "56-35-9",
        "1983-10-4",
        "2155-70-6",
        "4342-36-3",
        "1461-22-9",
        "24124-25-2",
        "85409-17-2",
    }
    assert [(i.chemical.id, i.match) for i in identities("1983-10-4")] == [
        ("tributyltin-fluoride", "cas"),
        ("tributyltin-compounds", "family"),
    ]
    # CWC Schedule 1 item 6 "Nitrogen mustards": HN1 (538-07-8), HN2 (51-75-2), HN3 (555-77-1)
    assert [m.cas for m in chemical("nitrogen mustards").members] == [
        ("538-07-8",),
        ("51-75-2",),
        ("555-77-1",),
    ]
    # Minamata Art. 3(1)(b) compounds are members of the family "mercury compounds"
    assert "mercury-ii-oxide" in {m.id for m in chemical("mercury compounds").members}
    # PCB: Annex III prints 1336-36-3 for the group itself
    assert chemical("PCBs").cas == ("1336-36-3",) and chemical("PCBs").kind == "family"
    # LC-PFCAs: no member is listed with a CAS number in the sources read
    assert chemical("LC-PFCAs").kind == "family" and chemical("LC-PFCAs").members == ()


def test_products_by_the_words_trade_documents_use() -> None:
    assert chemical("mercury thermometer").kind == "product"
    assert chemical("mercury thermometer").mercury == "named"
    assert chemical("compact fluorescent lamp") is chemical("CFL")
    assert chemical("button cell battery").mercury == "possible"
    assert chemical("skin-lightening cream") is chemical("skin lightening cream")


def test_errors() -> None:
    with pytest.raises(UnknownChemicalError, match="did you mean"):
        chemical("lindan")
    with pytest.raises(InvalidCASError):
        chemical("58-89-8")
    with pytest.raises(UnknownChemicalError):
        chemical("50-00-0")  # formaldehyde: a valid CAS number no list names
    assert find("unobtainium") is None
    with pytest.raises(mt.InvalidArgumentError):
        chemical(58899)  # type: ignore[arg-type]


def test_shipments_read_chemicals_and_products_after_the_catalog() -> None:
    s = mt.Shipment("lindane", exporter="FR", importer="IN", date="2024-01-01")
    assert s.commodity is chemical("lindane")
    by_cas_number = mt.Shipment("58-89-9", exporter="FR", importer="IN", date="2024-01-01")
    assert by_cas_number.commodity is chemical("lindane")
    assert mt.Shipment("mercury thermometer", exporter="FR", importer="IN", date="2024-01-01")
    # a Montreal Protocol catalog substance keeps its catalog record (chloropicrin is also CWC
    # Schedule 3; the CWC room finds it by CAS number)
    cp = mt.Shipment("chloropicrin", exporter="FR", importer="IN", date="2024-01-01").commodity
    assert isinstance(cp, mt.Substance)
    assert [i.chemical.id for i in identities(cp)] == ["chloropicrin"]
    with pytest.raises(UnknownCommodityError, match="Lindane"):
        mt.Shipment("lindan", exporter="FR", importer="IN", date="2024-01-01")


def test_chemicals_are_singletons_that_pickle() -> None:
    c = chemical("sarin")
    assert pickle.loads(pickle.dumps(c)) is c
    assert repr(c) == "Chemical('sarin')" and str(c).startswith("Sarin")


def test_import_parses_no_chemical_data() -> None:
    code = """
        import mea_trade as mt
        from mea_trade import chemicals
        print(chemicals._TABLES.loaded)
        mt.chemical("lindane")
        print(chemicals._TABLES.loaded)
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]


@given(mts.chemical_names())
def test_any_spelling_finds_its_chemical(name: str) -> None:
    assert chemical(name) is not None
