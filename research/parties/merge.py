"""Merge research transcriptions into the bundled party lists (maintenance tool, not shipped).

Usage: /work/venv/bin/python research/parties/merge.py [--write]

Inputs, all in research/parties/:
- ``<name>.session3.csv``: rows in the research format (instrument, participant, iso2, action,
  deposit_date, entry_into_force, withdrawal_date, withdrawal_effective, source_url, note),
  read one country at a time in official or secondary sources;
- ``huggo_*.csv``: rows transcribed from the HUGGO membership dataset
  (instrument, stateID, stateSignature, stateRat, stateForce, stateWithdrawal, Acceptance,
  Accession, Succession, Consent, Deposit, offset).

Rows already bundled are never changed here; where a new source disagrees with a bundled row,
the disagreement is printed for a maintainer to resolve by hand. New countries are added with
their source id, a note naming the address, and the ``unverified`` fields set. Dates of entry
into force are computed from the instrument's rule (``eif_basis = computed``) unless the source
states one that agrees with the rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import sys
from collections import defaultdict

from mea_trade import countries
from mea_trade.errors import MeaTradeError

HERE = pathlib.Path(__file__).parent
DATA = HERE.parents[1] / "src" / "mea_trade" / "data" / "parties"
HUGGO_URL = (
    "https://github.com/globalgov/manyenviron/blob/68ffcb456f3787b17a4d19fdf79e206f6f26b10f/"
    "data-raw/memberships/HUGGO_MEM/HUGGO_MEM_reconciled.csv"
)
TARGETS = ("basel", "basel_ban", "stockholm", "rotterdam", "minamata", "cartagena", "kigali")
# The instrument's own entry into force; later joiners: deposit + 90 days (see instruments.csv).
EIF = {
    "basel": dt.date(1992, 5, 5),
    "basel_ban": dt.date(2019, 12, 5),
    "stockholm": dt.date(2004, 5, 17),
    "rotterdam": dt.date(2004, 2, 24),
    "minamata": dt.date(2017, 8, 16),
    "cartagena": dt.date(2003, 9, 11),
    "kigali": dt.date(2019, 1, 1),
}
ACTIONS = {
    "ratification",
    "accession",
    "acceptance",
    "approval",
    "succession",
    "formal_confirmation",
}
# Research rows not merged, with the reason (kept in the research files for the record).
EXCLUDE = {
    ("kigali", "HT"): "third-hand: a dashboard's issue log on GitHub quoting the Ozone Secretariat",
    ("cartagena", "SL"): "a code comment in a third-party GitHub file is the only source",
}
FIELDS = [
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
]


def source_id(url: str) -> str:
    """The bundled source id (sources.csv) for a research row's address."""
    rules = [
        ("ozone.unep.org", "ozone-profiles"),
        ("mercuryconvention.org", "minamata-secretariat"),
        ("minamataconvention.org", "minamata-secretariat"),
        ("pic.int", "pic-secretariat"),
        ("fedlex.admin.ch", "ch-fedlex"),
        ("admin.ch", "ch-fedlex"),
        ("verdragen", "nl-verdragenbank"),
        ("inview.nl", "nl-verdragenbank"),
        ("lexisnexis.at", "at-bgbl"),
        ("ris.bka.gv.at", "at-bgbl"),
        ("informea.org", "informea-parties"),
        ("wiki.ban.org", "ban-wiki"),
        ("cbd.int", "cbd-parties-list"),
        ("vlex.com", "unts-vlex"),
        ("manyenviron", "huggo-manyenviron"),
    ]
    for needle, sid in rules:
        if needle in url:
            return sid
    return "mea-announcements"


def eif_by_rule(instrument: str, deposited: dt.date) -> dt.date:
    """Entry into force for a later party: the instrument's own date or deposit + 90 days."""
    return max(EIF[instrument], deposited + dt.timedelta(days=90))


def read_library(instrument: str) -> tuple[list[str], list[dict[str, str]]]:
    """The bundled file's comment lines and rows."""
    text = (DATA / f"{instrument}.csv").read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return head, list(csv.DictReader(io.StringIO(body)))


def iso2(code: str) -> str | None:
    """The ISO alpha-2 code of a code or name, or None if unknown."""
    code = code.strip()
    if code in {"EU", "EUE", "EUR"}:
        return "EU"
    try:
        return countries.get(code).alpha2
    except MeaTradeError:
        return None


def research_rows() -> dict[str, list[dict[str, str]]]:
    """Rows of every ``*.session3.csv`` file, by instrument."""
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(HERE.glob("*.session3*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                row["_file"] = path.name
                out[row["instrument"].strip()].append(row)
    return out


def huggo_rows() -> dict[str, list[dict[str, str]]]:
    """Rows transcribed from the HUGGO dataset, by instrument."""
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(HERE.glob("huggo_*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                row = {k: (v or "").strip() for k, v in row.items() if k}
                if row.get("instrument") in TARGETS:
                    out[row["instrument"]].append(row)
    return out


def _d(cell: str | None) -> dt.date | None:
    cell = (cell or "").strip()
    if not cell or cell in {"NA", "9999-12-31"}:
        return None
    return dt.date.fromisoformat(cell)


def from_research(instrument: str, row: dict[str, str]) -> dict[str, str] | None:
    """A bundled row from a research row, or None without a deposit date."""
    deposited = _d(row.get("deposit_date"))
    if deposited is None:
        return None
    action = (row.get("action") or "").strip().lower().replace(" ", "_")
    note = (row.get("note") or "").strip()
    unverified = []
    if note.upper().startswith("UNVERIFIED"):
        unverified.append("deposited")
    if action not in ACTIONS:
        action = "ratification"
        unverified.append("action")
        note += " Kind of act not stated by the source; 'ratification' is a placeholder."
    rule = eif_by_rule(instrument, deposited)
    stated = _d(row.get("entry_into_force"))
    basis = "computed"
    if stated is not None:
        if stated == rule:
            basis = "stated"
        else:
            note += (
                f" The source states entry into force on {stated}, which breaks the"
                f" instrument's rule ({rule})."
            )
            unverified.append("entry_into_force")
            rule = stated
            basis = "stated"
    url = (row.get("source_url") or "").strip()
    return {
        "country": "",
        "action": action,
        "deposited": deposited.isoformat(),
        "entry_into_force": rule.isoformat(),
        "eif_basis": basis,
        "withdrawn": "",
        "withdrawal_effective": "",
        "source": source_id(url),
        "note": f"{note} Source: {url}".strip(),
        "unverified": ";".join(dict.fromkeys(unverified)),
    }


def from_huggo(instrument: str, row: dict[str, str]) -> dict[str, str] | None:
    """A bundled row from a HUGGO row, or None without a deposit date."""
    deposited = (
        _d(row.get("stateRat"))
        or _d(row.get("Accession"))
        or _d(row.get("Acceptance"))
        or _d(row.get("Succession"))
    )
    if deposited is None:
        return None
    if _d(row.get("Succession")):
        action = "succession"
    elif _d(row.get("Acceptance")):
        action = "acceptance"
    elif _d(row.get("Accession")) or not _d(row.get("stateSignature")):
        action = "accession"
    else:
        action = "ratification"
    unverified = ["deposited"]
    note = (
        f"UNVERIFIED: deposit date from the HUGGO membership dataset (globalgov/manyenviron, "
        f"HUGGO_MEM_reconciled.csv, row {row['stateID']}; "
        f"signature {row.get('stateSignature') or 'none'}), "
        "a research compilation of depositary records, not read on the depositary's page."
    )
    if action == "ratification":
        unverified.append("action")
        note += " HUGGO does not separate ratification from acceptance or approval."
    rule = eif_by_rule(instrument, deposited)
    stated = _d(row.get("stateForce"))
    if stated is not None and stated != rule:
        note += f" HUGGO gives entry into force {stated}; the instrument's rule gives {rule}."
    withdrawn = _d(row.get("stateWithdrawal"))
    if withdrawn is not None:
        note += f" HUGGO records a withdrawal date {withdrawn} (not applied; check the depositary)."
    return {
        "country": "",
        "action": action,
        "deposited": deposited.isoformat(),
        "entry_into_force": rule.isoformat(),
        "eif_basis": "computed",
        "withdrawn": "",
        "withdrawal_effective": "",
        "source": "huggo-manyenviron",
        "note": f"{note} Source: {HUGGO_URL}",
        "unverified": ";".join(unverified),
    }


def main(write: bool) -> None:
    """Print what would change; write the files with ``write``."""
    research = research_rows()
    huggo = huggo_rows()
    for instrument in TARGETS:
        head, rows = read_library(instrument)
        have = {r["country"]: r for r in rows}
        added: dict[str, dict[str, str]] = {}
        print(f"== {instrument}: {len(have)} bundled")
        for row in research.get(instrument, []):
            code = iso2(row.get("iso2") or row.get("participant") or "")
            if code is None:
                print(
                    f"  ? unknown country {row.get('participant')!r} {row.get('iso2')!r}",
                    row["_file"],
                )
                continue
            if (instrument, code) in EXCLUDE:
                print(f"  x {code}: not merged ({EXCLUDE[(instrument, code)]})")
                continue
            new = from_research(instrument, row)
            if code in have or code in added:
                old = have.get(code) or added[code]
                if new and new["deposited"] != old["deposited"]:
                    print(
                        f"  ! {code}: bundled {old['deposited']} vs {row['_file']}",
                        new["deposited"],
                        row.get("note", "")[:120],
                    )
                elif new and "action" in old["unverified"] and "action" not in new["unverified"]:
                    print(
                        f"  + {code}: action {new['action']} could replace placeholder",
                        row["_file"],
                    )
                continue
            if new is None:
                print(f"  - {code}: no deposit date ({row['_file']})")
                continue
            new["country"] = code
            added[code] = new
        agree = 0
        for row in huggo.get(instrument, []):
            code = iso2(row["stateID"])
            if code is None:
                print(f"  ? HUGGO unknown state {row['stateID']!r}")
                continue
            new = from_huggo(instrument, row)
            if new is None:
                continue
            if code in have or code in added:
                old = have.get(code) or added[code]
                if new["deposited"] == old["deposited"]:
                    agree += 1
                else:
                    print(
                        f"  ! {code}: bundled/added {old['deposited']} vs HUGGO {new['deposited']}"
                    )
                continue
            new["country"] = code
            added[code] = new
        print(
            f"  HUGGO agrees with {agree} rows; adding {len(added)}; total {len(have) + len(added)}"
        )
        if write and added:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            for r in sorted([*rows, *added.values()], key=lambda r: r["country"]):
                writer.writerow({k: r.get(k, "") for k in FIELDS})
            (DATA / f"{instrument}.csv").write_text(
                "\n".join(head) + "\n" + out.getvalue(), encoding="utf-8"
            )


if __name__ == "__main__":
    main("--write" in sys.argv)
    sys.exit(0)
