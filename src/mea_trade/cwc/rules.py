"""Chemical Weapons Convention rules for a shipment: transfers of scheduled chemicals.

The rules are rows of ``data/cwc/transfer_rules.csv`` read by this module:

* Schedule 1 (Part VI): transfers only to another State Party, only for research,
  medical, pharmaceutical or protective purposes, with both States Parties
  notifying the Technical Secretariat not less than 30 days before (a requirement
  with its deadline), and no retransfer to a third State.
* Schedule 2 (Part VII): transferred only to or received from States Parties,
  from 29 April 2000 (three years after entry into force); during the interim
  period, transfers to States not Party needed an end-use certificate.
* Schedule 3 (Part VIII): transfers to States not Party need an end-use
  certificate from the recipient State.
* Mixtures with a low concentration of a Schedule 2 or 3 chemical: the
  Conference's guidelines decide (a note; the library applies no threshold).

Findings carry ``instrument="cwc"``. Who is a State Party comes from
:mod:`mea_trade.parties`, whose list of States Parties is complete to its as-of date;
on a later date a country absent from it has an unknown status, and the answer is a
note (``cwc.party_status_unknown``), never a guess.

>>> import mea_trade as mt
>>> s = mt.Shipment("thiodiglycol", exporter="DE", importer="IL", date="2024-03-01")
>>> [(f.code, f.party) for f in evaluate(s) if hasattr(f, "party")]
[('cwc.schedule_2_transfer_ban', 'DE')]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from mea_trade._rules import hs_line_notes, notes_last, once, status_unknown_note, unknown_status
from mea_trade.chemicals import Chemical
from mea_trade.cwc.schedules import ScheduleRow, TransferRule, matches, rows_of, transfer_rules
from mea_trade.hs import Flag, HSCode
from mea_trade.membership import state, status_days
from mea_trade.records import Finding, Note, Prohibition, Requirement, Shipment

__all__ = ["NAME", "boundaries", "evaluate"]

NAME = "cwc"

#: Finding codes by rule and schedule.
_CODES = {
    "only_to_state_party": "cwc.schedule_{s}_transfer_ban",
    "only_with_state_parties": "cwc.schedule_{s}_transfer_ban",
    "purposes_only": "cwc.schedule_{s}_purpose",
    "advance_notification": "cwc.advance_notification",
    "notification_by_time_of_transfer": "cwc.saxitoxin_notification",
    "no_retransfer": "cwc.no_retransfer",
    "end_use_certificate": "cwc.end_use_certificate",
    "low_concentration": "cwc.low_concentration",
}


#: The Part of the Verification Annex on each Schedule's transfers.
_PARTS = {"1": "VI", "2": "VII", "3": "VIII"}


def evaluate(shipment: Shipment) -> tuple[Finding, ...]:
    """Findings of the Chemical Weapons Convention for *shipment*."""
    if isinstance(shipment.commodity, HSCode):
        return _hs_notes(shipment.commodity)
    on = shipment.date
    found = matches(shipment.commodity)
    if not found:
        return ()
    scheduled = [
        (row, ident)
        for row, ident in found
        if row.row_type != "exemption" and row.in_force_from is not None and row.in_force_from <= on
    ]
    if not scheduled:
        return tuple(
            once(
                Note(
                    code="cwc.exempted",
                    text=(
                        f"{ident.chemical.name} is excluded from {row.label} by the Annex on "
                        "Chemicals: it is not a scheduled chemical."
                    ),
                    instrument=NAME,
                    citation=row.citation,
                )
                for row, ident in found
                if row.row_type == "exemption"
            )
        )
    # the strictest schedule decides (a chemical named in two items of one schedule counts once)
    schedule = min(row.schedule for row, _ in scheduled)
    row, ident = next((r, i) for r, i in scheduled if r.schedule == schedule)
    chem = ident.via if ident.via is not None else ident.chemical
    what = f"{chem.name} ({row.label})"
    return notes_last(once(_apply(shipment, schedule, what, chem.id, row)))


def _apply(
    shipment: Shipment, schedule: str, what: str, chemical_id: str, row: ScheduleRow
) -> Iterator[Finding]:

    on = shipment.date
    exp, imp = shipment.exporter, shipment.importer
    if exp == imp:
        return
    ex = state(exp.alpha2, NAME, on)
    im = state(imp.alpha2, NAME, on)
    purpose = shipment.stated_purpose
    restricted = False
    rules = transfer_rules(schedule)
    for country, known in ((exp, ex), (imp, im)):
        if known is None:
            why = unknown_status(
                country, NAME, on, f"whether {country.name} is a State Party is unknown"
            )
            yield status_unknown_note(
                NAME,
                f"{what}: {why}. If it is not a State Party, Part {_PARTS[schedule]} of the "
                "Verification Annex restricts the transfer.",
                next((r.citation for r in rules if r.partner == "non_party"), row.citation),
            )
    for rule in rules:
        undated_note = rule.start is None and rule.finding == "note"
        if not (rule.applies(on) or undated_note) or (
            rule.chemical and rule.chemical != chemical_id
        ):
            continue
        code = _CODES[rule.rule].format(s=schedule)
        unverified = bool(rule.unverified) or bool(row.unverified)
        if rule.partner == "non_party":
            pairs = []
            if ex and im is False and rule.side in ("export", "both"):
                pairs.append(("export", exp, imp))
            if im and ex is False and rule.side in ("import", "both"):
                pairs.append(("import", imp, exp))
            for side, acting, other in pairs:
                restricted = True
                if rule.finding == "prohibition":
                    yield Prohibition(
                        code=code,
                        side=side,  # type: ignore[arg-type]
                        party=acting.alpha2,
                        instrument=NAME,
                        since=rule.start or on,
                        citation=rule.citation,
                        reason=(
                            f"{other.name} is not a State Party: {acting.name} may not "
                            f"{'transfer' if side == 'export' else 'receive'} {what} "
                            f"{'to' if side == 'export' else 'from'} it ({rule.text})"
                        ),
                        unverified=unverified,
                    )
                elif rule.finding == "requirement":
                    yield Requirement(
                        code=code,
                        document=rule.document,
                        side=side,  # type: ignore[arg-type]
                        party=acting.alpha2,
                        instrument=NAME,
                        citation=rule.citation,
                        reason=(
                            f"{other.name} is not a State Party: {acting.name} must require "
                            "from it "
                            f"a certificate that {what} will only be used for purposes not "
                            "prohibited under the Convention and will not be re-transferred, with "
                            "their types and quantities, end-uses and end-users"
                        ),
                        unverified=unverified,
                    )
            if ex is False and im is False and rule.finding == "prohibition":
                yield Note(
                    code="cwc.non_parties",
                    text=(
                        f"{what}: neither {exp.name} nor {imp.name} is a State Party on the "
                        "date of the transfer; the Verification Annex binds States Parties."
                    ),
                    instrument=NAME,
                    citation=rule.citation,
                )
            if schedule == "1" and im and ex is False and rule.rule == "only_to_state_party":
                yield Note(
                    code="cwc.schedule_1_from_non_party",
                    text=(
                        f"{what} from {exp.name}, which is not a State Party: Schedule 1 chemicals "
                        "are to be transferred only between States Parties (Part VI, paragraphs 1 "
                        "and 3); check the national rules of "
                        f"{imp.name}."
                    ),
                    instrument=NAME,
                    citation=rule.citation,
                )
        elif rule.partner == "party":
            if not (ex and im):
                continue
            yield from _between_parties(shipment, rule, code, what, purpose, unverified)
        elif rule.rule == "low_concentration" and restricted:
            yield Note(
                code=code,
                text=(
                    f"If the goods are a mixture with a low concentration of {what}, the "
                    "Conference's guidelines on low concentrations decide whether declarations "
                    f"are required ({rule.provision}); the library applies no concentration "
                    "threshold."
                ),
                instrument=NAME,
                citation=rule.citation,
            )


def _between_parties(
    shipment: Shipment,
    rule: TransferRule,
    code: str,
    what: str,
    purpose: str | None,
    unverified: bool,
) -> Iterator[Finding]:
    exp, imp = shipment.exporter, shipment.importer
    on = shipment.date
    if rule.rule == "purposes_only":
        allowed = ", ".join(sorted(rule.purposes))
        if purpose is None:
            yield Note(
                code=code,
                text=(
                    f"{what} may be transferred only for research, medical, pharmaceutical or "
                    f"protective purposes ({rule.provision}); declare the purpose ({allowed})."
                ),
                instrument=NAME,
                citation=rule.citation,
            )
        elif purpose not in rule.purposes:
            yield Prohibition(
                code=code,
                side="export",
                party=exp.alpha2,
                instrument=NAME,
                since=rule.start or on,
                citation=rule.citation,
                reason=(
                    f"{exp.name} may transfer {what} only for research, medical, pharmaceutical "
                    f"or protective purposes, not for the declared purpose '{purpose}' "
                    f"({rule.text})"
                ),
                unverified=unverified,
            )
    elif rule.rule == "advance_notification":
        days = rule.notice_days or 0
        due = on - _dt.timedelta(days=days)
        for side, country in (("export", exp), ("import", imp)):
            yield Requirement(
                code=code,
                document=rule.document,
                side=side,  # type: ignore[arg-type]
                party=country.alpha2,
                instrument=NAME,
                citation=rule.citation,
                reason=(
                    f"{country.name} must notify the Technical Secretariat of the transfer of "
                    f"{what} not less than {days} days before it, i.e. by {due.isoformat()} for a "
                    f"transfer on {on.isoformat()}; both States Parties notify"
                ),
                unverified=unverified,
                due=due,
            )
    elif rule.rule == "notification_by_time_of_transfer":
        yield Note(
            code=code,
            text=(
                f"{rule.text} ({rule.provision}; the date this paragraph took effect is not in the "
                "bundled data.)"
            ),
            instrument=NAME,
            citation=rule.citation,
        )
    elif rule.rule == "no_retransfer":
        yield Note(
            code=code,
            text=f"{what}: {rule.text} ({rule.provision})",
            instrument=NAME,
            citation=rule.citation,
        )


def _hs_notes(code: HSCode) -> tuple[Note, ...]:
    def text(flag: Flag) -> str:
        parts = []
        for chem in flag.chemicals:
            labels = sorted({r.label for r in rows_of(chem) if r.row_type != "exemption"})
            if labels:
                parts.append(f"{Chemical._get(chem).name}: {', '.join(labels)}")
        listed = "; ".join(parts) if parts else flag.reason
        mixture = (
            " If the goods are a mixture, the Conference's low-concentration guidelines apply "
            "(no threshold applied here)."
            if code.heading == "3824"
            else ""
        )
        return (
            f"HS {code} may be a chemical scheduled by the Chemical Weapons Convention: "
            f"{listed}. "
            "Declare the chemical by name or CAS number to apply the transfer rules." + mixture
        )

    return hs_line_notes(code, NAME, text)


def boundaries(shipment: Shipment) -> tuple[tuple[_dt.date, ...], ...] | None:
    """Between which dates the findings of :func:`evaluate` for *shipment* stay the same.

    ``()`` (no date changes them) for an HS code (its notes depend on the code alone) or
    goods no Schedule row concerns; otherwise the dates the Schedule rows and the transfer
    rules start and end, and the dates the two States' status may change
    (:func:`mea_trade.membership.status_days`). None (any date may change them) for a
    Schedule 1 chemical (the notification deadline counts back from the transfer), or
    where a rule without a start date prohibits (it is dated by the transfer).
    See :func:`mea_trade.montreal.rules.boundaries`.

    >>> import mea_trade as mt
    >>> boundaries(mt.Shipment("R-22", exporter="CN", importer="GH", date="2024-05-01"))
    ()
    >>> len(boundaries(mt.Shipment("thiodiglycol", exporter="DE", importer="IL",
    ...                            date="2024-03-01")))
    3
    """
    item = shipment.commodity
    if isinstance(item, HSCode):
        return ()
    found = matches(item)
    if not found:
        return ()
    on = shipment.date
    days = {row.in_force_from for row, _ in found if row.in_force_from is not None}
    exp, imp = shipment.exporter.alpha2, shipment.importer.alpha2
    if exp == imp:
        return (tuple(sorted(days)),)
    scheduled = [
        row
        for row, _ in found
        if row.row_type != "exemption" and row.in_force_from is not None and row.in_force_from <= on
    ]
    if scheduled and min(row.schedule for row in scheduled) == "1":
        return None
    # every schedule the goods may fall in on some date: the same dates whatever the date
    for schedule in sorted({row.schedule for row, _ in found if row.row_type != "exemption"}):
        for rule in transfer_rules(schedule):
            if rule.start is None and rule.finding == "prohibition":
                return None
            days.update(d for d in (rule.start, rule.until) if d is not None)
    return (tuple(sorted(days)), status_days(exp, NAME), status_days(imp, NAME))
