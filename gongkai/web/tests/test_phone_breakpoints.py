"""What lets the phone widths test (test_browser_widths.py) check every page at 320 px only: no
style sheet of the public site has a rule that holds at one of the two phone widths (320 and
390 px) and not at the other. A width query between them would make the 390 px layout a layout of
its own, to be checked page by page again."""

from __future__ import annotations

import re

from gongkai.testing import PROJECT_ROOT
from gongkai.web.tests.test_browser_widths import NARROWEST, PHONES

WIDTH_QUERY = re.compile(r"\((min|max)-width:\s*(\d+(?:\.\d+)?)(px|em|rem)\s*\)")
EM_PX = 16  # a media query's em is the browser's default font size


def _holds(kind: str, limit: float, width: int) -> bool:
    return width <= limit if kind == "max" else width >= limit


def test_no_width_rule_tells_the_two_phones_apart():
    sheets = sorted((PROJECT_ROOT / "gongkai").glob("*/static/**/*.css"))
    assert any(sheet.name == "site.css" for sheet in sheets)
    widest = max(PHONES)
    apart = []
    for sheet in sheets:
        for query in re.findall(r"@media[^{]*", sheet.read_text(encoding="utf-8")):
            for kind, number, unit in WIDTH_QUERY.findall(query):
                limit = float(number) * (1 if unit == "px" else EM_PX)
                if _holds(kind, limit, NARROWEST) != _holds(kind, limit, widest):
                    apart.append(f"{sheet.relative_to(PROJECT_ROOT)}: {query.strip()}")
    assert apart == []
