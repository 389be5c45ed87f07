"""CITES term codes on a shipment (issue #14 item 5: screening reads a ``term`` column).

The codes are those of the UNEP-WCMC trade database codebook of 2012
(``data/cites/trade_codes.csv``, source ``cites-trade-terms-2012``): LIV "live",
SKI "skins", TIM "timber". Swietenia macrophylla is listed in Appendix II with
annotation #6 in the Species+ Index of CITES Species (2017-04-21).
"""

from __future__ import annotations

import pytest

import mea_trade as mt
from mea_trade.errors import InvalidArgumentError
from mea_trade.records import term_codes


def _ship(taxon: str, term: str | None) -> mt.Shipment:
    return mt.Shipment(
        taxon,
        exporter="PE",
        importer="US",
        date="2024-06-01",
        purpose="T",
        source="W",
        term=term,
    )


def test_term_codes_of_the_codebook() -> None:
    codes = term_codes()
    assert (codes["LIV"], codes["SKI"], codes["TIM"]) == ("live", "skins", "timber")
    assert len(codes) == 102


@pytest.mark.parametrize(("given", "read"), [("liv", "LIV"), (" SKI ", "SKI"), ("", None)])
def test_term_is_read_as_three_upper_case_letters(given: str, read: str | None) -> None:
    assert _ship("Python regius", given).term == read


@pytest.mark.parametrize("bad", ["LIVE", "L1V", 12])
def test_a_term_that_is_no_code_is_an_error(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="CITES term code"):
        _ship("Python regius", bad)  # type: ignore[arg-type]


def test_a_term_the_codebook_lacks_is_kept_and_noted() -> None:
    a = mt.assess(_ship("Python regius", "XYZ"))
    assert "cites.term_unknown" in [n.code for n in a.notes]
    assert "cites.term_unknown" not in [
        n.code for n in mt.assess(_ship("Python regius", "LIV")).notes
    ]


def test_an_annotated_listing_asks_for_the_term_to_be_checked() -> None:
    a = mt.assess(_ship("Swietenia macrophylla", "TIM"))
    (note,) = [n for n in a.notes if n.code == "cites.term_and_annotation"]
    assert "TIM (timber)" in note.text and "#6" in note.text
    assert "cites.term_and_annotation" not in [
        n.code for n in mt.assess(_ship("Swietenia macrophylla", None)).notes
    ]


def test_screen_reads_the_term_column_and_to_row_writes_it() -> None:
    shipment = _ship("Python regius", "SKI")
    assert shipment.to_row()["term"] == "SKI"
    (result,) = mt.screen([shipment.to_row()])
    assert result.assessment is not None and result.assessment.shipment.term == "SKI"
