"""CAS Registry Numbers: parsing and check-digit validation.

A CAS RN has the form ``NNNNNNN-NN-N`` (2 to 7 digits, 2 digits, 1 check
digit). The check digit is the sum of the other digits, each multiplied by
its position counted from the right (starting at 1), modulo 10.

>>> normalize_cas("75-45-6")
'75-45-6'
>>> is_valid_cas("75-45-7")
False
"""

from __future__ import annotations

import re

from mea_trade.errors import InvalidArgumentError, InvalidCASError, _shorten

__all__ = ["CAS_PATTERN", "cas_check_digit", "is_valid_cas", "looks_like_cas", "normalize_cas"]

#: Shape of a CAS RN (digits only, separated by hyphens); surrounding blanks are allowed.
CAS_PATTERN = re.compile(r"^\s*(\d{2,7})-(\d{2})-(\d)\s*$")
_CAS_LIKE = re.compile(r"^\s*\d[\d\s-]*\d\s*$")


def cas_check_digit(body: str) -> int:
    """Return the check digit for the digits of a CAS RN without its last digit.

    >>> cas_check_digit("7545")
    6
    """
    digits = [int(c) for c in body if c.isdigit()]
    return sum(i * d for i, d in enumerate(reversed(digits), start=1)) % 10


def looks_like_cas(text: str) -> bool:
    """Whether *text* is made of digits and hyphens only, i.e. is meant as a CAS RN.

    >>> looks_like_cas("75-45-6"), looks_like_cas("HCFC-22")
    (True, False)
    """
    return bool(_CAS_LIKE.match(text)) and "-" in text


def is_valid_cas(text: object) -> bool:
    """Whether *text* is a well-formed CAS RN with a correct check digit.

    >>> is_valid_cas("811-97-2"), is_valid_cas("811-97-3"), is_valid_cas(811972)
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    match = CAS_PATTERN.match(text)
    if match is None:
        return False
    first, second, check = match.groups()
    return cas_check_digit(first + second) == int(check)


def normalize_cas(text: str) -> str:
    """Return the canonical form of a CAS RN, or raise :class:`InvalidCASError`.

    Leading zeros in the first part are dropped (``"0075-45-6"`` is ``"75-45-6"``).

    >>> normalize_cas(" 0075-45-6 ")
    '75-45-6'
    >>> normalize_cas("75-45-5")
    Traceback (most recent call last):
    ...
    mea_trade.errors.InvalidCASError: invalid CAS number '75-45-5': check digit is 5, expected 6
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(f"a CAS number must be a str, not {type(text).__name__}")
    match = CAS_PATTERN.match(text)
    if match is None:
        raise InvalidCASError(
            f"invalid CAS number {_shorten(text)}: expected digits in the form NNNNNNN-NN-N"
        )
    first, second, check = match.groups()
    expected = cas_check_digit(first + second)
    if expected != int(check):
        raise InvalidCASError(
            f"invalid CAS number {_shorten(text)}: check digit is {check}, expected {expected}"
        )
    first = first.lstrip("0") or "0"
    if len(first) < 2:
        first = first.rjust(2, "0")
    return f"{first}-{second}-{check}"
