"""Case numbers: `<body index_code>-YYYY-NNNNN`, from a locked serial row per body and year."""

from __future__ import annotations

import re

from gongkai.applications.models import ApplicationSerial

CASE_NUMBER_FORMAT = "{prefix}-{year}-{serial:05d}"


def case_number_take(body, year: int) -> str:
    """The next case number of a body and year, from a locked serial row.

    The row is created with INSERT … ON CONFLICT DO NOTHING and then locked (SELECT … FOR
    UPDATE), so concurrent submissions at one body wait for each other and never share a number.
    """
    ApplicationSerial.objects.bulk_create(
        [ApplicationSerial(body=body, year=year)], ignore_conflicts=True
    )
    row = ApplicationSerial.objects.select_for_update().get(body=body, year=year)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return case_number_format(body, year, row.last_serial)


def case_number_prefix(body) -> str:
    return body.index_code or body.code


def case_number_format(body, year: int, serial: int) -> str:
    return CASE_NUMBER_FORMAT.format(prefix=case_number_prefix(body), year=year, serial=serial)


def case_number_reserve(body, number: str) -> None:
    """An imported case number in the platform's own form: later numbers must come after it."""
    match = re.fullmatch(rf"{re.escape(case_number_prefix(body))}-(\d{{4}})-(\d+)", number)
    if match is None:
        return
    year, serial = int(match[1]), int(match[2])
    ApplicationSerial.objects.bulk_create(
        [ApplicationSerial(body=body, year=year)], ignore_conflicts=True
    )
    row = ApplicationSerial.objects.select_for_update().get(body=body, year=year)
    if serial > row.last_serial:
        row.last_serial = serial
        row.save(update_fields=["last_serial"])
