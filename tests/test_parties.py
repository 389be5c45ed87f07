"""Instruments and parties: depositary facts and invariants."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given

import mea_trade as mt
from mea_trade import countries, instruments, parties
from mea_trade.testing import strategies as mts

D = dt.date

# Entry into force of each instrument, as the depositary states it.
ENTRY_INTO_FORCE = {
    "vienna": D(1988, 9, 22),  # UNTC XXVII-2; Ozone Secretariat
    "montreal": D(1989, 1, 1),  # UNTC XXVII-2-a; Montreal Protocol Art. 16(1)
    "london": D(1992, 8, 10),
    "copenhagen": D(1994, 6, 14),
    "montreal_amendment": D(1999, 11, 10),
    "beijing": D(2002, 2, 25),
    "kigali": D(2019, 1, 1),
    "basel": D(1992, 5, 5),  # UNTC XXVII-3: "5 May 1992, in accordance with article 25(1)"
    "basel_ban": D(2019, 12, 5),  # UNTC XXVII-3-a: "5 December 2019"
    "cites": D(1975, 7, 1),  # CITES list of Parties
    "cwc": D(1997, 4, 29),  # UNTC XXVI-3: "29 April 1997, in accordance with article XXI(1)"
    "rotterdam": D(2004, 2, 24),  # UNTC XXVII-14: "24 February 2004, in accordance with article 26"
    "stockholm": D(2004, 5, 17),  # UNTC XXVII-15: "17 May 2004, in accordance with article 26(1)"
    "minamata": D(2017, 8, 16),  # UNTC XXVII-17: "16 August 2017, in accordance with article 31(1)"
    "cartagena": D(2003, 9, 11),  # CBD Secretariat signing list: in force 11 September 2003
}


@pytest.mark.parametrize(("instrument_id", "date"), ENTRY_INTO_FORCE.items())
def test_entry_into_force_of_each_instrument(instrument_id: str, date: dt.date) -> None:
    inst = instruments.get(instrument_id)
    assert inst.entry_into_force == date
    assert inst.adopted < date
    assert not inst.in_force(date - dt.timedelta(days=1))
    assert inst.in_force(date)


def test_every_bundled_instrument_is_covered_by_this_test() -> None:
    assert {i.id for i in instruments.all_instruments()} == set(ENTRY_INTO_FORCE)


def test_incomplete_party_lists_say_so() -> None:
    # Every instrument has a list. The Kigali, Basel and Rotterdam lists now match the
    # published counts and are complete to their dates; the Ban Amendment, Stockholm,
    # Minamata and Cartagena lists are complete only to an earlier date (MANIFEST.json
    # complete_to), so a country absent from one is unknown. The United States never
    # ratified the Basel Convention (it signed in 1990) nor the Stockholm Convention.
    incomplete = {i.id for i in instruments.all_instruments() if not parties.complete(i)}
    assert incomplete == {"basel_ban", "stockholm", "minamata", "cartagena"}
    with pytest.raises(mt.MissingDataError, match="complete only to 2019-09-06"):
        parties.is_party("Sierra Leone", "basel_ban", on=D(2021, 1, 1))
    assert not parties.is_party("US", "basel", on=D(2020, 1, 1))
    # After the latest dated statement (8 May 2025) the Stockholm answer is unknown again.
    with pytest.raises(mt.MissingDataError, match="status on 2025-06-01 is unknown") as raised:
        parties.is_party("US", "stockholm", on=D(2025, 6, 1))
    # the error says how far the data reaches: the later of the list's completeness date
    # (2019-12-24) and the dated statement (2025-05-08)
    assert raised.value.reach == D(2025, 5, 8)


def test_facts_in_the_incomplete_lists() -> None:
    # Basel: Japan deposited its accession on 17 Sep 1993, in force for Japan on 16 Dec 1993
    # (MOFA treaty collection, as quoted by the GRIPS "World and Japan" database; the HUGGO
    # membership dataset gives the same deposit date).
    jp = parties.participation("Japan", "basel")
    assert jp is not None and (jp.action, jp.deposited) == ("accession", D(1993, 9, 17))
    assert not parties.is_party("JP", "basel", on=D(1993, 12, 15))
    assert parties.is_party("JP", "basel", on=D(1993, 12, 16))
    # New Zealand ratified on 20 Dec 1994 (NZ Ministry for the Environment; Basel fact sheet).
    nz = parties.participation("NZ", "basel")
    assert nz is not None and nz.deposited == D(1994, 12, 20)
    # Stockholm: Mexico ratified on 10 Feb 2003, in force for Mexico on 17 May 2004, the
    # Convention's own entry into force (SEMARNAT; SRE treaty compendium).
    mx = parties.participation("Mexico", "stockholm")
    assert mx is not None and (mx.action, mx.deposited) == ("ratification", D(2003, 2, 10))
    assert mx.entry_into_force == D(2004, 5, 17)
    # Cartagena: New Zealand ratified on 24 Feb 2005, in force on 25 May 2005 (WIPO Lex,
    # NZ Ministry for the Environment): not a party the day before.
    assert not parties.is_party("NZ", "cartagena", on=D(2005, 5, 24))
    assert parties.is_party("NZ", "cartagena", on=D(2005, 5, 25))
    # Minamata: Mexico deposited on 29 Sep 2015 (decree in the Diario Oficial, via Notimex),
    # so it became a Party when the Convention entered into force, on 16 Aug 2017.
    assert parties.participation("MX", "minamata").entry_into_force == D(2017, 8, 16)  # type: ignore[union-attr]


def test_rows_from_secondary_sources_are_flagged() -> None:
    # Rows that rest only on research compilations (the HUGGO, ECOLEX and IEADB datasets) or
    # on a table whose country names had to be aligned by position (ECLAC) never pass as
    # verified, unless the note says that two of them confirm the row.
    secondary = {
        "huggo-manyenviron", "ecolex-manyenviron", "ieadb-manyenviron", "cepal-observatory",
    }  # fmt: skip
    seen = 0
    for inst in ("basel", "basel_ban", "stockholm", "minamata", "cartagena", "rotterdam"):
        for country in parties.parties(inst, on=D(2026, 11, 29), allow_partial=True):
            for p in parties.history(country, inst):
                if {c.id for c in p.sources} <= secondary:
                    seen += 1
                    note = p.note or ""
                    assert p.unverified or "confirmed" in note or " agree" in note, (
                        inst,
                        country.alpha2,
                    )
    assert seen > 50


def test_instrument_lookup() -> None:
    assert instruments.get("Kigali Amendment") is instruments.get("kigali")
    assert instruments.get("Washington Convention").id == "cites"
    assert instruments.get("kigali").parent == "montreal"
    with pytest.raises(mt.UnknownInstrumentError) as info:
        instruments.get("kigalli")
    assert "kigali" in info.value.suggestions
    assert pickle.loads(pickle.dumps(instruments.get("cwc"))) is instruments.get("cwc")


def test_cwc_facts() -> None:
    # UNTC XXVI-3: Afghanistan ratified on 24 Sep 2003; Art. XXI(2): in force 30 days later.
    p = parties.participation("Afghanistan", "cwc")
    assert p is not None
    assert (p.action, p.deposited, p.entry_into_force) == (
        "ratification",
        D(2003, 9, 24),
        D(2003, 10, 24),
    )
    assert not parties.is_party("AF", "cwc", on=D(2003, 10, 23))
    assert parties.is_party("AF", "cwc", on=D(2003, 10, 24))
    # Israel signed on 13 Jan 1993 and has not ratified (UNTC XXVI-3).
    assert parties.participation("Israel", "cwc") is None
    assert not parties.is_party("IL", "cwc", on=D(2025, 1, 1))
    # UNTC counts 193 parties (status as at 3 Feb 2026).
    assert len(parties.parties("cwc", on=D(2026, 2, 3))) == 193


def test_cites_facts() -> None:
    # cites.org: the United States ratified on 14 Jan 1974; CITES entered into force on 1 July 1975.
    assert not parties.is_party("US", "cites", on=D(1975, 6, 30))
    assert parties.is_party("US", "cites", on=D(1975, 7, 1))
    # The United Arab Emirates acceded in 1974, withdrew with effect from 27 Jan 1988 and became
    # a Party again on 9 May 1990 (cites.org, list of Parties).
    assert parties.is_party("AE", "cites", on=D(1987, 1, 1))
    assert not parties.is_party("AE", "cites", on=D(1989, 1, 1))
    assert parties.is_party("AE", "cites", on=D(1990, 5, 9))
    assert len(parties.history("AE", "cites")) == 2
    # 185 Parties (184 States and the EU) since Turkmenistan's accession took effect on 2 Jan 2025.
    assert len(parties.parties("cites", on=D(2025, 1, 2))) == 185
    assert len(parties.parties("cites", on=D(2025, 1, 1))) == 184


def test_before_an_instrument_existed_is_not_a_party() -> None:
    assert not parties.is_party("FR", "cwc", on=D(1900, 1, 1))
    assert parties.parties("cwc", on=D(1990, 1, 1)) == ()


def test_bad_input() -> None:
    with pytest.raises(mt.InvalidDateError):
        parties.is_party("FR", "cwc", on="01/01/2020")
    with pytest.raises(mt.InvalidDateError):
        parties.is_party("FR", "cwc", on=20200101)  # type: ignore[arg-type]
    # Issue #17: on= takes ISO strings as Shipment does
    assert parties.is_party("FR", "cwc", on="2020-01-01") is parties.is_party(
        "FR", "cwc", on=D(2020, 1, 1)
    )
    assert parties.status("IN", "montreal", on=" 2020-01-01 ").is_party
    assert len(parties.parties("montreal", on="1989-01-01")) >= 29
    assert parties.basel_annex_vii("MX", on="1994-05-18")
    with pytest.raises(mt.UnknownCountryError):
        parties.is_party("Frnace", "cwc", on=D(2020, 1, 1))
    with pytest.raises(mt.UnknownInstrumentError):
        parties.is_party("FR", "cwcc", on=D(2020, 1, 1))
    # a datetime is accepted and reduced to its date
    assert parties.is_party("FR", "cwc", on=dt.datetime(2020, 1, 1, 12, 0))


def test_basel_annex_vii_and_eu() -> None:
    # Mexico joined the OECD on 18 May 1994; the United Kingdom left the EU on 31 Jan 2020 but
    # stays an OECD member; Liechtenstein and the EU are named in Annex VII.
    assert parties.basel_annex_vii("MX", on=D(1994, 5, 18))
    assert not parties.basel_annex_vii("MX", on=D(1994, 5, 17))
    assert parties.basel_annex_vii("GB", on=D(2021, 1, 1))
    assert parties.basel_annex_vii("LI", on=D(2000, 1, 1))
    assert parties.basel_annex_vii("Bulgaria", on=D(2007, 1, 1))  # EU member State
    assert not parties.basel_annex_vii("Bulgaria", on=D(2006, 12, 31))
    assert not parties.basel_annex_vii("IN", on=D(2024, 1, 1))
    s = parties.status("GB", "cwc", on=D(2020, 1, 31))
    assert s.eu_member
    assert not parties.status("GB", "cwc", on=D(2020, 2, 1)).eu_member


@given(mts.countries(), mts.instruments(with_parties=True), mts.dates())
def test_status_is_consistent(
    country: countries.Country, inst: instruments.Instrument, on: dt.date
) -> None:
    try:
        s = parties.status(country, inst, on=on)
    except mt.MissingDataError:
        # unknown only after the date the list is complete to, for a country absent from it
        # (or a territory whose State is so): never a wrong "not a party"
        reach = next(d.complete_to for d in mt.datasets() if d.path == f"parties/{inst.id}.csv")
        assert reach is None or on > reach
        with pytest.raises(mt.MissingDataError):
            parties.is_party(country, inst, on=on)
        return
    assert s.is_party == parties.is_party(country, inst, on=on)
    listed = country in parties.parties(inst, on=on, allow_partial=True)
    if s.participation is not None and s.participation.action == "territorial_application":
        assert not listed  # a territory takes part through its State, it is not a party
        if s.is_party:
            assert s.via is not None and s.participation.via == s.via
    else:
        assert listed == s.is_party
    if s.is_party:
        assert s.party_since is not None
        assert s.party_since <= on
        assert inst.entry_into_force is not None
        assert s.party_since >= inst.entry_into_force


@given(mts.instruments(with_parties=True), mts.dates(), mts.dates())
def test_membership_only_grows_without_withdrawals(
    inst: instruments.Instrument, a: dt.date, b: dt.date
) -> None:
    early, late = sorted((a, b))
    before = set(parties.parties(inst, on=early, allow_partial=True))
    after = set(parties.parties(inst, on=late, allow_partial=True))
    lost = {
        c
        for c in before - after
        if not any(p.withdrawal_effective for p in parties.history(c, inst))
    }
    assert not lost


OZONE = ["vienna", "montreal", "london", "copenhagen", "montreal_amendment", "beijing"]
ORS_CODES = {
    "vienna": "VC", "montreal": "MP", "london": "LA", "copenhagen": "CA",
    "montreal_amendment": "MA", "beijing": "BA",
}  # fmt: skip


@pytest.mark.parametrize("instrument_id", OZONE)
def test_ozone_records_match_the_secretariat(shared_sources, instrument_id: str) -> None:  # type: ignore[no-untyped-def]
    import csv

    path = shared_sources / "ozone-secretariat-ors/csv/party_ratifications.csv"
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["treaty"] == ORS_CODES[instrument_id]]
    assert len(rows) == len(parties.parties(instrument_id, on=D(2019, 10, 16)))
    corrected = 0
    for row in rows:
        p = parties.participation(row["iso2"], instrument_id)
        assert p is not None, row
        if p.note and "MISMATCH" in p.note:
            # Where the UN Treaty Collection (the depositary) disagrees with the Secretariat's
            # table, the depositary's value is used and cited, and the row says so.
            assert any(c.id.startswith("untc-") for c in p.sources), row
            corrected += 1
            continue
        assert p.deposited.isoformat() == row["ratification_date"]
        assert p.entry_into_force.isoformat() == row["entry_into_force_date"]
        assert p.action == row["ratification_type"].lower()
    assert corrected <= 3


def test_ozone_counts() -> None:
    # Ozone Secretariat, October 2019: 198 parties to the Vienna Convention and the Montreal
    # Protocol (universal ratification), 197 to each of the London to Beijing Amendments.
    on = D(2019, 10, 16)
    assert len(parties.parties("vienna", on=on)) == len(parties.parties("montreal", on=on)) == 198
    for amendment in OZONE[2:]:
        assert len(parties.parties(amendment, on=on)) == 197


def test_kigali_groups_match_the_multilateral_fund(shared_sources) -> None:  # type: ignore[no-untyped-def]
    import json

    with open(shared_sources / "mlf-ors/country_consumption_groups.json", encoding="utf-8") as fh:
        groups = json.load(fh)
    for label, code in (("I", "A5G1"), ("II", "A5G2")):
        for name in groups[label]:
            status = parties.status(name, "montreal", on=D(2024, 1, 1))
            assert status.kigali_group == code, name


def test_kigali_groups_partition_the_parties() -> None:
    seen: dict[str, str] = {}
    for member in parties.parties("montreal", on=D(2019, 10, 16)):
        group = parties.status(member, "montreal", on=D(2019, 10, 16)).kigali_group
        if group is None:
            continue
        assert group in parties.KIGALI_GROUPS
        seen[member.alpha2] = group
    # Article 5 Group 2 and the non-Article 5 parties with the later schedule, as named
    # in the Kigali Amendment's groups (domain rules, section 1.5).
    assert sorted(k for k, g in seen.items() if g == "A5G2") == sorted(
        ["BH", "IN", "IR", "IQ", "KW", "OM", "PK", "QA", "SA", "AE"]
    )
    assert sorted(k for k, g in seen.items() if g == "NA5G2") == sorted(
        ["BY", "KZ", "RU", "TJ", "UZ"]
    )
    for code, group in seen.items():
        article5 = parties.status(code, "montreal", on=D(2019, 6, 1)).article5
        assert article5 == group.startswith("A5"), code


def test_article5_history() -> None:
    # Ozone Secretariat status history: Croatia operated under Article 5 until 2013 and
    # not from 2014 (EU accession); Slovenia from 1994 to 1999 only.
    assert parties.status("HR", "montreal", on=D(2013, 6, 1)).article5 is True
    assert parties.status("HR", "montreal", on=D(2014, 6, 1)).article5 is False
    assert parties.status("SI", "montreal", on=D(1996, 1, 1)).article5 is True
    assert parties.status("SI", "montreal", on=D(2000, 1, 1)).article5 is False
    assert parties.status("US", "cwc", on=D(2000, 1, 1)).article5 is None  # not an ozone treaty


def test_cites_dates_match_the_trade_database_guide(shared_sources) -> None:  # type: ignore[no-untyped-def]
    """Entry into force per the CITES list agrees with 'A guide to using the CITES Trade
    Database' (v8, Annex 4) except for seven known differences of that guide."""
    import csv

    known = {"HU", "GA", "BF", "AE", "BN", "SK", "CZ"}
    with open(shared_sources / "cites-trade-codes/cites_parties.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    checked = 0
    for row in rows:
        if (
            row["date"] in ("", "NA")
            or row["non_ISO_code"] == "TRUE"
            or row["former_code"] == "TRUE"
        ):
            continue
        if row["code"] in known:
            continue
        try:
            p = parties.participation(row["code"], "cites")
        except mt.UnknownCountryError:
            continue
        if p is None:
            continue
        assert p.entry_into_force.isoformat() == row["date"], row
        checked += 1
    assert checked >= 170


def test_depositary_corrections_of_the_secretariat_table() -> None:
    # UNTC XXVII-2-c: "Austria 19 Sep 1996 A" (acceptance; the ORS table says approval).
    p = parties.participation("AT", "copenhagen")
    assert p is not None
    assert p.action == "acceptance"
    # UNTC XXVII-2-e: Bulgaria acceded to the Beijing Amendment (ORS: ratification).
    p = parties.participation("BG", "beijing")
    assert p is not None
    assert p.action == "accession"
    # UNTC XXVII-2: the Czech Republic notified its succession to the Vienna Convention on
    # 30 Sep 1993, with effect from 1 Jan 1993.
    p = parties.participation("CZ", "vienna")
    assert p is not None
    assert (p.action, p.deposited, p.entry_into_force) == (
        "succession",
        D(1993, 9, 30),
        D(1993, 1, 1),
    )


def test_known_non_parties_of_incomplete_lists() -> None:
    # The United States signed the Basel Convention on 22 March 1990 and had not ratified it
    # in February 2000 (EPA RCRA hotline report, EPA530-R-00-003b), in September 2022 (EPA)
    # or in January 2025 (ISRI, an industry association: the status is flagged unverified).
    us = parties.known_non_party("US", "basel")
    assert us is not None and us.signed == D(1990, 3, 22)
    assert us.confirmed_until == D(2025, 1, 2)
    assert [c.id for c in us.sources] == [
        "isri-basel-2025", "epa-basel-ewaste-2022", "epa-basel-faq-2000",
    ]  # fmt: skip
    assert us.unverified == {"status"}
    # The United States signed the Stockholm Convention (23 May 2001) and was not a party in
    # May 2019 (Waste Advantage Magazine), in June 2022 (C&EN, 22 June 2022: "The US is not a
    # party to that pact") or at the 2025 COPs (The Cool Down, relaying swissinfo.ch of 8 May
    # 2025: "the United States signed the Convention's pledges but has not ratified it").
    # The list is complete only to 2019-12-24, so 2024 is answered by these statements (all
    # secondary: the status is flagged unverified); after 8 May 2025: unknown.
    us = parties.known_non_party("US", "stockholm")
    assert us is not None and us.signed == D(2001, 5, 23)
    assert us.confirmed_until == D(2025, 5, 8)
    assert not parties.is_party("US", "stockholm", on=D(2019, 5, 3))
    us_sc_2024 = parties.status("US", "stockholm", on=D(2024, 1, 1))
    assert not us_sc_2024.is_party and us_sc_2024.complete_to == D(2019, 12, 24)
    assert us_sc_2024.non_party is not None
    assert [c.id for c in us_sc_2024.non_party.sources] == [
        "thecooldown-pfca-2025", "cen-pfhxs-2022", "wasteadvantage-2019",
    ]  # fmt: skip
    assert us_sc_2024.non_party.unverified == {"status"}
    assert not parties.is_party("US", "stockholm", on=D(2025, 5, 8))
    with pytest.raises(mt.MissingDataError, match="known not to have been a party"):
        parties.is_party("US", "stockholm", on=D(2025, 5, 9))
    # Rotterdam: no statement after 2010 was found (IntLawGrrls blog, 10 Sep 2010), and the
    # list is complete to 2024-03-11: answered up to then, unknown after it.
    assert not parties.is_party("US", "rotterdam", on=D(2024, 3, 11))
    with pytest.raises(mt.MissingDataError, match="complete only to 2024-03-11"):
        parties.is_party("US", "rotterdam", on=D(2024, 3, 12))
    # Argentina signed the Cartagena Protocol on 24 May 2000 and was not a party in January
    # 2011 (CBD Secretariat list of Parties); Australia was not a party in March 2010 (DFAT).
    assert not parties.is_party("Argentina", "cartagena", on=D(2011, 1, 24))
    assert not parties.is_party("Australia", "cartagena", on=D(2010, 3, 26))
    # The United States has not joined the Convention on Biological Diversity (Vox, written
    # at CBD COP16, which opened 21 October 2024; the State Department said so in 2004), and
    # CBD Article 32(1) admits only Parties to the CBD to its protocols: not a party to the
    # Cartagena Protocol in 2024, the answer resting on those statements (flagged secondary).
    us_2024 = parties.status("US", "cartagena", on=D(2024, 1, 1))
    assert not us_2024.is_party and us_2024.complete_to == D(2017, 6, 1)
    assert us_2024.non_party is not None
    assert [c.id for c in us_2024.non_party.sources] == ["vox-cbd-2024", "state-cpb-faq-2004"]
    assert us_2024.non_party.unverified == {"status"}
    assert not parties.is_party("US", "cartagena", on=D(2024, 10, 21))
    with pytest.raises(mt.MissingDataError, match="known not to have been a party"):
        parties.is_party("US", "cartagena", on=D(2024, 10, 22))
    # Within a complete list the list answers by itself, with no statement attached.
    assert parties.status("US", "basel", on=D(2020, 1, 1)).non_party is None
    # A known non-party never also has a record in the same list.
    import csv
    import io
    from importlib.resources import files

    text = files("mea_trade").joinpath("data/parties/non_parties.csv").read_text(encoding="utf-8")
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("#")))
        )
    )
    assert len(rows) >= 50
    assert len({(r["instrument"], r["country"]) for r in rows}) == len(rows)
    for row in rows:
        # a statement is for a country absent from the list; lists now complete keep theirs
        # as evidence
        assert parties.history(row["country"], row["instrument"]) == (), row
        known = parties.known_non_party(row["country"], row["instrument"])
        assert known is not None and known.sources
        assert known.signed is None or known.signed <= known.confirmed_until


def test_each_list_is_dated_no_earlier_than_its_newest_record() -> None:
    for inst in instruments.all_instruments():
        as_of = parties.coverage()[inst.id]
        for country in parties.parties(inst, on=D(2100, 1, 1), allow_partial=True):
            assert parties.history(country, inst)[-1].deposited <= as_of, (inst.id, country)
