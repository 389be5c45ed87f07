"""The mea-trade command, in-process and as a subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from mea_trade.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_lookup_text_and_json() -> None:
    code, text = run("lookup", "R-22", "R-404A")
    assert code == 0
    assert "HCFC-22" in text and "C/I" in text and "75-45-6" in text
    assert "R-404A" in text and "HFC-143a 52%" in text
    code, text = run("lookup", "--json", "R-502")
    record = json.loads(text)[0]
    assert record["kind"] == "mixture"
    assert record["annex_groups"] == ["A/I", "C/I"]
    assert record["odp"] == pytest.approx(0.33404)
    assert record["hs2022"] == "3827.11"


def test_convert() -> None:
    assert run("convert", "HCFC-22", "2 t", "--to", "odp") == (0, "0.11 ODP_t\n")
    assert run("convert", "R-410A", "1000 kg") == (0, "2087.5 CO2e_t\n")
    assert run("convert", "HCFC-22", "1 t", "--basis", "protocol") == (0, "1810 CO2e_t\n")


def test_classify() -> None:
    code, text = run("classify", "R-404A", "R-413A", "HCFC-22")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("R-404A\t3827.61\tHFC-143a is 52 %")
    assert "also meets 3827.64" in lines[1]
    assert lines[2].startswith("HCFC-22\t2903.71")
    assert run("classify", "--edition", "HS2017", "R-404A")[1].startswith("R-404A\t3824.78")
    assert run("classify", "--edition", "HS1996", "R-404A")[0] == 2  # not a choice


def test_parties() -> None:
    code, text = run("parties", "India", "--on", "2024-01-01", "--instrument", "montreal")
    assert code == 0
    assert text.startswith("Montreal Protocol\tparty since 1992-09-17\tA5G2, article5")
    code, text = run("parties", "US", "--on", "2024-01-01")
    # The United States signed the Basel Convention and never ratified it; the bundled Basel
    # list is complete to its date, so its absence means "not a party". The Stockholm list is
    # incomplete, but a dated statement (8 May 2025) says the US was still not a party, so in
    # 2024 the answer is "not a party". The Rotterdam list is complete to 2024-03-11 and no
    # later statement was found, so after that date the status is unknown, never "no".
    assert "Basel Convention\tnot a party" in text
    assert "Stockholm Convention\tnot a party" in text
    assert "Rotterdam Convention\tnot a party" in text
    assert "Kigali Amendment\tparty since 2023-01-29" in text
    code, text = run("parties", "US", "--on", "2024-06-01", "--instrument", "rotterdam")
    assert code == 0
    assert text.startswith("Rotterdam Convention\tunknown (the bundled party list is incomplete)")
    assert run("parties", "US", "--on", "yesterday")[0] == 2
    assert run("parties", "Atlantis", "--on", "2024-01-01")[0] == 1


def test_list() -> None:
    code, text = run("list", "substances", "--group", "F/II")
    assert code == 0 and text.startswith("HFC-23\tF/II")
    code, text = run("list", "blends")
    assert len(text.splitlines()) >= 100


def test_errors_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lookup", "HCFC-2")[0] == 1
    assert "did you mean" in capsys.readouterr().err
    assert run("convert", "HCFC-22", "3 m")[0] == 1
    assert run("convert", "HCFC-22", "3 parsecs per fortnight of")[0] == 1
    assert run("convert", "HCFC-22", "1 t", "--to", "money")[0] == 2
    assert run()[0] == 2
    assert run("list", "substances", "--group", "Z/IX")[0] == 2  # not a choice


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mea_trade", "lookup", "75-45-6"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("HCFC-22")
