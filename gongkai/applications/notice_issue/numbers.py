"""Letter numbers: `<机关简称>依申请〔YYYY〕N号`, N a serial per body and year over all its letters."""

from __future__ import annotations

import re

from gongkai.applications.models import ApplicationSerial, Notice
from gongkai.core.serials import serial_lock

NUMBER_FORMAT = "{prefix}依申请〔{year}〕{serial}号"
_NUMBER_SERIAL = re.compile(r"〔(\d{4})〕(\d+)号$")


def notice_number_prefix(body) -> str:
    return body.short_name or body.name


def notice_number_take(body, year: int) -> str:
    """The next `<简称>依申请〔YYYY〕N号` of the body; call inside a transaction.

    Locks the body's `ApplicationSerial` row of the year (so concurrent letters queue) and counts
    on from the highest serial of the body's notices of that year.
    """
    serial_lock(ApplicationSerial, body=body, year=year)
    numbers = Notice.objects.filter(
        application__body=body, number__contains=f"〔{year}〕"
    ).values_list("number", flat=True)
    last = 0
    for number in numbers:
        match = _NUMBER_SERIAL.search(number)
        if match and int(match[1]) == year:
            last = max(last, int(match[2]))
    return NUMBER_FORMAT.format(prefix=notice_number_prefix(body), year=year, serial=last + 1)
