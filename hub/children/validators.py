"""Checks on children's identifiers, with messages that say what to do."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def normalise_upn(value: str) -> str:
    return "".join(value.split()).upper()


def validate_upn(value: str) -> None:
    """A unique pupil number: 13 characters, a letter, 11 digits, then a digit or letter."""
    if value and not _UPN.match(normalise_upn(value)):
        raise ValidationError("Enter a UPN of 13 characters, like A123456789012, or leave it blank")


def normalise_nhs_number(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def nhs_number_is_valid(value: str) -> bool:
    digits = normalise_nhs_number(value)
    if len(digits) != 10:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError("Enter a real 10-digit NHS number, like 943 476 5919, or leave it blank")
