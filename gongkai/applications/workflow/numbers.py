"""Case numbers: `<body index_code>-YYYY-NNNNN`, from a locked serial row per body and year."""

from __future__ import annotations

import re

from gongkai.applications.models import ApplicationSerial
from gongkai.core.serials import serial_next, serial_reserve

CASE_NUMBER_FORMAT = "{prefix}-{year}-{serial:05d}"


def case_number_take(body, year: int) -> str:
    """The next case number of a body and year (`core.serials`: concurrent submissions at one
    body queue on the counter row and never share a number)."""
    return case_number_format(body, year, serial_next(ApplicationSerial, body=body, year=year))


def case_number_prefix(body) -> str:
    return body.index_code or body.code


def case_number_format(body, year: int, serial: int) -> str:
    return CASE_NUMBER_FORMAT.format(prefix=case_number_prefix(body), year=year, serial=serial)


def case_number_reserve(body, number: str) -> None:
    """An imported case number in the platform's own form: later numbers must come after it."""
    match = re.fullmatch(rf"{re.escape(case_number_prefix(body))}-(\d{{4}})-(\d+)", number)
    if match is None:
        return
    serial_reserve(ApplicationSerial, int(match[2]), body=body, year=int(match[1]))
