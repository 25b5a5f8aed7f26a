"""The year of public participation in the annual report's narrative: consultations and their
comments, feedback reports, letters (answered within the limit), Q&A and hot topics — counted
from the records of that year and that body only."""

from __future__ import annotations

import pytest

from gongkai.participation import letter_workflow
from gongkai.participation.annual import participation_sentence, participation_year
from gongkai.participation.tests.factories import OPEN_DAY, comment_in, consultation_make
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in
from gongkai.participation.tests.qa_factories import question_in
from gongkai.reports.narrative import narrative_draft

pytestmark = pytest.mark.django_db


def test_a_body_s_year_of_participation(office, city, editor, reviewer, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)  # 2026
    page = consultation_make(office)
    comment_in(page, "published", moderator=editor)
    comment_in(page, "pending", moderator=editor)
    time_machine.move_to(WRITTEN, tick=False)
    letter_in(office, "replied", handler=editor, reviewer=reviewer)
    open_letter = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    letter_workflow.letter_transfer(open_letter, user=reviewer, to_body=city, note="属于兰州市职责")
    question_in(office, "published", author=editor, reviewer=reviewer)
    question_in(office, "withdrawn", author=editor, reviewer=reviewer)
    counts = participation_year(office, 2026)
    assert (counts.consultations, counts.comments, counts.feedback_reports) == (1, 2, 0)
    assert (counts.letters.received, counts.letters.replied) == (1, 1)  # the other went to the city
    assert (counts.questions, counts.topics) == (1, 0)
    sentence = participation_sentence(counts, 2026)
    assert sentence == (
        "2026年，开展意见征集1次，收到意见2条；领导信箱、部门信箱收到来信1封，已答复1封，"
        "在答复时限内答复的占100%；发布简明问答1条。"
    )
    assert "开展意见征集1次" in narrative_draft(office, 2026)["一"]
    assert participation_sentence(participation_year(office, 2025), 2025) == ""
    assert participation_year(city, 2026).letters.received == 1
