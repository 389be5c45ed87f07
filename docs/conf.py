"""Sphinx configuration for mea_trade."""

from __future__ import annotations

import pathlib
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

project = "mea_trade"
author = "mea_trade developers"
copyright = "2026, mea_trade developers"

import mea_trade  # noqa: E402

release = version = mea_trade.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_google_docstring = True
napoleon_use_ivar = True
intersphinx_mapping: dict[str, tuple[str, None]] = {}
nitpicky = False
exclude_patterns = ["_build", "_generated"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_css_files = ["wide.css"]
html_theme_options = {"page_width": "min(1240px, 100%)", "sidebar_width": "230px"}
suppress_warnings = ["ref.python"]


def _rst(text: str) -> str:
    """Escape what reStructuredText would read as markup in free text from the data."""
    import re

    text = text.replace("\\", "\\\\")
    for char in ("*", "`", "|"):
        text = text.replace(char, "\\" + char)
    return re.sub(r"_(?=\W|$)", r"\\_", text)


def _list_table(widths: str, header: list[str], rows: list[list[str]]) -> str:
    """Render an RST list-table."""
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in [header, *rows]:
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    return "\n".join(lines) + "\n"


def _all_participations() -> list[Any]:
    from mea_trade.instruments import all_instruments
    from mea_trade.parties import _records, coverage

    covered = coverage()
    return [
        records
        for inst in all_instruments()
        if inst.id in covered
        for records in _records(inst).values()
    ]


def _write_generated(app: Any) -> None:
    """Write the dataset, blend, source and unverified-value tables from the bundled data."""
    from mea_trade._data import read_csv
    from mea_trade.catalog import mixtures, substances
    from mea_trade.citations import all_citations
    from mea_trade.manifest import datasets

    out = ROOT / "_generated"
    out.mkdir(exist_ok=True)
    tables = {
        "datasets.rst": _list_table(
            "25 40 10 8 30",
            ["File", "Contents", "As of", "Rows", "Sources"],
            [
                [
                    f"``{d.path}``",
                    d.title,
                    d.as_of.isoformat(),
                    str(d.rows),
                    ", ".join(f"``{c.id}``" for c in d.sources),
                ]
                for d in datasets()
            ],
        ),
        "unverified.rst": _list_table(
            "15 15 70",
            ["Record", "Unverified field", "Note"],
            [
                [rec.name or "", ", ".join(sorted(rec.unverified)), _rst(rec.note or "")]
                for rec in [*substances(), *mixtures()]
                if rec.unverified
            ]
            + [
                [
                    f"{p.country.name} / {p.instrument.short_name}",
                    ", ".join(sorted(p.unverified)),
                    _rst(p.note or ""),
                ]
                for rs in _all_participations()
                for p in rs
                if p.unverified
            ]
            + [
                [f"{row['country']} / OECD membership", row["unverified"], _rst(row["note"])]
                for row in read_csv("parties/oecd_members.csv")
                if row["unverified"]
            ]
            + [
                [
                    f"``{path}``: {row[label]}",
                    f"read in: {row['verified']}",
                    _rst(row["note"]),
                ]
                for path, label in (
                    ("montreal/trade_rules.csv", "paragraph"),
                    ("montreal/licensing.csv", "paragraph"),
                    ("montreal/regional.csv", "measure"),
                )
                for row in read_csv(path)
                if row["verified"] != "text"
            ]
            + [
                [
                    f"Basel {row['code']} ({row['list']})",
                    row["unverified"].replace(";", ", "),
                    _rst(row["note"]),
                ]
                for row in read_csv("basel/list_entries.csv")
                if set(row["unverified"].split(";")) - {"", "effective"}
            ]
            + [
                [
                    "Basel Annex VIII and IX entries of the 2014 text",
                    "effective",
                    "The dates on which Annexes VIII and IX (decision IV/9, adopted 27 February "
                    "1998) and the later entries took effect were not read; such an entry is "
                    "answered as in effect, with a note, between its adoption and the 2014 text.",
                ]
            ]
            + [
                [f"Basel Article 11: {row['id']}", "terms", _rst(row["note"])]
                for row in read_csv("basel/agreements.csv")
                if row["verified"] != "text"
            ]
            + [
                [f"Organism {row['name']}", row["unverified"], _rst(row["note"])]
                for row in read_csv("organisms/crops.csv")
                if row["unverified"]
            ]
            + _chemical_unverified(),
        ),
        "sources.rst": _list_table(
            "18 22 60",
            ["Id", "Source", "Title and address"],
            [
                [f"``{cid}``", f"{c.instrument}: {c.provision}", f"{_rst(c.title)} <{c.url}>"]
                for cid, c in all_citations().items()
            ],
        ),
        "blends.rst": _list_table(
            "12 48 10 12 18",
            ["Blend", "Composition (mass %)", "ODP", "GWP (kigali)", "Groups"],
            [
                [
                    mix.name or "",
                    ", ".join(f"{c.substance.name} {c.percent:g}" for c in mix.components),
                    f"{mix.odp:.5g}",
                    f"{mix.gwp():.6g}",
                    ", ".join(mix.annex_groups),
                ]
                for mix in mixtures()
            ],
        ),
    }
    tables["control_measures.rst"] = _control_measures_table()
    tables["party_lists.rst"] = _party_lists_tables()
    tables["cli.rst"] = _cli_reference()
    from mea_trade.screening import FILE_FORMAT

    tables["file_format.txt"] = FILE_FORMAT + "\n"
    tables["changelog.rst"] = _changelog()
    for name, text in tables.items():
        (out / name).write_text(text, encoding="utf-8")
    _write_instrument_pages()
    _write_charts(out)


def _chemical_unverified() -> list[list[str]]:
    """Unverified identities and listings of the chemical conventions' data files."""
    from mea_trade._data import read_csv

    rows = []
    for row in read_csv("chemicals/chemicals.csv"):
        if row["unverified"]:
            rows.append([row["name"], row["unverified"].replace(";", ", "), _rst(row["note"])])
    files = [
        ("rotterdam/annex_iii.csv", "Rotterdam Annex III", "entry"),
        ("stockholm/annex_a.csv", "Stockholm Annex A", "entry"),
        ("stockholm/annex_b.csv", "Stockholm Annex B", "entry"),
        ("stockholm/annex_c.csv", "Stockholm Annex C", "entry"),
        ("minamata/annex_a.csv", "Minamata Annex A", "entry"),
        ("minamata/annex_b.csv", "Minamata Annex B", "process"),
        ("cwc/schedules.csv", "CWC", "name"),
        ("cwc/transfer_rules.csv", "CWC", "provision"),
        ("stockholm/amendment_declarations.csv", "Stockholm Art. 25(4)", "country"),
        ("minamata/amendment_declarations.csv", "Minamata Art. 30(5)", "country"),
    ]
    for path, label, column in files:
        for row in read_csv(path):
            if row["unverified"]:
                name = row[column]
                short = name if len(name) <= 70 else name[:67] + "..."
                rows.append(
                    [
                        f"{label}: {_rst(short)}",
                        row["unverified"].replace(";", ", "),
                        _rst(row.get("note", "")[:400]),
                    ]
                )
    return rows


def _cli_reference() -> str:
    """Every command's ``--help``, from the parser itself (so it cannot drift)."""
    import os

    from mea_trade.cli import _parser

    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal width
    parser = _parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    parts = ["``mea-trade --help``", "", ".. code-block:: text", ""]
    parts += ["   " + line for line in parser.format_help().splitlines()]
    for name, command in sub.choices.items():
        title = f"mea-trade {name}"
        parts += ["", title, "-" * len(title), "", ".. code-block:: text", ""]
        parts += ["   " + line if line else "" for line in command.format_help().splitlines()]
    return "\n".join(parts) + "\n"


def _inline(text: str) -> str:
    """Markdown inline markup as reStructuredText: code, links, bold."""
    import re

    pieces = re.split(r"(`[^`]+`)", text)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            code = f"``{piece[1:-1]}``"
            if out and re.search(r"\w$", out[-1]):
                code = "\\ " + code  # inline markup needs a non-word character outside
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            if re.match(r"\w", following):
                code += "\\ "
            out.append(code)
            continue
        piece = _rst(piece)
        piece = re.sub(r"\[([^\]]+)\]\((https?://[^)]+)\)", r"`\1 <\2>`__", piece)
        piece = re.sub(r"\\\*\\\*([^*]+?)\\\*\\\*", r"**\1**", piece)
        out.append(piece)
    return "".join(out)


def _changelog() -> str:
    """CHANGELOG.md (Keep a Changelog) as reStructuredText: headings, lists, paragraphs."""
    import re

    lines = (ROOT.parent / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    marks = {2: "=", 3: "-"}
    out: list[str] = []
    item: list[str] | None = None

    def flush() -> None:
        nonlocal item
        if item is not None:
            words = " ".join(part.strip() for part in item)
            out.append("* " + _inline(words))
            item = None

    for line in lines:
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            flush()
            level = len(heading.group(1))
            if level == 1:
                continue  # the page has its own title
            title = _inline(heading.group(2))
            out += ["", title, marks.get(level, "~") * len(title), ""]
        elif re.match(r"^\s*[-*] ", line):
            flush()
            item = [re.sub(r"^\s*[-*] ", "", line)]
        elif line.strip() and item is not None and line.startswith(" "):
            item.append(line)
        else:
            flush()
            out.append(_inline(line) if line.strip() else "")
    flush()
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _control_measures_table() -> str:
    """Every control step, grouped by annex group, party class and kind."""
    from mea_trade import montreal

    rows = []
    for (group, cls, kind), steps in sorted(montreal.controls._TABLES.get().schedules.items()):
        for step in steps:
            until = str(step.last_year) if step.last_year else ""
            pct = f"{step.percent:g}"
            if step.averaged_over:
                pct += f" (average {step.averaged_over[0]}-{step.averaged_over[1]})"
            base = step.baseline.describe_core() if step.baseline else "(ban)"
            rows.append(
                [
                    group,
                    cls,
                    kind,
                    step.start.isoformat(),
                    until,
                    pct,
                    _rst(base),
                    _rst(step.provision) + ("" if step.verified else " [ORS]"),
                ]
            )
    return _list_table(
        "6 7 9 10 6 10 30 22",
        ["Group", "Class", "Kind", "From", "Until", "% of baseline", "Baseline", "Provision"],
        rows,
    )


def _party_lists_tables() -> str:
    """How far each party list reaches (MANIFEST.json complete_to) against the published
    count (parties/counts.csv), with a table per list complete only to an earlier date."""
    import datetime as dt
    import json

    from mea_trade._data import read_csv, read_text
    from mea_trade.instruments import get as instrument

    manifest = {d["path"]: d for d in json.loads(read_text("MANIFEST.json"))["datasets"]}
    counts = {row["instrument"]: row for row in read_csv("parties/counts.csv")}

    def in_list(inst: str, day: dt.date, eu: bool) -> tuple[int, int]:
        bound, deposited = set(), set()
        for row in read_csv(f"parties/{inst}.csv"):
            if row["country"] == "EU" and not eu:
                continue
            end = row["withdrawal_effective"]
            if end and dt.date.fromisoformat(end) <= day:
                continue
            if dt.date.fromisoformat(row["deposited"]) <= day:
                deposited.add(row["country"])
            if dt.date.fromisoformat(row["entry_into_force"]) <= day:
                bound.add(row["country"])
        return len(bound), len(deposited)

    summary, details = [], []
    for inst_id, count in counts.items():
        entry = manifest[f"parties/{inst_id}.csv"]
        name = instrument(inst_id).short_name
        day = dt.date.fromisoformat(count["count_date"])
        bound, deposited = in_list(inst_id, day, count["includes_eu"] == "yes")
        flagged = (
            f" (unverified: {count['unverified'].replace(';', ', ')})"
            if count["unverified"]
            else ""
        )
        published = f"{count['count']} on {count['count_date']}{flagged}; " + ", ".join(
            f"``{s}``" for s in count["source"].split(";")
        )
        held = f"{bound} bound, {deposited} deposited"
        complete = entry["complete_to"] == entry["as_of"]
        summary.append(
            [
                name,
                entry["as_of"],
                entry["complete_to"],
                published,
                held,
                "yes" if complete else "no",
            ]
        )
        if not complete:
            details.append(
                f".. rubric:: {name}\n\n"
                + _list_table(
                    "25 75",
                    ["Item", "Value"],
                    [
                        ["Complete to", entry["complete_to"]],
                        ["List as of", entry["as_of"]],
                        ["Published count", published],
                        [
                            "In the bundled list",
                            f"{entry['rows']} participants; on {count['count_date']}: {held}",
                        ],
                        ["What the count counts; parties not in the list", _rst(count["note"])],
                    ],
                )
            )
    table = _list_table(
        "18 10 10 32 18 8",
        [
            "Instrument",
            "List as of",
            "Complete to",
            "Published count (date; source)",
            "In the list on that date",
            "Complete",
        ],
        summary,
    )
    return table + "\n" + "\n".join(details)


def _write_charts(out: pathlib.Path) -> None:
    """Step charts of the HCFC and HFC schedules (needs matplotlib, in the docs extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mea_trade.plot import plot_allowed_levels, plot_schedule

    charts = {
        "schedule_hcfc.png": [("C/I", "NA5"), ("C/I", "A5")],
        "schedule_hfc.png": [("F", "NA5G1"), ("F", "NA5G2"), ("F", "A5G1"), ("F", "A5G2")],
    }
    for name, series in charts.items():
        fig, axes = plt.subplots(1, len(series), figsize=(4 * len(series), 3.2), sharey=True)
        for ax, (group, cls) in zip(axes, series, strict=True):
            plot_schedule(group, cls, first=1995 if group == "C/I" else 2017, ax=ax)
        fig.tight_layout()
        fig.savefig(out / name, dpi=80)
        plt.close(fig)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    plot_allowed_levels("Brazil", "C/I", range(2010, 2041), ax=ax)
    fig.tight_layout()
    fig.savefig(out / "allowed_brazil_hcfc.png", dpi=80)
    plt.close(fig)


def _write_instrument_pages() -> None:
    """One page per instrument, with its party table, from the bundled data."""
    from mea_trade.errors import MissingDataError
    from mea_trade.instruments import all_instruments
    from mea_trade.manifest import datasets
    from mea_trade.parties import _records

    as_of = {d.path: d.as_of for d in datasets()}
    complete = {d.path: d.complete for d in datasets()}
    pages = ROOT / "instruments"
    pages.mkdir(exist_ok=True)
    for inst in all_instruments():
        title = inst.name
        head = [
            title,
            "=" * len(title),
            "",
            f"* Short name: {inst.short_name} (id ``{inst.id}``)",
            f"* Adopted: {inst.adopted.isoformat()}, {inst.place}",
            f"* Entry into force: "
            f"{inst.entry_into_force.isoformat() if inst.entry_into_force else 'not in force'}",
            f"* Depositary: {inst.depositary}",
            f"* For a State joining later: {_rst(inst.eif_rule)}",
            f"* Official text and status: {inst.url}",
            f"* Amends or supplements: ``{inst.parent}``" if inst.parent else "",
            "",
        ]
        try:
            records = sorted(
                (r for rs in _records(inst).values() for r in rs), key=lambda r: r.country.name
            )
        except MissingDataError:
            body = ["No participation data is bundled for this instrument yet.", ""]
        else:
            path = f"parties/{inst.id}.csv"
            warning = (
                []
                if complete[path]
                else [
                    ".. warning:: This list is **incomplete**: a country that is not in it has an "
                    "unknown status (queries raise ``MissingDataError``). See the data file's "
                    "header and the sources for what is missing.",
                    "",
                ]
            )
            body = [
                *warning,
                f"Participation as of {as_of[path].isoformat()} ({len(records)} participants; "
                "withdrawals shown). Dates of entry into force marked * are computed from the "
                "rule above; the others are stated by the source.",
                "",
                _list_table(
                    "30 8 16 12 12 22",
                    ["Participant", "Code", "Action", "Deposited", "In force", "Withdrawal"],
                    [
                        [
                            r.country.name,
                            r.country.alpha2,
                            r.action.replace("_", " ") or "(not stated)",
                            r.deposited.isoformat(),
                            r.entry_into_force.isoformat()
                            + (" \\*" if r.eif_basis == "computed" else ""),
                            r.withdrawal_effective.isoformat() if r.withdrawal_effective else "",
                        ]
                        for r in records
                    ],
                ),
            ]
        (pages / f"{inst.id}.rst").write_text("\n".join(head + body) + "\n", encoding="utf-8")


def setup(app: Any) -> None:
    app.connect("builder-inited", _write_generated)
