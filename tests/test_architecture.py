"""The package's shape: one room per treaty over a shared foundation, imports only downward.

The layers are those of ``docs/architecture.rst`` (and of the design note
``architecture.md``): the foundation knows no treaty; a treaty room knows the
foundation and itself, never another room nor the top; the top combines the
rooms. The test reads every module's imports (function-level ones included), so
a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import re
import subprocess
import sys
import textwrap
import warnings

import pytest

import mea_trade as mt
from mea_trade.registry import ROOMS

PACKAGE = pathlib.Path(mt.__file__).parent
DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs" / "architecture.rst"

FOUNDATION = {
    "_data",
    "_dates",
    "_providers",
    "_rules",
    "_names",
    "_records",
    "errors",
    "citations",
    "cas",
    "units",
    "countries",
    "instruments",
    "parties",
    "territories",
    "hs",
    "manifest",
    "catalog",
    "records",
    "wastes",
    "organisms",
    "chemicals",
    "membership",
    "user_tables",
}
TOP = {
    "__init__",
    "__main__",
    "registry",
    "assessment",
    "listings",
    "hs_flags",
    "screening",
    "columnar",
    "plot",
    "cli",
    "testing",
    "scale",
}
#: Old import paths kept as aliases for one release (see the CHANGELOG).
DEPRECATED = {"quota", "rules"}
ROOM_NAMES = {room.name for room in ROOMS}


def _modules() -> dict[str, pathlib.Path]:
    """Dotted names below ``mea_trade`` (without the prefix) -> file."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "data" in path.relative_to(PACKAGE).parts:
            continue
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        out[".".join(parts)] = path
    return out


def _top_level(name: str) -> str:
    return name.split(".")[0]


def _layer(name: str) -> str:
    head = _top_level(name)
    if head in FOUNDATION:
        return "foundation"
    if head in ROOM_NAMES:
        return "room"
    if head in TOP:
        return "top"
    if head in DEPRECATED:
        return "deprecated"
    raise AssertionError(f"module mea_trade.{name} belongs to no layer: add it to docs and here")


def _imports(path: pathlib.Path) -> set[str]:
    """Every ``mea_trade`` module a file imports, wherever the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mea_trade."):
                    found.add(alias.name.removeprefix("mea_trade."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "mea_trade":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("mea_trade."):
                found.add(node.module.removeprefix("mea_trade."))
    return found


MODULES = _modules()


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        _layer(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_downward(name: str) -> None:
    layer = _layer(name)
    for target in _imports(MODULES[name]):
        if target in {"__version__", "DATA_VERSION"}:
            continue
        target_layer = _layer(target)
        if layer == "foundation":
            assert target_layer == "foundation", f"foundation module {name} imports {target}"
        elif layer == "room":
            assert target_layer == "foundation" or _top_level(target) == _top_level(name), (
                f"treaty room module {name} imports {target} (another room or the top)"
            )


def test_rooms_are_packages_with_their_registrations() -> None:
    for room in ROOMS:
        assert (PACKAGE / room.name / "__init__.py").is_file()
        assert room.package == f"mea_trade.{room.name}"
        if room.rules:
            module = importlib.import_module(room.rules)
            assert callable(module.evaluate) and isinstance(module.NAME, str)
            assert room.rules.startswith(room.package + ".")
        if room.listings:
            module_name, _, function = room.listings.partition(":")
            assert module_name.startswith(room.package + ".")
            assert callable(getattr(importlib.import_module(module_name), function))
        for instrument in room.instruments:
            mt.instruments.get(instrument)


def test_architecture_page_names_every_module() -> None:
    """The contributors' page is kept honest: every module is on it, nothing else is."""
    if not DOCS.is_file():
        pytest.skip("docs not present")
    text = DOCS.read_text(encoding="utf-8")
    named = set(re.findall(r"``mea_trade\.([a-z_][a-z0-9_.]*)``", text))
    listed = {n for n in MODULES if n != "__init__"}
    assert listed - named == set(), "modules missing from docs/architecture.rst"
    assert named - listed == set(), "docs/architecture.rst names modules that do not exist"


def test_import_parses_no_data_and_loads_no_room() -> None:
    code = """
        import sys
        import mea_trade
        loaded = sorted(m for m in sys.modules if m.startswith("mea_trade"))
        print(loaded)
        print("pint" in sys.modules, "attrs" in sys.modules)
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "['mea_trade', 'mea_trade.errors']"
    assert out[1] == "False False"


def test_public_names_of_the_montreal_room() -> None:
    for name in mt.montreal.__all__:
        assert getattr(mt.montreal, name) is not None
    step = mt.montreal.control_measure("C/I", "A5", 2025)
    assert step is not None and step.percent == 32.5
    assert mt.quota is mt.montreal.quota
    assert mt.montreal.rules.NAME == "montreal"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("mea_trade.quota", "mea_trade.montreal.quota"),
        ("mea_trade.rules.montreal", "mea_trade.montreal.rules"),
        ("mea_trade.rules.hs_flags", "mea_trade.hs_flags"),
    ],
)
def test_old_import_paths_are_aliases_for_one_release(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert any(issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in caught)
