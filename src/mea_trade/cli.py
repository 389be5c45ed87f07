"""The ``mea-trade`` command (also ``python -m mea_trade``).

Exit codes: 0 success; 1 a name or value was not recognised, or a file could
not be read (the message says which); 2 the command line itself was wrong;
3 ``screen --strict`` found rows it could not read (they are still reported).

>>> main(["lookup", "R-22"])
HCFC-22  substance  Montreal Protocol Annex C/I  ODP 0.055  GWP(kigali) 0  CAS 75-45-6  HS 2903.71
0
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from mea_trade.errors import MeaTradeError

__all__ = ["main"]


def _hs(item: Any) -> str | None:
    from mea_trade.hs import classify

    try:
        return str(classify(item).code)
    except MeaTradeError:
        return None


def _describe(query: str) -> dict[str, Any]:
    from mea_trade.catalog import Mixture, lookup

    item = lookup(query)
    if isinstance(item, Mixture):
        mix = item
        return {
            "query": query,
            "kind": "mixture",
            "name": mix.name,
            "annex_groups": list(mix.annex_groups),
            "odp": mix.odp,
            "gwp_kigali": mix.gwp("kigali"),
            "gwp_protocol": mix.gwp("protocol"),
            "hs2022": _hs(mix),
            "components": [
                {"substance": c.substance.name, "mass_pct": round(c.percent, 6)}
                for c in mix.components
            ],
            "sources": [s.id for s in mix.sources],
        }
    sub = item
    return {
        "query": query,
        "kind": "substance",
        "name": sub.name,
        "chemical_name": sub.chemical_name,
        "formula": sub.formula,
        "cas": sub.cas,
        "ashrae": sub.ashrae,
        "annex_group": sub.annex_group,
        "odp": sub.odp,
        "odp_range": list(sub.odp_range) if sub.odp_range else None,
        "gwp_kigali": sub.gwp("kigali"),
        "gwp_protocol": sub.gwp("protocol"),
        "hs2022": _hs(sub),
        "sources": [s.id for s in sub.sources],
    }


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _print_record(rec: dict[str, Any], out: TextIO) -> None:
    listing = f"Montreal Protocol Annex {rec['annex_group']}" if rec.get("annex_group") else None
    if rec["kind"] == "mixture":
        groups = ", ".join(rec["annex_groups"]) or "none"
        comp = " + ".join(f"{c['substance']} {c['mass_pct']:g}%" for c in rec["components"])
        print(
            f"{rec['name']}  mixture  controlled groups {groups}  ODP {_fmt(rec['odp'])}  "
            f"GWP(kigali) {_fmt(rec['gwp_kigali'])}  HS {rec['hs2022']}  [{comp}]",
            file=out,
        )
        return
    parts = [
        rec["name"],
        "substance",
        listing or "not controlled",
        f"ODP {_fmt(rec['odp'])}",
        f"GWP(kigali) {_fmt(rec['gwp_kigali'])}",
    ]
    if rec.get("cas"):
        parts.append(f"CAS {rec['cas']}")
    if rec.get("hs2022"):
        parts.append(f"HS {rec['hs2022']}")
    print("  ".join(parts), file=out)


def _cmd_lookup(args: argparse.Namespace, out: TextIO) -> int:
    records = [_describe(q) for q in args.names]
    if args.json:
        json.dump(records, out, indent=2, ensure_ascii=False)
        print(file=out)
    else:
        for rec in records:
            _print_record(rec, out)
    return 0


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.units import co2e_tonnes, get_registry, odp_tonnes

    registry = get_registry()
    try:
        mass = registry.Quantity(args.quantity)
    except Exception as exc:  # pint raises many kinds for unparsable text
        raise _UsageError(f"cannot read the quantity {args.quantity!r}: {exc}") from None
    if args.to == "odp":
        result = odp_tonnes(args.item, mass)
    else:
        result = co2e_tonnes(args.item, mass, basis=args.basis)
    print(f"{result.magnitude:.6g} {result.units:~}", file=out)
    return 0


def _cmd_classify(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.hs import classify

    for name in args.names:
        result = classify(name, edition=args.edition)
        extra = ""
        if result.ambiguous_with:
            extra = "  (also meets " + ", ".join(map(str, result.ambiguous_with)) + ")"
        if not result.certain:
            extra += "  (unverified inference)"
        print(f"{name}\t{result.code}\t{result.criterion}{extra}", file=out)
    return 0


def _cmd_parties(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from mea_trade.errors import MissingDataError
    from mea_trade.instruments import all_instruments
    from mea_trade.instruments import get as instrument
    from mea_trade.parties import coverage, status

    try:
        on = dt.date.fromisoformat(args.on)
    except ValueError:
        raise _UsageError(f"--on must be a date such as 2024-01-31, not {args.on!r}") from None
    covered = coverage()
    chosen = (
        [instrument(i) for i in args.instrument] if args.instrument else list(all_instruments())
    )
    for inst in chosen:
        if inst.id not in covered:
            print(f"{inst.short_name}\tno party list bundled", file=out)
            continue
        try:
            s = status(args.country, inst, on=on)
        except MissingDataError:
            print(f"{inst.short_name}\tunknown (the bundled party list is incomplete)", file=out)
            continue
        if s.is_party and s.participation is not None:
            text = f"party since {s.participation.entry_into_force.isoformat()}"
        else:
            text = "not a party"
        groups = ", ".join(sorted(s.groups))
        print(
            f"{inst.short_name}\t{text}\t{groups}\t(data as of {s.data_as_of.isoformat()})",
            file=out,
        )
    return 0


def _cmd_listings(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.instruments import get as instrument
    from mea_trade.listings import listings

    found = listings(args.query, on=args.on)
    if args.json:
        records = [
            {
                "instrument": x.instrument,
                "list": x.list,
                "entry": x.entry,
                "subject": x.subject,
                "effective": x.effective.isoformat() if x.effective else None,
                "detail": x.detail,
                "match": x.match,
                "provision": x.citation.provision if x.citation else None,
                "source": x.citation.url if x.citation else None,
                "unverified": x.unverified,
                "as_of": x.as_of.isoformat() if x.as_of else None,
            }
            for x in found
        ]
        json.dump(records, out, indent=2, ensure_ascii=False)
        print(file=out)
        return 0
    if not found:
        when = f" on {args.on}" if args.on else ""
        print(f"{args.query}: listed by no bundled convention{when}", file=out)
        return 0
    for x in found:
        since = x.effective.isoformat() if x.effective else "date unknown"
        flag = "\tunverified" if x.unverified else ""
        print(
            f"{x.subject}\t{instrument(x.instrument).short_name}\t{x.list}\t{x.entry}"
            f"\tsince {since}\t{x.detail or ''}{flag}",
            file=out,
        )
    return 0


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.catalog import mixtures, substances

    if args.what == "blends":
        for mix in mixtures():
            print(
                f"{mix.name}\t{', '.join(mix.annex_groups)}\t{_fmt(mix.odp)}\t{_fmt(mix.gwp())}",
                file=out,
            )
    else:
        for sub in substances(group=args.group, controlled=True if args.group else None):
            print(
                f"{sub.name}\t{sub.annex_group or '-'}\t{_fmt(sub.odp)}\t{sub.cas or ''}", file=out
            )
    return 0


def _cmd_schedule(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade import montreal

    steps = montreal.schedule(args.group, args.party_class, args.kind)
    if not steps:
        print(f"no {args.kind} schedule for {args.group} and {args.party_class}", file=out)
        return 0
    for step in steps:
        until = f"{step.last_year}" if step.last_year else "->"
        avg = (
            f" (average {step.averaged_over[0]}-{step.averaged_over[1]})"
            if step.averaged_over
            else ""
        )
        base = step.baseline.describe_core() if step.baseline else "ban"
        print(
            f"{step.start.isoformat()}\t{until}\t{step.percent:g} %{avg}\t{base}\t{step.provision}",
            file=out,
        )
    return 0


def _shipment_args(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "commodity": args.commodity,
        "exporter": args.exporter,
        "importer": args.importer,
        "date": args.on,
        "quantity": args.quantity,
        "state": args.state,
        "end_use": args.end_use,
        "transit": args.transit or (),
        "operation": args.operation,
        "characteristics": args.characteristics,
        "lmo": args.lmo,
    }


def _cmd_assess(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.assessment import assess

    result = assess(_shipment_args(args))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), file=out)
        return 0
    print(f"status: {result.status}", file=out)
    for p in result.prohibitions:
        print(
            f"PROHIBITED  {p.side} ({p.party}) since {p.since}: "
            f"{p.reason} [{p.citation.provision}]",
            file=out,
        )
    for r in result.requirements:
        print(
            f"REQUIRED    {r.document} ({r.party}): {r.reason} [{r.citation.provision}]", file=out
        )
    for n in result.notes:
        print(f"NOTE        {n.text}", file=out)
    return 0


def _read_rows(path: str) -> list[dict[str, str]]:
    import csv
    import io

    if path == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except OSError as exc:
            raise MeaTradeError(f"cannot read {path!r}: {exc.strerror}") from exc
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines)]


class _Progress:
    """A plain progress line on stderr for long files."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= 1000

    def __call__(self, done: int) -> None:
        if self.enabled and (done % 1000 == 0 or done == self.total):
            pct = 100 * done / self.total
            print(f"\rscreened {done}/{self.total} lines ({pct:.0f} %)", end="", file=sys.stderr)
            if done == self.total:
                print(file=sys.stderr)


def _write_results(
    rows: list[dict[str, str]], results: list[Any], target: TextIO, *, as_json: bool
) -> None:
    import csv

    if as_json:
        payload = [
            r.assessment.to_dict()
            if r.assessment is not None
            else {"row": r.row, "status": r.status, "flags": list(r.flags), "error": r.error}
            for r in results
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False), file=target)
        return
    fields = list(rows[0].keys()) if rows else []
    extra = ["status", "requirements", "prohibitions", "notes", "flags", "error"]
    writer = csv.DictWriter(target, fieldnames=fields + extra, lineterminator="\n")
    writer.writeheader()
    for row, result in zip(rows, results, strict=True):
        record = result.record()
        writer.writerow({**row, **{k: record[k] for k in extra}})


def _cmd_cites_import(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade.cites.checklist import bundled, compare, load_checklist

    try:
        new = load_checklist(args.path, as_of=args.as_of)
    except OSError as exc:
        print(f"mea-trade: cannot read {args.path}: {exc}", file=sys.stderr)
        return 1
    print(f"valid: {len(new)} taxa, as of {new.as_of.isoformat()}", file=out)
    print(compare(bundled(), new).report(limit=args.limit), file=out)
    return 0


def _cmd_screen(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade._data import read_csv
    from mea_trade.screening import screen

    if args.sample:
        rows: list[dict[str, str]] = [dict(r) for r in read_csv("samples/declarations.csv")]
    elif args.file:
        rows = _read_rows(args.file)
    else:
        raise _UsageError("give a FILE (or - for standard input) or --sample")
    progress = _Progress(len(rows), enabled=not args.quiet)
    results = screen(rows, mode=args.mode, hs_column=args.hs_column, progress=progress)
    with contextlib.ExitStack() as stack:
        target = out
        if args.output and args.output != "-":
            try:
                target = stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise MeaTradeError(f"cannot write {args.output!r}: {exc.strerror}") from exc
        _write_results(rows, results, target, as_json=args.json)
    errors = sum(1 for r in results if r.error)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    if not args.quiet:
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"mea-trade: screened {len(results)} lines: {summary}", file=sys.stderr)
    return 3 if (args.strict and errors) else 0


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mea-trade", description="Trade rules of environmental agreements.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("lookup", help="classify substances and blends by any name or CAS number")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_lookup)
    p = sub.add_parser("convert", help="convert a mass to ODP tonnes or CO2-equivalent tonnes")
    p.add_argument("item", metavar="NAME")
    p.add_argument("quantity", metavar="QUANTITY", help='a mass with its unit, e.g. "250 kg"')
    p.add_argument("--to", choices=("odp", "co2e"), default="co2e")
    p.add_argument("--basis", default="kigali", help="GWP basis: kigali, protocol, ar4, ar5, ar6")
    p.set_defaults(func=_cmd_convert)
    p = sub.add_parser("classify", help="HS subheading of substances and blends, with the reason")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--edition", default="HS2022", help="HS2022 (default) or HS2017")
    p.set_defaults(func=_cmd_classify)
    p = sub.add_parser("parties", help="a country's status under each instrument on a date")
    p.add_argument("country", metavar="COUNTRY", help="ISO code or name")
    p.add_argument("--on", required=True, metavar="DATE", help="ISO date, e.g. 2024-01-31")
    p.add_argument("--instrument", action="append", metavar="ID", help="repeat to choose several")
    p.set_defaults(func=_cmd_parties)
    p = sub.add_parser(
        "listings", help="every convention's listings of a commodity (name, CAS or HS code)"
    )
    p.add_argument("query", metavar="QUERY", help="name, CAS number, ASHRAE number or HS code")
    p.add_argument("--on", metavar="DATE", help="only listings in effect on this ISO date")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_listings)
    p = sub.add_parser("list", help="list the bundled substances or blends (tab-separated)")
    p.add_argument("what", choices=("substances", "blends"))
    p.add_argument("--group", help="annex group such as C/I (substances only)")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("schedule", help="a Montreal Protocol control schedule, step by step")
    p.add_argument("group", metavar="GROUP", help="annex group, e.g. C/I or F")
    p.add_argument("party_class", metavar="CLASS", help="A5, NA5, NA5G1, NA5G2, A5G1 or A5G2")
    p.add_argument("--kind", default="consumption", choices=("consumption", "production", "bdn"))
    p.set_defaults(func=_cmd_schedule)
    p = sub.add_parser("assess", help="licences and bans for one shipment, with the reasons")
    p.add_argument(
        "commodity", metavar="COMMODITY", help="name, CAS number, HS code, waste code or organism"
    )
    p.add_argument("--from", dest="exporter", required=True, metavar="COUNTRY")
    p.add_argument("--to", dest="importer", required=True, metavar="COUNTRY")
    p.add_argument("--on", required=True, metavar="DATE", help="ISO date")
    p.add_argument("--quantity", metavar="MASS", help='e.g. "500 kg"')
    p.add_argument("--state", choices=("new", "used", "recycled", "reclaimed"))
    p.add_argument("--end-use", dest="end_use", metavar="USE")
    p.add_argument("--transit", action="append", metavar="COUNTRY")
    p.add_argument(
        "--operation", metavar="CODE", help="wastes: Annex IV operation, D1-D15 or R1-R13"
    )
    p.add_argument("--characteristics", metavar="CODES", help='wastes: Annex III codes, "H6.1,H11"')
    p.add_argument("--lmo", choices=("release", "food_feed_processing", "contained_use"))
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_assess)
    p = sub.add_parser(
        "cites-import",
        help="check a Species+ 'Index of CITES Species' export and list its changes",
    )
    p.add_argument("path", help="the CSV export (plain or .gz)")
    p.add_argument("--as-of", dest="as_of", help="the day of the export (default: from the name)")
    p.add_argument("--limit", type=int, default=20, help="lines shown per kind of change")
    p.set_defaults(func=_cmd_cites_import)
    p = sub.add_parser("screen", help="screen a CSV file of declaration lines")
    p.add_argument("file", nargs="?", metavar="FILE", help="CSV file, or - for standard input")
    p.add_argument("--sample", action="store_true", help="screen the bundled sample declarations")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.add_argument("--json", action="store_true", help="write JSON instead of CSV")
    p.add_argument("--mode", choices=("assess", "hs"), default="assess")
    p.add_argument("--hs-column", default="hs_code", help="column with HS codes (--mode hs)")
    p.add_argument("--strict", action="store_true", help="exit 3 if any line cannot be read")
    p.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    p.set_defaults(func=_cmd_screen)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    >>> main(["convert", "R-404A", "250 kg", "--to", "co2e"])
    980.4 CO2e_t
    0
    """
    stream = out if out is not None else sys.stdout
    try:
        args = _parser().parse_args(argv)
        code: int = args.func(args, stream)
    except _UsageError as exc:
        print(f"mea-trade: usage error: {exc}", file=sys.stderr)
        return 2
    except MeaTradeError as exc:
        print(f"mea-trade: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
