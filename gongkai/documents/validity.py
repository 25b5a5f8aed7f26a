"""有效性 (validity) of a document on any date — pure, and the same rule as its SQL twin.

The rule (requirements A4; docs/validity.md):

1. 已废止 if a repeal is recorded and took effect on or before the date (an unknown repeal date
   counts as repealed on every date: historical imports only know *that* a text was repealed);
2. 已修改 if a later version is published and in force by the date (a new version does not
   retire the old one before its own 施行日期);
3. 失效 if the 失效日期 is on or before the date (the document stops applying *on* that day);
4. 尚未生效 if its 施行日期 (or, without one, its publication date) is after the date;
5. 有效 otherwise.

"In force on D" means 有效 on D. `selectors.annotate_validity` computes the same in SQL; a test
checks that the two agree on the whole law corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.documents.models import ValidityStatus


@dataclass(frozen=True)
class ValidityFacts:
    starts_on: date | None  # 施行日期, or the publication date when there is none
    expires_on: date | None = None  # 失效日期
    repealed: bool = False
    repealed_on: date | None = None  # None with repealed=True: date unknown
    superseded_on: date | None = None  # earliest start of a published later version


def validity_on(facts: ValidityFacts, on: date) -> ValidityStatus:
    if facts.repealed and (facts.repealed_on is None or facts.repealed_on <= on):
        return ValidityStatus.REPEALED
    if facts.superseded_on is not None and facts.superseded_on <= on:
        return ValidityStatus.AMENDED
    if facts.expires_on is not None and facts.expires_on <= on:
        return ValidityStatus.EXPIRED
    if facts.starts_on is not None and facts.starts_on > on:
        return ValidityStatus.NOT_YET_EFFECTIVE
    return ValidityStatus.EFFECTIVE


def is_in_force(facts: ValidityFacts, on: date) -> bool:
    return validity_on(facts, on) == ValidityStatus.EFFECTIVE
