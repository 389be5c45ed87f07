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
html_static_path: list[str] = []
suppress_warnings = ["ref.python"]


def _rst(text: str) -> str:
    return text.replace("*", "\\*")


def _write_generated(app: Any) -> None:
    """Write the dataset and unverified-value tables from the bundled data."""
    from mea_trade.catalog import mixtures, substances
    from mea_trade.manifest import datasets

    out = ROOT / "_generated"
    out.mkdir(exist_ok=True)
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 25 40 10 8 30",
        "",
        "   * - File",
        "     - Contents",
        "     - As of",
        "     - Rows",
        "     - Sources",
    ]
    for ds in datasets():
        lines += [
            f"   * - ``{ds.path}``",
            f"     - {ds.title}",
            f"     - {ds.as_of.isoformat()}",
            f"     - {ds.rows}",
            "     - " + ", ".join(f"``{c.id}``" for c in ds.sources),
        ]
    (out / "datasets.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = []
    for sub in substances():
        if sub.unverified:
            rows.append((sub.name, ", ".join(sorted(sub.unverified)), sub.note or ""))
    for mix in mixtures():
        if mix.unverified:
            rows.append((mix.name or "", ", ".join(sorted(mix.unverified)), mix.note or ""))
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 15 15 70",
        "",
        "   * - Record",
        "     - Unverified field",
        "     - Note",
    ]
    for name, fields, note in rows:
        lines += [f"   * - {name}", f"     - {fields}", f"     - {_rst(note)}"]
    (out / "unverified.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")

    cites = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 18 22 60",
        "",
        "   * - Id",
        "     - Source",
        "     - Title and address",
    ]
    from mea_trade.citations import all_citations

    for cid, c in all_citations().items():
        cites += [
            f"   * - ``{cid}``",
            f"     - {c.instrument}: {c.provision}",
            f"     - {_rst(c.title)} <{c.url}>",
        ]
    (out / "sources.rst").write_text("\n".join(cites) + "\n", encoding="utf-8")

    blends = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 12 48 10 12 18",
        "",
        "   * - Blend",
        "     - Composition (mass %)",
        "     - ODP",
        "     - GWP (kigali)",
        "     - Groups",
    ]
    for mix in mixtures():
        comp = ", ".join(f"{c.substance.name} {c.percent:g}" for c in mix.components)
        blends += [
            f"   * - {mix.name}",
            f"     - {comp}",
            f"     - {mix.odp:.5g}",
            f"     - {mix.gwp():.6g}",
            f"     - {', '.join(mix.annex_groups)}",
        ]
    (out / "blends.rst").write_text("\n".join(blends) + "\n", encoding="utf-8")


def setup(app: Any) -> None:
    app.connect("builder-inited", _write_generated)
