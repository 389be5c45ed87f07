"""HS classification: HS codes, subheadings of substances and mixtures, screening flags.

The subheadings of the controlled substances and of their mixtures (heading 38.27
of HS 2022, subheadings 3824.71-3824.79 of HS 2017), and flags saying which
instruments an HS line may concern.

>>> import mea_trade as mt
>>> mt.hs.classify("HCFC-22").code
HSCode('2903.71', edition='HS2022')
>>> c = mt.hs.classify("R-404A")
>>> str(c.code), c.criterion
('3827.61', 'HFC-143a is 52 % by mass, at least 15 %')
>>> str(mt.hs.classify("R-404A", edition="HS2017").code)
'3824.78'
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

import attrs

from mea_trade._data import Lazy, read_csv
from mea_trade.catalog import Mixture, Substance, lookup
from mea_trade.citations import Citation, citations
from mea_trade.errors import (
    InvalidArgumentError,
    InvalidHSCodeError,
    MissingDataError,
    _shorten,
)

__all__ = [
    "EDITIONS",
    "Candidates",
    "Classification",
    "Flag",
    "HSCode",
    "candidates",
    "chemical_subheadings",
    "classify",
    "edition_in_force",
    "edition_starts",
    "flag_coverage",
    "flags",
    "parse",
    "parse_on",
]

#: The HS editions the library knows.
EDITIONS: tuple[str, ...] = ("HS2022", "HS2017")

_SEPARATORS = re.compile(r"[\s.\-/]")
_EPSILON = 1e-9
_RESIDUAL = "contains a halogenated methane, ethane or propane derivative of no group above"


def _edition(edition: object) -> str:
    if not isinstance(edition, str):
        raise InvalidArgumentError(f"edition must be 'HS2022' or 'HS2017', not {_shorten(edition)}")
    norm = edition.upper().replace(" ", "").replace("_", "")
    if norm in {"2022", "H6"}:
        norm = "HS2022"
    if norm in {"2017", "H5"}:
        norm = "HS2017"
    if norm not in EDITIONS:
        raise InvalidArgumentError(
            f"unknown HS edition {_shorten(edition)}: expected HS2022 or HS2017"
        )
    return norm


@attrs.frozen(order=True)
class HSCode:
    """A Harmonized System code: a six-digit subheading of an edition, with any national digits.

    >>> code = HSCode.parse("2903.71.00")
    >>> code.subheading, code.heading, code.chapter, code.national, str(code)
    ('290371', '2903', '29', '00', '2903.71.00')
    >>> HSCode.parse("290371") == HSCode.parse("2903.71")
    True
    """

    subheading: str
    edition: str = "HS2022"
    national: str = ""

    @classmethod
    def parse(cls, text: str | HSCode, edition: str = "HS2022") -> HSCode:
        """Parse ``"2903.71"``, ``"290371"``, ``"2903.71.00"`` or a national 8-12 digit code.

        The first six digits must be a subheading of *edition*.

        Raises:
            InvalidHSCodeError: not digits, fewer than six or more than twelve of them, an odd
                number of national digits, or a six-digit code that *edition* does not have.

        >>> HSCode.parse("3827 61 00 10", edition="HS2022").national
        '0010'
        >>> HSCode.parse("2903.39", edition="HS2022")
        Traceback (most recent call last):
        ...
        mea_trade.errors.InvalidHSCodeError: '2903.39' is not an HS2022 subheading (2903.39 ...
        """
        if isinstance(text, HSCode):
            return text
        ed = _edition(edition)
        digits = _digits(text)
        sub = digits[:6]
        if sub not in _TABLES.get().codes[ed]:
            raise InvalidHSCodeError(
                f"{_shorten(text)} is not an {ed} subheading ({sub[:4]}.{sub[4:]} does not exist "
                f"in {ed})"
            )
        return cls(subheading=sub, edition=ed, national=digits[6:])

    @property
    def chapter(self) -> str:
        """The two-digit chapter."""
        return self.subheading[:2]

    @property
    def heading(self) -> str:
        """The four-digit heading."""
        return self.subheading[:4]

    def __str__(self) -> str:
        text = f"{self.subheading[:4]}.{self.subheading[4:]}"
        for i in range(0, len(self.national), 2):
            text += "." + self.national[i : i + 2]
        return text

    def __repr__(self) -> str:
        return f"HSCode({str(self)!r}, edition={self.edition!r})"


def _digits(text: object) -> str:
    """The digits of an HS code, checked for form only (not against an edition)."""
    if not isinstance(text, str):
        raise InvalidHSCodeError(f"an HS code must be a str, not {type(text).__name__}")
    digits = _SEPARATORS.sub("", text.strip())
    if not digits.isascii() or not digits.isdigit():
        raise InvalidHSCodeError(
            f"invalid HS code {_shorten(text)}: expected digits such as '2903.71' or '290371'"
        )
    if not 6 <= len(digits) <= 12 or len(digits) % 2:
        raise InvalidHSCodeError(
            f"invalid HS code {_shorten(text)}: expected 6 digits (a subheading), "
            "or 8, 10 or 12 with national digits"
        )
    return digits


def parse(text: str | HSCode, edition: str = "HS2022") -> HSCode:
    """Parse an HS code (see :meth:`HSCode.parse`).

    >>> str(parse("29037100"))
    '2903.71.00'
    """
    return HSCode.parse(text, edition)


def edition_in_force(on: _dt.date) -> str | None:
    """The bundled HS edition in force on *on* (None before the earliest one, HS 2017).

    HS 2017 applies from 1 January 2017 to 31 December 2021 and HS 2022 from 1 January
    2022 (``data/hs/editions.csv``); a national tariff may apply an edition later.

    >>> edition_in_force(_dt.date(2021, 12, 31)), edition_in_force(_dt.date(2022, 1, 1))
    ('HS2017', 'HS2022')
    """
    if not isinstance(on, _dt.date):
        raise InvalidArgumentError(f"expected a datetime.date, not {_shorten(on)}")
    if isinstance(on, _dt.datetime):
        on = on.date()
    tables = _TABLES.get()
    i = bisect.bisect_right(tables.edition_starts, on)
    return tables.edition_names[i - 1] if i else None


def edition_starts() -> tuple[_dt.date, ...]:
    """The dates the bundled HS editions entered into force, sorted.

    :func:`parse_on` reads a code the same way between two of them.

    >>> [d.isoformat() for d in edition_starts()]
    ['2017-01-01', '2022-01-01']
    """
    return _TABLES.get().edition_starts


def parse_on(text: str | HSCode, on: _dt.date) -> HSCode:
    """Parse an HS code declared on *on*, in the edition in force that day.

    The six digits are read in the edition in force on *on* (:func:`edition_in_force`;
    before 2017, in HS 2017, the earliest bundled edition). A code that this edition
    lacks but the other bundled edition has can only mean that edition's subheading,
    and is read there: the result's ``edition`` says which edition was read. An
    :class:`HSCode` is returned as it is.

    Raises:
        InvalidHSCodeError: malformed, or a subheading of no bundled edition.

    >>> parse_on("3824.78.0020", _dt.date(2021, 6, 1))
    HSCode('3824.78.00.20', edition='HS2017')
    >>> parse_on("3824.78", _dt.date(2023, 6, 1))  # gone from HS 2022: read in HS 2017
    HSCode('3824.78', edition='HS2017')
    >>> parse_on("2903.71", _dt.date(2023, 6, 1))  # in both editions: the one in force
    HSCode('2903.71', edition='HS2022')
    """
    if isinstance(text, HSCode):
        return text
    edition = edition_in_force(on) or _TABLES.get().edition_names[0]
    return _parse_preferring(text, edition)


@functools.lru_cache(maxsize=4096)
def _parse_preferring(text: str, edition: str) -> HSCode:
    digits = _digits(text)
    sub = digits[:6]
    codes = _TABLES.get().codes
    for ed in (edition, *(e for e in EDITIONS if e != edition)):
        if sub in codes[ed]:
            return HSCode(subheading=sub, edition=ed, national=digits[6:])
    raise InvalidHSCodeError(
        f"{_shorten(text)} is not a subheading of any bundled HS edition ({sub[:4]}.{sub[4:]} "
        f"exists in neither {' nor '.join(EDITIONS)})"
    )


@functools.lru_cache(maxsize=1024)
def candidates(code: str | HSCode, edition: str = "HS2022") -> Candidates:
    """The controlled substances goods declared under *code* can be.

    Heading 29.03 has subheadings that name only controlled substances (2903.71 is
    chlorodifluoromethane, HCFC-22, and nothing else; 2903.44 is HFC-125, HFC-143a
    or HFC-143): a line declared under one of them can be assessed as that substance,
    or as what all the candidates have in common. Catch-all subheadings list their
    controlled candidates but are not ``exhaustive``.

    >>> c = candidates("2903.71.00")
    >>> [s.name for s in c.substances], c.exhaustive
    (['HCFC-22'], True)
    >>> c = candidates("2903.77")
    >>> len(c.substances), c.exhaustive
    (16, False)
    """
    from mea_trade.catalog import substances

    parsed = HSCode.parse(code, edition)
    tables = _TABLES.get()
    field = "hs2022" if parsed.edition == "HS2022" else "hs2017"
    found = tuple(
        sub
        for sub in substances(controlled=True)
        if (info := tables.by_substance.get(sub.id)) is not None
        and getattr(info, field) == parsed.subheading
    )
    six = HSCode(subheading=parsed.subheading, edition=parsed.edition)
    entry = tables.exhaustive.get((parsed.edition, parsed.subheading))
    if entry is None or not found:
        return Candidates(code=six, substances=found, exhaustive=False)
    text, sources = entry
    return Candidates(code=six, substances=found, exhaustive=True, text=text, sources=sources)


@attrs.frozen(kw_only=True)
class Classification:
    """The HS subheading of a substance or mixture, and why.

    Attributes:
        code: the subheading.
        criterion: the words of the rule that decided it, for an officer to read.
        ambiguous_with: other subheadings whose conditions the mixture also meets; the
            library takes the first in numerical order (see the docs) and lists the
            others so that an officer can decide.
        certain: False where the classification rests on an inference that no WCO
            text was found to confirm (mixtures outside heading 38.27).
        sources: where the subheading texts come from.
    """

    code: HSCode
    criterion: str
    ambiguous_with: tuple[HSCode, ...] = ()
    certain: bool = True
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)

    def __str__(self) -> str:
        return str(self.code)


@attrs.frozen(kw_only=True)
class Flag:
    """A reason to look at an HS line under an instrument.

    Attributes:
        instrument: id of the instrument (``"montreal"``).
        code: the six-digit subheading the flag is attached to.
        groups: the annex groups the goods under this subheading may belong to.
        reason: one line for the officer.
        sources: where the subheading text comes from.
        chemicals: ids of the chemicals of :mod:`mea_trade.chemicals` that the HS
            wording (or a WCO recommended national subdivision) names, if any.
    """

    instrument: str
    code: HSCode
    groups: tuple[str, ...]
    reason: str
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)
    chemicals: tuple[str, ...] = ()


@attrs.frozen
class _SubstanceHS:
    hs2022: str
    hs2017: str
    hs_class: str
    c1c3: bool


@attrs.frozen(kw_only=True)
class Candidates:
    """The controlled substances an HS subheading can be, and whether it can be nothing else.

    Attributes:
        code: the six-digit subheading.
        substances: the catalog's controlled substances classified under it (isomer-group
            entries and their named isomers alike).
        exhaustive: True when the subheading's wording names only these substances, so
            that any good declared under it is one of them (2903.71 is chlorodifluoromethane
            and nothing else); False for catch-all subheadings (2903.77, 2903.79), which also
            cover substances the Protocol does not control.
        text: the subheading's wording, where it is exhaustive.
        sources: where that wording comes from.
    """

    code: HSCode
    substances: tuple[Substance, ...]
    exhaustive: bool
    text: str = ""
    sources: tuple[Citation, ...] = attrs.field(default=(), repr=False)


@attrs.frozen
class _Tables:
    codes: Mapping[str, frozenset[str]]
    by_substance: Mapping[str, _SubstanceHS]
    mixture_texts: Mapping[tuple[str, str], tuple[str, tuple[str, ...], tuple[Citation, ...]]]
    flags: Mapping[tuple[str, str], tuple[Flag, ...]]
    edition_starts: tuple[_dt.date, ...]
    edition_names: tuple[str, ...]
    exhaustive: Mapping[tuple[str, str], tuple[str, tuple[Citation, ...]]]


def _load() -> _Tables:
    codes: dict[str, set[str]] = {ed: set() for ed in EDITIONS}
    for row in read_csv("hs/subheadings.csv"):
        codes[row["edition"]].add(row["code"])
    by_substance = {
        row["substance"]: _SubstanceHS(
            hs2022=row["hs2022"],
            hs2017=row["hs2017"],
            hs_class=row["hs_class"],
            c1c3=row["c1c3_halogenated"] == "true",
        )
        for row in read_csv("hs/substances.csv")
    }
    texts = {}
    for row in read_csv("hs/mixture_subheadings.csv"):
        groups = tuple(g for g in row["montreal_groups"].split(";") if g)
        texts[(row["edition"], row["code"])] = (row["text"], groups, citations(row["source"]))
    flags = _build_flags(by_substance, texts)
    editions = sorted(
        (_dt.date.fromisoformat(row["in_force_from"]), _edition(row["edition"]))
        for row in read_csv("hs/editions.csv")
    )
    exhaustive = {
        (row["edition"], row["code"]): (row["text"], citations(row["source"]))
        for row in read_csv("hs/exhaustive_subheadings.csv")
    }
    return _Tables(
        codes=MappingProxyType({k: frozenset(v) for k, v in codes.items()}),
        by_substance=MappingProxyType(by_substance),
        mixture_texts=MappingProxyType(texts),
        flags=MappingProxyType(flags),
        edition_starts=tuple(day for day, _ in editions),
        edition_names=tuple(name for _, name in editions),
        exhaustive=MappingProxyType(exhaustive),
    )


def _build_flags(
    by_substance: Mapping[str, _SubstanceHS],
    texts: Mapping[tuple[str, str], tuple[str, tuple[str, ...], tuple[Citation, ...]]],
) -> dict[tuple[str, str], tuple[Flag, ...]]:
    from mea_trade.catalog import substances

    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for sub in substances(controlled=True):
        info = by_substance.get(sub.id)
        if info is None or sub.annex_group is None:
            continue
        for edition, code in (("HS2022", info.hs2022), ("HS2017", info.hs2017)):
            entry = grouped.setdefault((edition, code), {})
            entry.setdefault(sub.annex_group, []).append(sub.name)
    source = citations("wco-hs2022;unsd-hs2022;unsd-hs-correlation")
    out: dict[tuple[str, str], tuple[Flag, ...]] = {}

    def add(
        edition: str,
        code: str,
        groups: tuple[str, ...],
        reason: str,
        srcs: tuple[Citation, ...],
        instrument: str = "montreal",
        chemicals: tuple[str, ...] = (),
    ) -> None:
        code_obj = HSCode(subheading=code, edition=edition)
        flag = Flag(
            instrument=instrument,
            code=code_obj,
            groups=groups,
            reason=reason,
            sources=srcs,
            chemicals=chemicals,
        )
        out[(edition, code)] = (*out.get((edition, code), ()), flag)

    for (edition, code), by_group in grouped.items():
        names = sorted({n for ns in by_group.values() for n in ns})
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        reason = f"may be a Montreal Protocol controlled substance ({shown})"
        add(edition, code, tuple(sorted(by_group)), reason, source)
    for (edition, code), (text, groups, srcs) in texts.items():
        if groups:
            add(
                edition,
                code,
                groups,
                f"mixture that may contain controlled substances: {text}",
                srcs,
            )
    for row in read_csv("hs/product_flags.csv"):
        digits = row["code"].replace(".", "")
        reason = (
            f"may be an Annex D product (category {row['annex_d_category']}) containing "
            f"Annex A substances: {row['text']} (subheading chosen by its HS wording; the "
            "Secretariat's code list was not checked)"
        )
        groups = tuple(row["groups"].split(";"))
        for edition in EDITIONS:
            add(edition, digits, groups, reason, citations(row["source"]))
    _add_other_flags(add)
    return out


def _add_other_flags(add: Callable[..., None]) -> None:
    """Flags of instruments other than the Montreal Protocol.

    HS 2022 codes, and their HS 2017 counterparts where the UNSD correlation pairs
    them one to one (the goods are then the same).
    """
    from mea_trade.instruments import get as instrument

    subheadings = sorted(
        r["code"] for r in read_csv("hs/subheadings.csv") if r["edition"] == "HS2022"
    )
    one_to_one = {
        r["hs2022"]: r["hs2017"]
        for r in read_csv("hs/correlation.csv")
        if r["relationship"] == "1:1"
    }
    for row in read_csv("hs/other_flags.csv"):
        digits = row["code"].replace(".", "")
        codes = (
            [c for c in subheadings if c.startswith(digits)]
            if row["level"] == "heading"
            else [digits]
        )
        name = instrument(row["instrument"]).short_name
        article = "" if name.isupper() else "the "
        reason = f"may concern {article}{name}: {row['listed_as']}"
        if row["unverified"]:
            reason += " (listing not verified)"
        chems = tuple(c for c in row["chemicals"].split(";") if c)
        for code in codes:
            add("HS2022", code, (), reason, citations(row["source"]), row["instrument"], chems)
            if code in one_to_one:
                srcs = citations(row["source"] + ";unsd-hs-correlation")
                add("HS2017", one_to_one[code], (), reason, srcs, row["instrument"], chems)
    for row in read_csv("hs/recommended_subdivisions.csv"):
        digits = row["code"].replace(".", "")
        name = instrument(row["instrument"]).short_name
        reason = (
            f"may be {row['subdivision'].lower()}: the WCO recommends a national subdivision of "
            f"{row['code']} for it, as listed by the {name} (adopted {row['adopted']})"
        )
        chems = tuple(c for c in row["chemicals"].split(";") if c)
        add("HS2022", digits, (), reason, citations(row["source"]), row["instrument"], chems)


_TABLES: Lazy[_Tables] = Lazy(_load)
_COVERAGE: Lazy[Mapping[str, tuple[str, str]]] = Lazy(
    lambda: MappingProxyType(
        {
            row["instrument"]: (row["coverage"], row["note"])
            for row in read_csv("hs/flag_coverage.csv")
        }
    )
)


def _substance_code(sub: Substance, edition: str) -> Classification:
    info = _TABLES.get().by_substance.get(sub.id)
    code = getattr(info, "hs2022" if edition == "HS2022" else "hs2017", "") if info else ""
    if not code:
        raise MissingDataError(
            f"no {edition} subheading is bundled for {sub.name}: its heading depends on purity "
            "and state (hydrocarbons, ethers)"
        )
    return Classification(
        code=HSCode(subheading=code, edition=edition),
        criterion=f"{sub.name} is a separate chemically defined compound (chapter 29)"
        if code.startswith("29")
        else f"{sub.name} is classified by its own heading",
        sources=citations("wco-hs2022;unsd-hs2022;unsd-hs-correlation"),
    )


def _pct(value: float) -> str:
    return f"{value * 100:.4g} %"


def _mixture_code(mix: Mixture, edition: str) -> Classification:
    tables = _TABLES.get()
    parts: list[tuple[Substance, float, _SubstanceHS]] = []
    for c in mix.components:
        info = tables.by_substance.get(c.substance.id)
        if info is None:
            raise MissingDataError(f"no HS data is bundled for {c.substance.name}")
        parts.append((c.substance, c.fraction, info))
    classes = {info.hs_class for _, _, info in parts}

    def frac(name: str) -> float:
        return sum(f for s, f, _ in parts if s.name == name)

    def has(*names: str) -> bool:
        return bool(classes & set(names))

    in_2903_4 = any("290341" <= info.hs2022 <= "290348" for _, _, info in parts)
    in_2903_7 = any("290371" <= info.hs2022 <= "290375" for _, _, info in parts)
    no_cfc_hcfc = not has("cfc", "hcfc")
    matches: list[tuple[str, str]] = []

    if not any(info.c1c3 for _, _, info in parts):
        code = "382499"
        return Classification(
            code=HSCode(subheading=code, edition=edition),
            criterion=(
                "contains no halogenated derivative of methane, ethane or propane, so it is "
                "outside heading 38.27 (3824.7 in HS 2017); 3824.99 is the likely residual "
                "subheading"
            ),
            certain=False,
            sources=citations("wco-hs2022;unsd-hs2022"),
        )
    if edition == "HS2022":
        for cls, code, why in (
            ("cfc", "382711", "contains a CFC"),
            ("hbfc", "382712", "contains an HBFC"),
            ("ctc", "382713", "contains carbon tetrachloride"),
            ("tca", "382714", "contains 1,1,1-trichloroethane"),
            ("halon", "382720", "contains halon-1211, halon-1301 or halon-2402"),
        ):
            if has(cls):
                matches.append((code, why))
        if has("hcfc") and not has("cfc"):
            if in_2903_4:
                matches.append(
                    ("382731", "contains an HCFC, no CFC, and an HFC of 2903.41-2903.48")
                )
            elif in_2903_7:
                matches.append(("382732", "contains an HCFC of 2903.71-2903.75 and no CFC"))
            else:
                matches.append(
                    ("382739", "contains an HCFC (other than 2903.71-2903.75) and no CFC")
                )
        if has("mb", "bcm"):
            matches.append(("382740", "contains methyl bromide or bromochloromethane"))
        if no_cfc_hcfc and has("hfc23"):
            matches.append(("382751", "contains HFC-23 and no CFC or HCFC"))
        elif no_cfc_hcfc and has("pfc"):
            matches.append(("382759", "contains a PFC, no HFC-23, no CFC or HCFC"))
        if no_cfc_hcfc and has("hfc", "hfc_other"):
            hfo = has("hfo")
            f143a, f125, f134a, f32 = (
                frac(n) for n in ("HFC-143a", "HFC-125", "HFC-134a", "HFC-32")
            )
            if f143a >= 0.15 - _EPSILON:
                matches.append(("382761", f"HFC-143a is {_pct(f143a)} by mass, at least 15 %"))
            elif f125 >= 0.55 - _EPSILON and not hfo:
                matches.append(
                    ("382762", f"HFC-125 is {_pct(f125)} by mass (at least 55 %) and no HFO")
                )
            elif f125 >= 0.40 - _EPSILON:
                matches.append(("382763", f"HFC-125 is {_pct(f125)} by mass, at least 40 %"))
            elif f134a >= 0.30 - _EPSILON and not hfo:
                matches.append(
                    ("382764", f"HFC-134a is {_pct(f134a)} by mass (at least 30 %) and no HFO")
                )
            elif f32 >= 0.20 - _EPSILON and f125 >= 0.20 - _EPSILON:
                matches.append(
                    (
                        "382765",
                        f"HFC-32 is {_pct(f32)} and HFC-125 {_pct(f125)} by mass (20 % or more)",
                    )
                )
            elif in_2903_4:
                matches.append(
                    ("382768", "contains an HFC of 2903.41-2903.48 below every threshold above")
                )
            else:
                matches.append(("382769", "contains only HFCs outside 2903.41-2903.48"))
        if not matches:
            matches.append(
                (
                    "382790",
                    _RESIDUAL,
                )
            )
    else:
        for cls, code, why in (
            ("cfc", "382471", "contains a CFC"),
            ("halon", "382472", "contains halon-1211, halon-1301 or halon-2402"),
            ("hbfc", "382473", "contains an HBFC"),
        ):
            if has(cls):
                matches.append((code, why))
        if has("hcfc") and not has("cfc"):
            matches.append(("382474", "contains an HCFC and no CFC"))
        if has("ctc"):
            matches.append(("382475", "contains carbon tetrachloride"))
        if has("tca"):
            matches.append(("382476", "contains 1,1,1-trichloroethane"))
        if has("mb", "bcm"):
            matches.append(("382477", "contains methyl bromide or bromochloromethane"))
        if no_cfc_hcfc and has("pfc", "hfc", "hfc23", "hfc_other"):
            matches.append(("382478", "contains a PFC or HFC and no CFC or HCFC"))
        if not matches:
            matches.append(
                (
                    "382479",
                    _RESIDUAL,
                )
            )
    matches.sort()
    code, why = matches[0]
    _, _, srcs = tables.mixture_texts[(edition, code)]
    return Classification(
        code=HSCode(subheading=code, edition=edition),
        criterion=why,
        ambiguous_with=tuple(HSCode(subheading=c, edition=edition) for c, _ in matches[1:]),
        sources=srcs,
    )


def classify(item: str | Substance | Mixture, edition: str = "HS2022") -> Classification:
    """Return the HS subheading of a substance or mixture, with the criterion that decided it.

    A pure substance takes its own subheading of heading 29.03 (or its heading elsewhere).
    A mixture follows heading 38.27 (HS 2022) or subheadings 3824.71-3824.79 (HS 2017),
    read as a pure function of its mass composition; thresholds are inclusive ("15 % or
    more"). Where a mixture meets the conditions of more than one subheading, the first in
    numerical order is returned and the others are listed in ``ambiguous_with``.

    Raises:
        UnknownSubstanceError: *item* is a name the catalog does not know.
        MissingDataError: no subheading is bundled for a substance (hydrocarbons, ethers).
        InvalidArgumentError: unknown *edition*.

    >>> classify("R-410A").code, classify("R-22").code
    (HSCode('3827.63', edition='HS2022'), HSCode('2903.71', edition='HS2022'))
    >>> classify("R-502").criterion
    'contains a CFC'
    """
    ed = _edition(edition)
    resolved = lookup(item)
    if isinstance(resolved, Substance):
        return _substance_code(resolved, ed)
    if len(resolved.components) == 1:
        return _substance_code(resolved.components[0].substance, ed)
    return _mixture_code(resolved, ed)


def chemical_subheadings(chemical_id: str, edition: str = "HS2022") -> tuple[HSCode, ...]:
    """The subheadings whose flags name the chemical *chemical_id* (:mod:`mea_trade.chemicals`).

    These are the subheadings whose wording names the chemical, or for which the WCO
    recommends a national subdivision for it.

    >>> [str(c) for c in chemical_subheadings("thiodiglycol")]
    ['2930.70']
    """
    ed = _edition(edition)
    return _CHEMICAL_CODES.get().get((ed, chemical_id), ())


def _chemical_codes() -> Mapping[tuple[str, str], tuple[HSCode, ...]]:
    out: dict[tuple[str, str], list[HSCode]] = {}
    for (edition, _), found in sorted(_TABLES.get().flags.items()):
        for flag in found:
            for chem in flag.chemicals:
                codes = out.setdefault((edition, chem), [])
                if flag.code not in codes:
                    codes.append(flag.code)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


_CHEMICAL_CODES: Lazy[Mapping[tuple[str, str], tuple[HSCode, ...]]] = Lazy(_chemical_codes)


def flag_coverage() -> Mapping[str, tuple[str, str]]:
    """How far :func:`flags` covers each instrument: ``{id: (coverage, note)}``.

    Coverage is ``"complete"``, ``"partial"`` or ``"none"``.

    >>> flag_coverage()["montreal"][0], flag_coverage()["cartagena"][0]
    ('partial', 'none')
    """
    return _COVERAGE.get()


def flags(code: str | HSCode, edition: str = "HS2022") -> tuple[Flag, ...]:
    """The instruments and lists that goods declared under *code* may concern, with the reason.

    A national code is screened by its six-digit subheading. Coverage
    (:func:`flag_coverage`): the Montreal Protocol is complete for substances and
    their mixtures and partial for products (Annex D); the Rotterdam, Stockholm,
    Minamata, Basel and Chemical Weapons Conventions and CITES are flagged where the
    HS 2022 wording names the goods; the Cartagena Protocol is not. An empty result
    means "no flag", not "no MEA concern".

    >>> [f.groups for f in flags("2903.71.00")]
    [('C/I',)]
    >>> flags("0101.21")
    ()
    """
    parsed = HSCode.parse(code, edition)
    return _TABLES.get().flags.get((parsed.edition, parsed.subheading), ())
