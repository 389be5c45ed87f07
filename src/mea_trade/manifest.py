"""The bundled datasets: what each file holds, how fresh it is and where it comes from.

>>> import mea_trade as mt
>>> ds = {d.path: d for d in mt.datasets()}
>>> ds["montreal/annex_f.csv"].rows
18
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, read_bytes, read_text
from mea_trade.citations import Citation, citation

__all__ = ["Dataset", "as_of", "compute_manifest", "datasets"]


@attrs.frozen(kw_only=True)
class Dataset:
    """One bundled data file.

    Attributes:
        path: path below ``mea_trade/data``.
        title: what the file holds.
        as_of: the date up to which the file reflects its sources.
        sources: the citations the file's rows draw on.
        rows: number of data rows.
        sha256: checksum of the file as shipped.
        complete: False for a list known to miss entries (a party list still being
            transcribed): absence from it then means "unknown", not "no".
        complete_to: the date up to which the list is known to hold every entry:
            ``as_of`` for a complete list; for an incomplete one the date its
            sources are complete to, or None if none is known. On or before it,
            absence from the list is an answer; after it, "unknown".
    """

    path: str
    title: str
    as_of: _dt.date
    sources: tuple[Citation, ...]
    rows: int
    sha256: str
    complete: bool = True
    complete_to: _dt.date | None = None


def _complete_to(entry: dict[str, object]) -> _dt.date | None:
    if entry.get("complete_to"):
        return _dt.date.fromisoformat(str(entry["complete_to"]))
    if entry.get("complete", True):
        return _dt.date.fromisoformat(str(entry["as_of"]))
    return None


def _load() -> tuple[Dataset, ...]:
    manifest = json.loads(read_text("MANIFEST.json"))
    return tuple(
        Dataset(
            path=entry["path"],
            title=entry["title"],
            as_of=_dt.date.fromisoformat(entry["as_of"]),
            sources=tuple(citation(s) for s in entry["sources"]),
            rows=int(entry["rows"]),
            sha256=entry["sha256"],
            complete=bool(entry.get("complete", True)),
            complete_to=_complete_to(entry),
        )
        for entry in manifest["datasets"]
    )


_DATASETS: Lazy[tuple[Dataset, ...]] = Lazy(_load)


def datasets() -> tuple[Dataset, ...]:
    """Return every bundled dataset, in the order of ``data/MANIFEST.json``.

    >>> all(d.sources for d in datasets() if not d.path.startswith("samples/"))
    True
    """
    return _DATASETS.get()


def as_of() -> Mapping[str, _dt.date]:
    """The as-of date of every bundled dataset, by path.

    :data:`mea_trade.DATA_VERSION` is the newest of them; a list can be older (the
    Montreal Protocol party lists are as of the Ozone Secretariat's 2019 data).

    >>> import mea_trade as mt
    >>> dates = mt.data_as_of()
    >>> str(dates["parties/montreal.csv"]), str(max(dates.values())).replace("-", ".")
    ('2019-10-16', '2026.12.01')
    """
    return MappingProxyType({d.path: d.as_of for d in datasets()})


def _count_rows(relpath: str) -> int:
    lines = [x for x in read_text(relpath).splitlines() if x.strip() and not x.startswith("#")]
    return max(len(lines) - 1, 0)


def compute_manifest(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Return *entries* with ``rows`` and ``sha256`` recomputed from the bundled files.

    Maintainers run ``python -m mea_trade.manifest`` after editing a data file;
    a test fails while the manifest is stale.
    """
    out = []
    for entry in entries:
        path = str(entry["path"])
        fresh = dict(entry)
        fresh["rows"] = _count_rows(path)
        fresh["sha256"] = hashlib.sha256(read_bytes(path)).hexdigest()
        out.append(fresh)
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance tool
    import pathlib

    target = pathlib.Path(__file__).with_name("data") / "MANIFEST.json"
    manifest = json.loads(target.read_text(encoding="utf-8"))
    manifest["datasets"] = compute_manifest(manifest["datasets"])
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"updated {target}")
