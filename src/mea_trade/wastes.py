"""Waste codes, operation codes and hazard codes as declarations carry them (syntax only).

A declaration may name a waste by the code of a list instead of a substance or
an HS code: a Basel Convention code (Annex I and II categories ``Y1`` ... ,
Annex VIII entries ``A1010`` ... , Annex IX entries ``B1010`` ...) or a code of
the OECD Decision on wastes destined for recovery (green ``GB040`` ... ,
amber ``AA010`` ... , ``RB020``). This module reads and normalises such codes,
the Annex IV operation codes (``D1`` ... ``D15``, ``R1`` ... ``R13``) and the
Annex III hazard codes (``H1`` ... ``H13``), so that the foundation can build a
:class:`~mea_trade.records.Shipment` without knowing any treaty. What a code
means on a date (whether the entry exists, what it covers, which rules follow)
is the business of the Basel room, :mod:`mea_trade.basel`.

>>> w = Waste.parse("a 1181; y49")
>>> [c.code for c in w.codes], str(w)
(['A1181', 'Y49'], 'A1181; Y49')
>>> parse_operation("R04"), parse_characteristics("h6.1, H11")
('R4', ('H6.1', 'H11'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from mea_trade.errors import InvalidArgumentError, InvalidWasteCodeError, _shorten

__all__ = [
    "CHARACTERISTICS",
    "OPERATIONS",
    "Waste",
    "WasteCode",
    "looks_like_waste",
    "parse_characteristics",
    "parse_operation",
]

#: Annex IV operations as the Convention numbers them: section A (disposal) D1-D15 and
#: section B (operations which may lead to recovery) R1-R13 (treaty-texts-nl/basel.md).
OPERATIONS: tuple[str, ...] = (
    *(f"D{i}" for i in range(1, 16)),
    *(f"R{i}" for i in range(1, 14)),
)
#: Annex III hazard codes as the Convention lists them (there is no H2, H7 or H9).
CHARACTERISTICS: tuple[str, ...] = (
    "H1",
    "H3",
    "H4.1",
    "H4.2",
    "H4.3",
    "H5.1",
    "H5.2",
    "H6.1",
    "H6.2",
    "H8",
    "H10",
    "H11",
    "H12",
    "H13",
)

_Y = re.compile(r"^Y\s?0*(\d{1,2})$")
_AB = re.compile(r"^([AB])\s?(\d{4})$")
_OECD = re.compile(r"^([AGR][A-Z])\s?(\d{3})$")
_SPLIT = re.compile(r"\s*(?:[;,+/&]|\band\b)\s*", re.IGNORECASE)
_OPERATION = re.compile(r"^([DR])\s?0*(\d{1,2})$")
_HAZARD = re.compile(r"^H\s?0*(\d{1,2}(?:\.\d)?)$")


@attrs.frozen
class WasteCode:
    """One waste code, normalised (``"A1181"``, ``"Y48"``, ``"GC030"``).

    Attributes:
        code: the code as the lists print it.
        scheme: ``"basel"`` or ``"oecd"``.
        series: ``"Y"`` (Basel Annex I and II categories), ``"A"`` (Annex VIII),
            ``"B"`` (Annex IX), ``"green"`` or ``"amber"`` (OECD lists; OECD
            green codes start with G, amber codes with A or R).
    """

    code: str
    scheme: str
    series: str

    def __str__(self) -> str:
        return self.code

    @classmethod
    def parse(cls, text: str) -> WasteCode:
        """Read one code; raise :class:`~mea_trade.errors.InvalidWasteCodeError` if malformed."""
        if not isinstance(text, str):
            raise InvalidArgumentError(f"expected a waste code (str), not {_shorten(text)}")
        code = cls.read(text)
        if code is None:
            raise InvalidWasteCodeError(
                f"{_shorten(text)} is not a waste code; expected a Basel code such as 'Y48', "
                "'A1181' or 'B3011', or an OECD code such as 'GC030' or 'AA010'"
            )
        return code

    @classmethod
    def read(cls, text: str) -> WasteCode | None:
        """The code in *text*, or None if *text* is not shaped like one."""
        raw = text.strip().upper()
        if len(raw) > 8:
            return None
        m = _Y.match(raw)
        if m and int(m.group(1)) > 0:
            return cls(f"Y{int(m.group(1))}", "basel", "Y")
        m = _AB.match(raw)
        if m:
            return cls(m.group(1) + m.group(2), "basel", m.group(1))
        m = _OECD.match(raw)
        if m:
            series = "green" if raw[0] == "G" else "amber"
            return cls(m.group(1) + m.group(2), "oecd", series)
        return None


@attrs.frozen
class Waste:
    """A waste given by one or more list codes (a mixture is declared by all of its codes).

    >>> Waste.parse("B1010 and B1050").codes[1].code
    'B1050'
    """

    codes: tuple[WasteCode, ...]

    def __attrs_post_init__(self) -> None:
        if not self.codes:
            raise InvalidWasteCodeError("a waste needs at least one code")

    def __str__(self) -> str:
        return "; ".join(c.code for c in self.codes)

    @property
    def name(self) -> str:
        """The codes as text (``"A1181; Y49"``)."""
        return str(self)

    @classmethod
    def parse(cls, text: str) -> Waste:
        """Read one or more codes separated by ``;``, ``,``, ``+``, ``/``, ``&`` or ``and``."""
        if not isinstance(text, str):
            raise InvalidArgumentError(f"expected waste codes (str), not {_shorten(text)}")
        parts = [p for p in _SPLIT.split(text.strip()) if p]
        return cls.of(WasteCode.parse(p) for p in parts)

    @classmethod
    def of(cls, codes: Iterable[WasteCode | str]) -> Waste:
        """A waste of the given codes (strings are parsed), without repeats, in order."""
        out: list[WasteCode] = []
        for item in codes:
            code = item if isinstance(item, WasteCode) else WasteCode.parse(item)
            if code not in out:
                out.append(code)
        return cls(tuple(out))


def looks_like_waste(text: str) -> bool:
    """Whether *text* reads as one or more waste codes.

    >>> looks_like_waste("A1181"), looks_like_waste("R-22"), looks_like_waste("B1010 + B1050")
    (True, False, True)
    """
    if not isinstance(text, str) or len(text) > 200:
        return False
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    return bool(parts) and all(WasteCode.read(p) is not None for p in parts)


def parse_operation(value: object) -> str | None:
    """An Annex IV operation code, normalised (``"R04"`` -> ``"R4"``); None stays None.

    Raises:
        InvalidWasteCodeError: not one of :data:`OPERATIONS`.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        m = _OPERATION.match(value.strip().upper())
        if m:
            code = m.group(1) + str(int(m.group(2)))
            if code in OPERATIONS:
                return code
    raise InvalidWasteCodeError(
        f"unknown operation {_shorten(value)}; expected an Annex IV code D1-D15 (disposal) "
        "or R1-R13 (recovery)"
    )


def parse_characteristics(value: object) -> tuple[str, ...]:
    """Annex III hazard codes, normalised and in order; a string may hold several.

    Raises:
        InvalidWasteCodeError: a code that is not one of :data:`CHARACTERISTICS`.
    """
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items: Iterable[object] = [p for p in re.split(r"[;,\s]+(?=[Hh])", value.strip()) if p]
    elif isinstance(value, Iterable):
        items = value
    else:
        raise InvalidArgumentError(f"characteristics must be H codes, not {_shorten(value)}")
    out: list[str] = []
    for item in items:
        m = _HAZARD.match(item.strip().upper()) if isinstance(item, str) else None
        code = f"H{m.group(1)}" if m else None
        if code not in CHARACTERISTICS:
            raise InvalidWasteCodeError(
                f"unknown hazard characteristic {_shorten(item)}; expected one of "
                f"{', '.join(CHARACTERISTICS)} (Basel Annex III)"
            )
        if code not in out:
            out.append(code)
    return tuple(out)
