"""The ``mea-trade`` command (also ``python -m mea_trade``).

Exit codes: 0 success; 1 a name or value was not recognised, a file could not be
read or written, or ``screen`` could screen no line at all (the message says
which); 2 the command line itself was wrong; 3 ``screen --strict`` found rows it
could not read (they are still reported); 141 the reader of the output went away
(``mea-trade ... | head``).

>>> main(["lookup", "R-22"])
HCFC-22  substance  Montreal Protocol Annex C/I  ODP 0.055  GWP(kigali) 0  CAS 75-45-6  HS 2903.71
0
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, Any, TextIO

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
    from mea_trade.units import co2e_tonnes, odp_tonnes

    text: str = args.quantity  # read as trade documents write it: "250 kg", "1,5 t", "2 MT"
    if args.to == "odp":
        result = odp_tonnes(args.item, text)
    else:
        result = co2e_tonnes(args.item, text, basis=args.basis)
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
    from mea_trade.errors import MissingDataError
    from mea_trade.instruments import all_instruments
    from mea_trade.instruments import get as instrument
    from mea_trade.parties import coverage, status

    on = args.on
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


def _cmd_datasets(args: argparse.Namespace, out: TextIO) -> int:
    from mea_trade import DATA_VERSION
    from mea_trade.manifest import datasets

    found = datasets()
    if args.json:
        records = [
            {
                "path": d.path,
                "title": d.title,
                "as_of": d.as_of.isoformat(),
                "rows": d.rows,
                "complete": d.complete,
                "sources": [c.id for c in d.sources],
            }
            for d in found
        ]
        json.dump({"data_version": DATA_VERSION, "datasets": records}, out, indent=2)
        print(file=out)
        return 0
    print(f"data version {DATA_VERSION}: {len(found)} datasets", file=out)
    for d in found:
        flag = "" if d.complete else "\tincomplete"
        print(f"{d.as_of.isoformat()}\t{d.path}\t{d.rows} rows\t{d.title}{flag}", file=out)
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
        "form": args.form,
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


class _Progress:
    """A progress line on standard error, for long files read from a terminal session."""

    def __init__(self, total_bytes: int | None) -> None:
        self.total = total_bytes
        self.shown = 0

    def __call__(self, done: int, read: int) -> None:
        if done - self.shown < 20000:
            return
        self.shown = done
        share = f" ({100 * read / self.total:.0f} %)" if self.total else ""
        print(f"\rscreened {done:,} lines{share}", end="", file=sys.stderr, flush=True)


class _Output:
    """The output of ``screen``: standard output, or a file written whole or not at all.

    A file is written beside its final name and moved in place at the end, so that
    a failed run never leaves a cut file; it is opened before anything is read, so
    an unwritable path fails first.
    """

    def __init__(self, path: str | None, out: TextIO) -> None:
        self.path = path if path not in (None, "-") else None
        self._partial: str | None = None
        self._raw: IO[bytes] | None = None
        if self.path is None:
            if out is sys.stdout and hasattr(out, "buffer"):
                out.flush()
                self.stream: TextIO = io.TextIOWrapper(
                    out.buffer, encoding="utf-8", errors="surrogateescape", newline=""
                )
            else:
                self.stream = out
            return
        import tempfile

        target = os.path.abspath(self.path)
        folder = os.path.dirname(target)
        if os.path.isdir(target):
            raise MeaTradeError(f"cannot write {self.path!r}: it is a directory")
        if os.path.exists(target) and not os.path.isfile(target):
            # a device or a pipe (e.g. /dev/stdout): write to it directly
            try:
                self._raw = open(target, "wb")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                raise MeaTradeError(f"cannot write {self.path!r}: {exc.strerror}") from exc
        else:
            try:
                handle, self._partial = tempfile.mkstemp(
                    dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".partial"
                )
            except OSError as exc:
                raise MeaTradeError(f"cannot write {self.path!r}: {exc.strerror}") from exc
            self._raw = os.fdopen(handle, "wb")
        self.stream = io.TextIOWrapper(
            self._raw, encoding="utf-8", errors="surrogateescape", newline=""
        )

    def commit(self) -> None:
        self.stream.flush()
        if self._raw is None:
            if isinstance(self.stream, io.TextIOWrapper):
                self.stream.detach()
            return
        self.stream.close()
        if self._partial is not None and self.path is not None:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self._partial, 0o666 & ~mask)
            os.replace(self._partial, self.path)
            self._partial = None

    def discard(self) -> None:
        if self._raw is None:
            if isinstance(self.stream, io.TextIOWrapper):
                try:
                    self.stream.flush()
                finally:
                    self.stream.detach()
            return
        with contextlib.suppress(OSError):  # a full disk: nothing more to save
            self.stream.close()
        if self._partial is not None:
            with contextlib.suppress(OSError):
                os.remove(self._partial)


def _source(args: argparse.Namespace) -> tuple[IO[bytes], str, int | None]:
    """The input as a binary stream, its name for messages, and its size if known."""
    if args.sample:
        from mea_trade._data import read_bytes

        data = read_bytes("samples/declarations.csv")
        return io.BytesIO(data), "the bundled sample", len(data)
    if args.file == "-":
        return sys.stdin.buffer, "standard input", None
    try:
        handle = open(args.file, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise MeaTradeError(f"cannot read {args.file!r}: {exc.strerror}") from exc
    try:
        size: int | None = os.fstat(handle.fileno()).st_size
    except OSError:  # pragma: no cover
        size = None
    return handle, repr(args.file), size


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
    from mea_trade.screening import read_declarations, screen_file

    if not args.sample and not args.file:
        raise _UsageError("give a FILE (or - for standard input) or --sample")
    output = _Output(args.output, out)  # before any work: an unwritable -o fails first
    source: IO[bytes] | None = None
    try:
        source, name, size = _source(args)
        reader = read_declarations(
            source,
            encoding=args.encoding,
            delimiter=args.delimiter,
            mode=args.mode,
            hs_column=args.hs_column,
            name=name,
        )
        show = not args.quiet and sys.stderr.isatty()
        summary = screen_file(
            reader,
            output.stream,
            mode=args.mode,
            hs_column=args.hs_column,
            as_json=args.json,
            progress=_Progress(size) if show else None,
            processes=args.processes,
        )
        if show and summary.lines >= 20000:
            print(file=sys.stderr)
    except BaseException:
        output.discard()
        raise
    finally:
        if source is not None and source is not sys.stdin.buffer:
            source.close()
    output.commit()
    if not args.quiet:
        print(f"mea-trade: screened {summary.describe()}", file=sys.stderr)
    if summary.lines == 0:
        print(f"mea-trade: {name} has no declaration lines after its header", file=sys.stderr)
        return 1
    if summary.screened == 0:
        print(
            f"mea-trade: nothing could be screened: every line has an error "
            f"(first: {summary.first_error})",
            file=sys.stderr,
        )
        return 1
    return 3 if (args.strict and summary.errors) else 0


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date such as 2024-01-31, not {text!r}"
        ) from None


def _instrument(text: str) -> str:
    from mea_trade.errors import UnknownInstrumentError
    from mea_trade.instruments import all_instruments, get

    try:
        return get(text).id
    except UnknownInstrumentError:
        ids = ", ".join(i.id for i in all_instruments())
        raise argparse.ArgumentTypeError(f"unknown instrument {text!r}; one of: {ids}") from None


def _delimiter(text: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    value = named.get(text.lower(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(
            f"a delimiter is one character (or tab, comma, semicolon, pipe), not {text!r}"
        )
    return value


def _encoding(text: str) -> str:
    import codecs

    try:
        codecs.lookup(text)
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {text!r} (e.g. utf-8, cp1252, latin-1, utf-16)"
        ) from None
    return text


def _parser() -> argparse.ArgumentParser:
    from mea_trade import DATA_VERSION, __version__
    from mea_trade.catalog import GWP_BASES, MONTREAL_ANNEX_GROUPS
    from mea_trade.records import END_USES, FORMS, STATES
    from mea_trade.screening import FILE_FORMAT

    today = dt.date.today()
    parser = _Parser(
        prog="mea-trade",
        description="Trade rules of environmental agreements: look up substances and blends, "
        "classify them, read party status and control schedules, assess shipments and "
        "screen customs files.",
        epilog="Exit codes: 0 success; 1 a name, value or file could not be read, or screen "
        "could screen no line; 2 bad command line; 3 screen --strict met unreadable lines; "
        "141 the output was closed early (e.g. | head). 'mea-trade COMMAND --help' "
        "describes a command.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"mea-trade {__version__} (data {DATA_VERSION})",
        help="print the version of the program and of its bundled data, and exit",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND"
    )
    p = sub.add_parser(
        "lookup",
        help="classify substances and blends by any name or CAS number",
        description="Describe substances and blends found by name, synonym, ASHRAE number "
        "or CAS number: Montreal Protocol annex group, ODP, GWP, CAS, HS subheading.",
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="e.g. R-22, HCFC-22, 75-45-6, R-404A")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_lookup)
    p = sub.add_parser(
        "convert",
        help="convert a mass to ODP tonnes or CO2-equivalent tonnes",
        description="Convert a mass of a substance or blend to ODP tonnes or to "
        "CO2-equivalent tonnes on a named GWP basis.",
    )
    p.add_argument("item", metavar="NAME", help="substance or blend, e.g. HCFC-22 or R-410A")
    p.add_argument(
        "quantity",
        metavar="QUANTITY",
        help='a mass with its unit as trade documents write it: "250 kg", "1,5 t", "2 MT", '
        '"300 lb" (ambiguous units such as "tons" are refused)',
    )
    p.add_argument(
        "--to",
        choices=("odp", "co2e"),
        default="co2e",
        help="odp: ODP tonnes; co2e: CO2-equivalent tonnes (default)",
    )
    p.add_argument(
        "--basis",
        choices=GWP_BASES,
        default="kigali",
        help="GWP basis for --to co2e (default kigali: the HFCs of Annex F only)",
    )
    p.set_defaults(func=_cmd_convert)
    p = sub.add_parser(
        "classify",
        help="HS subheading of substances and blends, with the reason",
        description="The Harmonized System subheading of substances and blends, with the "
        "criterion that decided it.",
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="substances or blends")
    p.add_argument(
        "--edition",
        choices=("HS2022", "HS2017"),
        default="HS2022",
        help="HS edition (default HS2022)",
    )
    p.set_defaults(func=_cmd_classify)
    p = sub.add_parser(
        "parties",
        help="a country's status under each instrument on a date",
        description="Whether a country is a party to each instrument on a date, with its "
        "groups (Article 5, Kigali groups ...).",
    )
    p.add_argument(
        "country",
        metavar="COUNTRY",
        help="ISO code (alpha-2, alpha-3 or numeric) or name (English, French, Spanish)",
    )
    p.add_argument(
        "--on",
        type=_date,
        default=today,
        metavar="DATE",
        help="ISO date, e.g. 2024-01-31 (default: today)",
    )
    p.add_argument(
        "--instrument",
        action="append",
        type=_instrument,
        metavar="ID",
        help="an instrument id or name (montreal, kigali, basel, ...); repeat for several "
        "(default: all)",
    )
    p.set_defaults(func=_cmd_parties)
    p = sub.add_parser(
        "listings",
        help="every convention's listings of a commodity (name, CAS or HS code)",
        description="Where every bundled convention lists a commodity, since when, and why.",
    )
    p.add_argument("query", metavar="QUERY", help="name, CAS number, ASHRAE number or HS code")
    p.add_argument(
        "--on",
        type=_date,
        metavar="DATE",
        help="only the listings in effect on this ISO date (default: every listing)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_listings)
    p = sub.add_parser(
        "list",
        help="list the bundled substances or blends (tab-separated)",
        description="List the bundled substances (name, group, ODP, CAS) or blends (name, "
        "groups, ODP, GWP), tab-separated.",
    )
    p.add_argument("what", choices=("substances", "blends"), help="what to list")
    p.add_argument(
        "--group",
        choices=MONTREAL_ANNEX_GROUPS,
        metavar="GROUP",
        help=f"only substances of this annex group ({', '.join(MONTREAL_ANNEX_GROUPS)})",
    )
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser(
        "schedule",
        help="a Montreal Protocol control schedule, step by step",
        description="The control steps of a Montreal Protocol annex group for a class of "
        "parties, with the paragraph of each.",
    )
    p.add_argument("group", metavar="GROUP", help="annex group, e.g. C/I or F")
    p.add_argument("party_class", metavar="CLASS", help="A5, NA5, NA5G1, NA5G2, A5G1 or A5G2")
    p.add_argument(
        "--kind",
        default="consumption",
        choices=("consumption", "production", "bdn"),
        help="consumption (default), production, or bdn (basic domestic needs)",
    )
    p.set_defaults(func=_cmd_schedule)
    p = sub.add_parser(
        "datasets",
        help="the bundled datasets, each with its as-of date",
        description="Every bundled data file with the date up to which it reflects its "
        "sources, its rows and what it holds (incomplete lists are marked).",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_datasets)
    p = sub.add_parser(
        "assess",
        help="licences and bans for one shipment, with the reasons",
        description="The licences, permits and bans that apply to one shipment, each with "
        "the provision it rests on.",
    )
    p.add_argument(
        "commodity",
        metavar="COMMODITY",
        help="name, CAS number, HS code, waste code, organism, taxon, or a composition such as "
        '"HFC-32 50%%, HFC-125 50%%"',
    )
    p.add_argument(
        "--from", dest="exporter", required=True, metavar="COUNTRY", help="exporting country"
    )
    p.add_argument(
        "--to", dest="importer", required=True, metavar="COUNTRY", help="importing country"
    )
    p.add_argument(
        "--on",
        type=_date,
        default=today,
        metavar="DATE",
        help="ISO date of the shipment (default: today)",
    )
    p.add_argument("--quantity", metavar="MASS", help='e.g. "500 kg" or "1,5 t"')
    p.add_argument("--state", choices=STATES, help="physical state of the goods")
    p.add_argument("--end-use", dest="end_use", choices=END_USES, help="declared end use")
    p.add_argument(
        "--transit",
        action="append",
        metavar="COUNTRY",
        help="a country of transit; repeat for several",
    )
    p.add_argument(
        "--operation", metavar="CODE", help="wastes: Annex IV operation, D1-D15 or R1-R13"
    )
    p.add_argument("--characteristics", metavar="CODES", help='wastes: Annex III codes, "H6.1,H11"')
    p.add_argument(
        "--lmo",
        choices=("release", "food_feed_processing", "contained_use"),
        help="organisms: what the declaration says of living modified organisms",
    )
    p.add_argument("--form", choices=FORMS, help="bulk, container or product (Art. 1(4))")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_assess)
    p = sub.add_parser(
        "cites-import",
        help="check a Species+ 'Index of CITES Species' export and list its changes",
    )
    p.add_argument("path", help="the CSV export (plain or .gz)")
    p.add_argument("--as-of", dest="as_of", help="the day of the export (default: from the name)")
    p.add_argument("--limit", type=int, default=20, help="lines shown per kind of change")
    p.set_defaults(func=_cmd_cites_import)
    p = sub.add_parser(
        "screen",
        help="screen a CSV file of declaration lines",
        description="Screen a CSV file of customs declaration lines, as a stream: every\n"
        "input line gives one output line with the licences, bans and notes that apply.",
        epilog=FILE_FORMAT
        + "\n\nExit codes: 0 success; 1 the file cannot be read (no header, missing "
        "columns ...) or no line could be screened; 2 bad command line; 3 --strict and "
        "some lines could not be read.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="CSV file, or - for standard input")
    p.add_argument("--sample", action="store_true", help="screen the bundled sample declarations")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file, written whole or not at all (default: standard output)",
    )
    p.add_argument("--json", action="store_true", help="write a JSON array instead of CSV")
    p.add_argument(
        "--mode",
        choices=("assess", "hs"),
        default="assess",
        help="assess: full assessment of every line (default); hs: the HS-code flags only",
    )
    p.add_argument(
        "--hs-column",
        default="hs_code",
        metavar="NAME",
        help="the column with HS codes, for --mode hs (default hs_code)",
    )
    p.add_argument(
        "--encoding",
        type=_encoding,
        metavar="NAME",
        help="encoding of FILE (default UTF-8, with or without a byte order mark)",
    )
    p.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        help="field delimiter: a character, or tab, comma, semicolon, pipe "
        "(default: detected from the header)",
    )
    p.add_argument(
        "--strict", action="store_true", help="exit 3 if any line cannot be read or assessed"
    )
    p.add_argument(
        "--processes",
        type=int,
        choices=(1, 2),
        default=None,
        help="2: read and write the file in a second process while this one screens; "
        "1: one process (default: 2 where it can, see mea_trade.screening.screen_file)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    p.set_defaults(func=_cmd_screen)
    return parser


def _closed_pipe() -> int:
    """The reader of standard output went away: stop quietly, as a Unix tool does."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass
    return 141


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    >>> main(["convert", "R-404A", "250 kg", "--to", "co2e"])
    980.4 CO2e_t
    0
    """
    stream = out if out is not None else sys.stdout
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not arguments:
        parser.print_help(sys.stderr)
        return 2
    try:
        args = parser.parse_args(arguments)
        code: int = args.func(args, stream)
        stream.flush()
    except _UsageError as exc:
        print(f"mea-trade: usage error: {exc}", file=sys.stderr)
        return 2
    except MeaTradeError as exc:
        print(f"mea-trade: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        print("mea-trade: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
