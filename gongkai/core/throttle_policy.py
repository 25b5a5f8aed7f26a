"""The rules of the throttles, without a database: limits, windows, what is counted as one
client or one contact, and the verdict. The counting itself is `core.throttle`.

A limit is written `N/unit` — at most N events per window of one unit (`s`, `m`, `h`, `d`);
several are joined by commas ("20/h,100/d"); "" or "off" means no limit. Windows are fixed:
an hour window starts on the hour, a day window at local midnight (`offset` = the local UTC offset
in seconds), so a refused person can be told the exact time from which it works again.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
OFF = {"", "off", "none", "0"}
IPV6_PREFIX = 64  # one subscriber gets a /64: its addresses are one client


class LimitSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Limit:
    count: int  # events allowed in one window
    seconds: int  # length of the window


@dataclass(frozen=True)
class Hit:
    """One counter after an event: the limit, the count in the current window, and when that
    window ends (Unix time)."""

    limit: Limit
    count: int
    window_end: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit.count


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_at: int | None = None  # Unix time from which every exceeded counter is back in bounds


ALLOWED = Verdict(True)


def parse_limits(text: str) -> tuple[Limit, ...]:
    """ "20/h,100/d" → (Limit(20, 3600), Limit(100, 86400)); "" or "off" → ()."""
    text = (text or "").strip().lower()
    if text in OFF:
        return ()
    limits = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", part)
        if not match or int(match[1]) < 1 or match[2] == "0":
            raise LimitSyntaxError(f"频率限制“{part.strip()}”格式不对，应类似 20/h 或 100/d")
        limits.append(Limit(int(match[1]), int(match[2] or 1) * UNITS[match[3]]))
    return tuple(limits)


def window_start(now: float, seconds: int, offset: int = 0) -> int:
    """The Unix time at which the window holding `now` began; windows of a day or longer begin at
    local midnight (`offset`: the local time's distance from UTC in seconds)."""
    shift = offset if seconds >= UNITS["d"] else 0
    return int((now + shift) // seconds * seconds - shift)


def judge(hits: Iterable[Hit]) -> Verdict:
    """Refused if any counter is past its limit; then retry when the last of those windows ends."""
    ends = [hit.window_end for hit in hits if hit.exceeded]
    return Verdict(False, max(ends)) if ends else ALLOWED


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    refused = [v.retry_at or 0 for v in verdicts if not v.allowed]
    return Verdict(False, max(refused)) if refused else ALLOWED


# --- What counts as one client, one contact, one case ---------------------------------------------


def address_material(address: str | None) -> str:
    """One client: an IPv4 address, or the /64 network of an IPv6 one (an IPv4-mapped IPv6
    address is the IPv4 one); anything unreadable is one shared client, "unknown"."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


def phone_material(phone: str | None) -> str | None:
    """A phone number by its digits, without the country code 86: "+86 139-1234-5678" and
    "13912345678" are one contact. None when there are no digits."""
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return f"phone:{digits}" if digits else None


def email_material(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return f"email:{email}" if email else None


def case_material(case_number: str | None) -> str:
    """A case number as the lookups read it: without spaces, in capitals."""
    return re.sub(r"\s+", "", case_number or "").upper()
