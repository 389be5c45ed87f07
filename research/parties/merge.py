"""Merge the research files into the bundled party lists (maintenance tool, not shipped).

Usage: .venv/bin/python research/parties/merge.py [--write]

Without ``--write`` it prints what it would change; with it, it rewrites
``src/mea_trade/data/parties/<instrument>.csv`` and ``non_parties.csv``. Run
``python -m mea_trade.manifest`` afterwards. Running it twice changes nothing the
second time.

Inputs, per instrument, in ``research/parties/<instrument>/`` (see README.md):

- ``<source id>.csv``: transcriptions read in one source (the file is named by the
  ``sources.csv`` id the bundled rows cite), columns ``TRANSCRIPTION``;
- ``corrections.csv``: re-checks of bundled rows, columns ``CORRECTION``. A row whose
  ``decision`` starts with ``correct`` changes the bundled value (from ``bundled_value``
  to ``correct_value``; ``source`` names the ids that support the new value,
  ``verified`` says whether the field is confirmed, ``eif_basis`` applies to a new
  date of entry into force); ``flag`` and ``unresolved`` rows add the field to
  ``unverified`` and the note to the bundled note; other rows are kept for the record;
- ``non_parties.csv``: dated statements that a country was not a party (the bundled
  file's columns). For each country the latest statement is bundled and the others are
  named in its note.

Rules:

- A transcription adds a country only if the bundled list lacks it and the row has a
  deposit date; bundled rows change only through ``corrections.csv``. A disagreement
  between a transcription and a bundled row is printed for a maintainer.
- ``unverified``: a transcription with ``verified`` filled in carries its own list
  (the fields resting on a single secondary source); older rows without it are flagged
  ``deposited`` when their note starts with "UNVERIFIED". A kind of act that is not
  recorded becomes "ratification" with ``action`` flagged, in new rows and in bundled
  rows that left it blank; a row whose note calls its kind of act a placeholder has
  ``action`` flagged.
- Entry into force is computed from the instrument's rule (``eif_basis = computed``)
  unless the source states it; a stated date that breaks the rule is kept and flagged.
  The rule: the instrument's own date for instruments deposited before it where the
  text says so (CWC Art. XXI; the Montreal Protocol amendments and Kigali), otherwise
  the later of that date and deposit + ``eif_days`` (counted from the threshold
  instrument: Basel Art. 25, Art. 17(5) for the Ban Amendment, Rotterdam and
  Stockholm Art. 26, Minamata Art. 31, CITES Art. XXII). Cartagena Art. 37(2) is worded
  like the CWC, but the CBD Secretariat's list applies deposit + 90 days: deposits
  between the 50th instrument and 11 Sep 2003 keep deposit + 90 days, flagged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import re
import sys
from collections import defaultdict

from mea_trade import countries, instruments
from mea_trade.errors import MeaTradeError

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[1] / "src" / "mea_trade" / "data" / "parties"

TRANSCRIPTION = [
    "instrument",
    "participant",
    "iso2",
    "action",
    "deposit_date",
    "entry_into_force",
    "withdrawal_date",
    "withdrawal_effective",
    "source",
    "source_url",
    "sources_agreeing",
    "verified",
    "unverified",
    "quote",
    "note",
]
CORRECTION = [
    "instrument",
    "country",
    "field",
    "bundled_value",
    "correct_value",
    "source",
    "eif_basis",
    "verified",
    "sources",
    "quote",
    "decision",
    "note",
]
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
NON_PARTY = ["instrument", "country", "signed", "confirmed_until", "source", "note", "unverified"]
SPECIAL = {"corrections.csv", "non_parties.csv"}
ACTIONS = {
    "ratification",
    "accession",
    "acceptance",
    "approval",
    "succession",
    "formal_confirmation",
}
# Instruments whose text gives their own date of entry into force to every instrument
# deposited before it (the 30 or 90 days run only for later deposits).
OWN_DATE_FIRST = {
    "vienna",
    "montreal",
    "london",
    "copenhagen",
    "montreal_amendment",
    "beijing",
    "kigali",
    "cwc",
}
# Research rows not merged, with the reason (they stay in the research files).
EXCLUDE = {
    ("kigali", "HT"): (
        "third-hand: a dashboard's issue log on GitHub (repository not identified) quoting the "
        "Ozone Secretariat table; confirm on UNTC XXVII-2-f"
    ),
    ("cartagena", "SL"): "a code comment in a third-party GitHub file is the only source",
    ("kigali", "CD"): (
        "the Dutch table's 'Congo, Democratische Republiek' (16 Jun 2022) is the Republic of the "
        "Congo in the UNTC table and the Secretariat's: moved to CG (kigali/corrections.csv)"
    ),
    ("minamata", "TT"): (
        "lead only: a third-party catalogue cites depositary notification C.N.260.2026, which "
        "was not read; its date may be that of the notification"
    ),
}
CARTAGENA_WINDOW = (
    "Deposited after the 50th instrument but before the Protocol entered into force (11 Sep "
    "2003): Art. 37(2) covers only States joining after the entry into force, so by the text "
    "this State was bound from 11 Sep 2003; the CBD Secretariat's list applies deposit + 90 "
    "days (Antigua and Barbuda), which this row follows until the depositary's date is read."
)
PLACEHOLDER = "Kind of act not stated by the source; 'ratification' is a placeholder."
LOCAL_EXTRACT = re.compile(
    r"Read in the local extract /work/shared/sources/treaty-memberships/\S+ \(derived from "
    r"([^)]*)\)\."
)


def read_csv(path: pathlib.Path) -> list[dict[str, str]]:
    """Rows of a CSV file, comment lines (#) skipped."""
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(io.StringIO(body))]


def read_library(instrument: str) -> tuple[list[str], list[dict[str, str]]]:
    """The bundled file's comment lines and rows."""
    path = DATA / f"{instrument}.csv"
    head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    return head, read_csv(path)


def write_csv(
    path: pathlib.Path, head: list[str], fields: list[str], rows: list[dict[str, str]]
) -> None:
    """Write *rows* under the comment lines *head*."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})
    path.write_text("".join(f"{line}\n" for line in head) + out.getvalue(), encoding="utf-8")


def iso2(code: str) -> str | None:
    """The ISO alpha-2 code of a code or name, or None if unknown."""
    code = code.strip()
    if code in {"EU", "EUE", "EUR"}:
        return "EU"
    try:
        return countries.get(code).alpha2
    except MeaTradeError:
        return None


def _d(cell: str | None) -> dt.date | None:
    cell = (cell or "").strip()
    if not cell or cell in {"NA", "9999-12-31"}:
        return None
    return dt.date.fromisoformat(cell)


def eif_by_rule(instrument: str, deposited: dt.date) -> dt.date:
    """Entry into force for a State depositing on *deposited* (see the module docstring)."""
    inst = instruments.get(instrument)
    assert inst.entry_into_force is not None
    later = deposited + dt.timedelta(days=inst.eif_days)
    if instrument in OWN_DATE_FIRST:
        return inst.entry_into_force if deposited < inst.entry_into_force else later
    return max(inst.entry_into_force, later)


def in_cartagena_window(instrument: str, deposited: dt.date) -> bool:
    """A Cartagena deposit whose deposit + 90 days falls after 11 Sep 2003 but which preceded it."""
    if instrument != "cartagena":
        return False
    start = instruments.get(instrument).entry_into_force
    assert start is not None
    return deposited < start < deposited + dt.timedelta(days=90)


def flags(cell: str) -> list[str]:
    """The entries of a ``;``-list."""
    return [x for x in cell.split(";") if x]


def add_note(note: str, extra: str) -> str:
    """*note* with *extra* appended, unless it is already there."""
    extra = extra.strip()
    if not extra or extra in note:
        return note
    return f"{note} {extra}".strip()


def from_research(instrument: str, row: dict[str, str]) -> dict[str, str] | None:
    """A bundled row from a transcription, or None without a deposit date."""
    deposited = _d(row.get("deposit_date"))
    if deposited is None:
        return None
    action = row.get("action", "").lower().replace(" ", "_")
    note = LOCAL_EXTRACT.sub(r"Read in an extract derived from \1.", row.get("note", ""))
    if row.get("verified"):
        unverified = flags(row.get("unverified", ""))
    else:
        unverified = ["deposited"] if note.upper().startswith("UNVERIFIED") else []
    if action not in ACTIONS:
        action = "ratification"
        unverified.append("action")
        note += " " + PLACEHOLDER
    rule = eif_by_rule(instrument, deposited)
    stated = _d(row.get("entry_into_force"))
    basis = "computed"
    if stated is not None:
        basis = "stated"
        if stated != rule:
            note += (
                f" The source states entry into force on {stated}, which breaks the"
                f" instrument's rule ({rule})."
            )
            unverified.append("entry_into_force")
            rule = stated
    if in_cartagena_window(instrument, deposited):
        unverified.append("entry_into_force")
        note += " " + CARTAGENA_WINDOW
    if row.get("quote"):
        note += f" Read: {row['quote']}."
    agreeing = flags(row.get("sources_agreeing", ""))
    if row.get("verified") == "yes" and len(agreeing) > 1:
        note += f" The deposit date is confirmed: {', '.join(agreeing)} agree."
    url = row.get("source_url", "")
    return {
        "country": "",
        "action": action,
        "deposited": deposited.isoformat(),
        "entry_into_force": rule.isoformat(),
        "eif_basis": basis,
        "withdrawn": "",
        "withdrawal_effective": "",
        "source": row.get("source", ""),
        "note": f"{note.strip()} Source: {url}".strip(),
        "unverified": ";".join(dict.fromkeys(unverified)),
    }


def transcriptions(instrument: str) -> list[dict[str, str]]:
    """Every transcription row of *instrument*, with the file it came from."""
    out = []
    for path in sorted((HERE / instrument).glob("*.csv")):
        if path.name in SPECIAL:
            continue
        for row in read_csv(path):
            row["_file"] = f"{instrument}/{path.name}"
            out.append(row)
    return out


def corrections(instrument: str) -> dict[str, list[dict[str, str]]]:
    """The rows of ``<instrument>/corrections.csv`` by country, in file order."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    path = HERE / instrument / "corrections.csv"
    if path.exists():
        for row in read_csv(path):
            groups[row["country"]].append(row)
    return groups


def apply_corrections(instrument: str, have: dict[str, dict[str, str]], log: list[str]) -> None:
    """Apply ``corrections.csv`` to the bundled rows *have* (by country), in place."""
    groups = corrections(instrument)
    for code, group in groups.items():
        fixes = [c for c in group if c["decision"].startswith("correct")]
        if fixes:
            _correct(instrument, code, fixes, have, log)
        for c in group:
            if not c["decision"].startswith(("flag", "unresolved", "keep, unresolved")):
                continue
            row = have.get(code)
            if row is None:
                log.append(f"  ? {code}: {c['decision']} for a country not in the list")
                continue
            marked = flags(row["unverified"])
            text = f"Unresolved ({c['field']}): {c['note']}"
            if c["decision"].startswith("flag"):
                text = c["note"]
            if c["field"] in marked and text in row["note"]:
                continue
            row["unverified"] = ";".join(dict.fromkeys([*marked, c["field"]]))
            row["note"] = add_note(row["note"], text)
            log.append(f"  ~ {code}: {c['field']} flagged ({c['decision']})")


def _correct(
    instrument: str,
    code: str,
    fixes: list[dict[str, str]],
    have: dict[str, dict[str, str]],
    log: list[str],
) -> None:
    moved = next((c for c in fixes if c["field"] == "country"), None)
    row = have.get(code)
    if row is None and moved is not None:
        row = have.get(moved["correct_value"])
    if row is None:
        log.append(f"  ? {code}: correction for a country not in the list")
        return
    changed: list[dict[str, str]] = []
    for c in fixes:
        current = row[c["field"]]
        if current == c["correct_value"]:
            continue
        if current != c["bundled_value"]:
            log.append(
                f"  ! {code}: {c['field']} is {current!r}, the correction expects "
                f"{c['bundled_value']!r} -> {c['correct_value']!r}; not applied"
            )
            continue
        changed.append(c)
    if not changed:
        return
    old_sources = flags(row["source"])
    new_sources = [s for c in changed for s in flags(c["source"])]
    if any(c["field"] == "deposited" for c in changed):
        sources = list(dict.fromkeys(new_sources))
    else:
        sources = list(dict.fromkeys([*old_sources, *new_sources]))
    marked = flags(row["unverified"])
    what = []
    for c in changed:
        field = c["field"]
        row[field] = c["correct_value"]
        what.append(f"{field} {c['bundled_value'] or '(blank)'} -> {c['correct_value']}")
        if field == "entry_into_force" and c["eif_basis"]:
            row["eif_basis"] = c["eif_basis"]
        if field != "country":
            if c["verified"] == "yes":
                marked = [m for m in marked if m != field]
            elif field not in marked:
                marked.append(field)
    notes = list(dict.fromkeys(c["note"] for c in changed if c["note"]))
    row["source"] = ";".join(sources)
    row["unverified"] = ";".join(marked)
    row["note"] = add_note(
        row["note"],
        f"CORRECTED ({'; '.join(what)}; the row previously cited {', '.join(old_sources)}): "
        + " ".join(notes),
    )
    if moved is not None and moved in changed:
        del have[code]
        if row["country"] in have:
            raise SystemExit(f"{instrument}: {code} -> {row['country']} collides with a row")
        have[row["country"]] = row
    log.append(f"  * {code}: {'; '.join(what)}")


def merge_instrument(instrument: str, write: bool) -> dict[str, dict[str, str]]:
    """Merge one list; return its rows after the merge, the latest per country."""
    head, rows = read_library(instrument)
    before = len(rows)
    original = [dict(r) for r in rows]
    # corrections apply to a country's latest row; earlier ones (before a withdrawal) stay
    rows = sorted(rows, key=lambda r: (r["country"], r["deposited"]))
    have = {r["country"]: r for r in rows}
    earlier = [r for r in rows if have[r["country"]] is not r]
    log: list[str] = []
    apply_corrections(instrument, have, log)
    for row in [*earlier, *have.values()]:
        if not row["action"]:  # the kind of act is not recorded: the placeholder convention
            row["action"] = "ratification"
            row["note"] = add_note(row["note"], PLACEHOLDER)
            log.append(f"  ~ {row['country']}: blank action written as the placeholder")
        if "placeholder" in row["note"] and "action" not in flags(row["unverified"]):
            row["unverified"] = ";".join([*flags(row["unverified"]), "action"])
            log.append(f"  ~ {row['country']}: action flagged (the note calls it a placeholder)")
    # disagreements already re-checked in corrections.csv are not reported again
    rechecked = {
        (code, c["bundled_value"])
        for code, group in corrections(instrument).items()
        for c in group
        if c["field"] == "deposited"
    }
    added: dict[str, dict[str, str]] = {}
    for row in transcriptions(instrument):
        code = iso2(row.get("iso2") or row.get("participant") or "")
        if code is None:
            log.append(f"  ? unknown country {row.get('participant')!r} ({row['_file']})")
            continue
        if (instrument, code) in EXCLUDE:
            line = f"  x {code}: not merged ({EXCLUDE[(instrument, code)]})"
            if code not in have and line not in log:
                log.append(line)
            continue
        new = from_research(instrument, row)
        old = have.get(code) or added.get(code)
        if old is not None:
            if new and (code, new["deposited"]) in rechecked:
                continue
            if new and new["deposited"] != old["deposited"]:
                log.append(
                    f"  ! {code}: bundled {old['deposited']}, {row['_file']} {new['deposited']}"
                )
            elif new and "action" in old["unverified"] and "action" not in new["unverified"]:
                log.append(f"  + {code}: action {new['action']} in {row['_file']}")
            continue
        if new is None:
            continue  # a lead without a deposit date
        new["country"] = code
        added[code] = new
        log.append(f"  + {code}: added from {row['_file']}")
    key = lambda r: (r["country"], r["deposited"])  # noqa: E731
    merged = sorted([*earlier, *have.values(), *added.values()], key=key)
    changed = merged != sorted(original, key=key)
    print(f"== {instrument}: {before} bundled, {len(added)} added, {len(merged)} after")
    for line in log:
        print(line)
    if write and changed:
        write_csv(DATA / f"{instrument}.csv", head, FIELDS, merged)
    return {**have, **added}


def merge_non_parties(lists: dict[str, dict[str, dict[str, str]]], write: bool) -> None:
    """Bundle the latest dated statement per (instrument, country); name the others.

    *lists* holds the merged party lists (instrument -> country -> row): a country with a
    participation row needs no statement, so its statements are dropped (and printed).
    """
    path = DATA / "non_parties.csv"
    head = [x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("#")]
    bundled = read_csv(path)
    research: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for file in sorted(HERE.glob("*/non_parties.csv")):
        if file.parent.name.startswith("_"):
            continue
        for row in read_csv(file):
            research[(row["instrument"], row["country"])].append(row)
    out: dict[tuple[str, str], dict[str, str]] = {
        (r["instrument"], r["country"]): r
        for r in bundled
        if (r["instrument"], r["country"]) not in research
    }
    for key, rows in research.items():
        rows = sorted(rows, key=lambda r: (r["confirmed_until"], not r["unverified"]))
        latest, others = dict(rows[-1]), rows[:-1]
        marked = flags(latest["unverified"])
        signer = next(
            (r for r in reversed(rows) if r["signed"] and "signed" not in r["unverified"]), None
        )
        if signer is not None:
            latest["signed"] = signer["signed"]
            marked = [m for m in marked if m != "signed"]
        latest["unverified"] = ";".join(marked)
        latest["source"] = ";".join(
            dict.fromkeys(s for r in reversed(rows) for s in flags(r["source"]))
        )
        if others:
            latest["note"] += " Earlier statements: " + " ".join(
                f"[to {r['confirmed_until']}, {r['source']}] {r['note']}" for r in reversed(others)
            )
        out[key] = latest
    # a participation row answers for the country itself; report contradictions
    for (inst, code), row in sorted(out.items()):
        member = lists.get(inst, {}).get(code)
        if member is not None:
            clash = member["deposited"] <= row["confirmed_until"]
            print(
                f"  {'!' if clash else '-'} non-party {inst}/{code} dropped: the list has a row "
                f"(deposited {member['deposited']}; statement to {row['confirmed_until']})"
            )
            del out[(inst, code)]
    rows = sorted(out.values(), key=lambda r: (r["instrument"], r["country"]))
    print(f"== non_parties: {len(bundled)} bundled, {len(rows)} after")
    if write and rows != sorted(bundled, key=lambda r: (r["instrument"], r["country"])):
        write_csv(path, head, NON_PARTY, rows)


def main(write: bool) -> None:
    """Merge every instrument that has a research folder, then the non-party statements."""
    lists = {}
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith("_")):
        if (DATA / f"{folder.name}.csv").exists():
            lists[folder.name] = merge_instrument(folder.name, write)
    merge_non_parties(lists, write)


if __name__ == "__main__":
    main("--write" in sys.argv)
