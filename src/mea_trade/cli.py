"""The ``mea-trade`` command (also ``python -m mea_trade``).

Exit codes: 0 success; 1 a name or value was not recognised (the message says
which); 2 the command line itself was wrong.

>>> main(["lookup", "R-22"])
HCFC-22  substance  Montreal Protocol Annex C/I  ODP 0.055  GWP(kigali) 0  CAS 75-45-6  HS 2903.71
0
"""

from __future__ import annotations

import argparse
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
        s = status(args.country, inst, on=on)
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
    p = sub.add_parser("list", help="list the bundled substances or blends (tab-separated)")
    p.add_argument("what", choices=("substances", "blends"))
    p.add_argument("--group", help="annex group such as C/I (substances only)")
    p.set_defaults(func=_cmd_list)
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
