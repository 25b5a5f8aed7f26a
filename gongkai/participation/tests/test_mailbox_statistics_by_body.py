"""The mailbox statistics of every body at once (`mailbox_statistics_by_body`): the same figures as
`mailbox_statistics` body by body, and the statistics page in a number of queries that does not
grow with the number of bodies that have letters."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.bodies.models import BodyRole
from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_selectors import (
    mailbox_statistics,
    mailbox_statistics_by_body,
)
from gongkai.participation.models import Letter, ReplyKind
from gongkai.participation.tests.letter_factories import TZ, WRITTEN, letter_in, letter_submit
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

PERIODS = [
    (None, None),
    (2025, None),
    (2025, 12),
    (2026, None),
    (2026, 1),  # no letters
    (2026, 3),
    (2026, 4),
    (2024, None),  # no letters
]


def _at(*args: int) -> datetime:
    return datetime(*args, 10, 0, tzinfo=TZ)


def _answer(letter, handler, reviewer, *, publish: bool = True) -> Letter:
    flow.letter_assign(letter, user=reviewer, handler=handler)
    flow.letter_draft(letter, user=handler, reply_kind=ReplyKind.ANSWER, reply_text="答复如下……")
    return flow.letter_approve(letter, user=reviewer, publish=publish)


@pytest.fixture
def letters(
    time_machine,
    province,
    office,
    city,
    county,
    editor,
    reviewer,
    other_body_editor,
    other_body_reviewer,
):
    """Letters in three bodies (the province has none), in every state, over three months of two
    years: answered the same day, a few days later and after the limit, rated, followed up,
    dismissed, and one transferred from the office to the county."""
    county_editor = personas.staff("county_editor", county, BodyRole.EDITOR)
    county_reviewer = personas.staff("county_reviewer", county, BodyRole.REVIEWER)
    staff = {
        office: (editor, reviewer),
        city: (other_body_editor, other_body_reviewer),
        county: (county_editor, county_reviewer),
    }

    def state(body, *states: str) -> None:
        handler, body_reviewer = staff[body]
        for each in states:
            letter_in(body, each, handler=handler, reviewer=body_reviewer)

    # December 2025 (Tuesday 9th).
    time_machine.move_to(_at(2025, 12, 9), tick=False)
    state(office, "replied:rated", "dismissed", "received")
    state(city, "replied")
    late_2025, _ = letter_submit(city)

    # March 2026 (Tuesday 10th).
    time_machine.move_to(WRITTEN, tick=False)
    state(
        office,
        "received",
        "handling",
        "handling:extended",
        "in_review",
        "dismissed",
        "replied",
        "replied:rated",
        "replied:follow-up",
        "handling:follow-up",
    )
    state(city, "received", "replied:rated", "handling:follow-up")
    state(county, "in_review")
    office_later = [letter_submit(office)[0] for _ in range(3)]
    city_later, _ = letter_submit(city)
    transferred, _ = letter_submit(office)
    flow.letter_transfer(transferred, user=reviewer, to_body=county, note="属县区政府职责")

    # Answered on Friday 13 March (in time), on Tuesday 24 March and on Wednesday 8 April (late).
    time_machine.move_to(_at(2026, 3, 13), tick=False)
    _answer(office_later[0], editor, reviewer)
    flow.letter_rate(office_later[0], satisfaction="basically")
    _answer(transferred, county_editor, county_reviewer)
    flow.letter_rate(transferred, satisfaction="dissatisfied")
    time_machine.move_to(_at(2026, 3, 24), tick=False)
    _answer(office_later[1], editor, reviewer, publish=False)
    flow.letter_rate(office_later[1], satisfaction="dissatisfied")
    _answer(late_2025, other_body_editor, other_body_reviewer)
    time_machine.move_to(_at(2026, 4, 8), tick=False)
    _answer(office_later[2], editor, reviewer)
    _answer(city_later, other_body_editor, other_body_reviewer)
    flow.letter_rate(city_later, satisfaction="satisfied")

    # April 2026: more letters, some answered the same day.
    state(office, "replied", "received")
    state(county, "replied:rated", "dismissed")
    return [province, office, city, county]


def test_the_figures_are_those_of_each_body(letters):
    # The letters do cover what the statistics tell apart.
    assert Letter.objects.filter(answered_in_time=False).exists()
    assert Letter.objects.filter(answered_in_time=True).exists()
    assert Letter.objects.exclude(satisfaction="").values("satisfaction").distinct().count() == 3
    assert Letter.objects.exclude(transferred_on=None).exists()
    compared = 0
    for year, month in PERIODS:
        by_body = mailbox_statistics_by_body(year=year, month=month)
        period = Letter.objects.all()
        if year:
            period = period.filter(received_on__year=year)
            if month:
                period = period.filter(received_on__month=month)
        assert set(by_body) == set(period.values_list("body_id", flat=True)), (year, month)
        for body in letters:
            expected = mailbox_statistics(body, year=year, month=month)
            if expected.received:
                assert by_body[body.pk] == expected, (body.code, year, month)
                compared += 1
            else:
                assert body.pk not in by_body, (body.code, year, month)
    assert compared >= 10
    # Not all trivial: the office in March 2026 has answers in time and late, over several days.
    march = mailbox_statistics_by_body(year=2026, month=3)[letters[1].pk]
    assert 0 < march.within_limit < march.replied
    assert march.average_days not in (None, 0.0)
    assert march.dismissed == 1 and march.open >= 5 and march.rated == 3


def _body_rows(response) -> int:
    main = response.content.decode().split('id="main"', 1)[1]
    return len(re.findall(r"<tr><th scope=\"row\">", main)) - 1  # without 合计


@pytest.mark.parametrize("query", ["", "?year=2026", "?year=2026&month=3"])
def test_the_page_takes_as_many_queries_for_three_bodies_as_for_one(
    client, office, city, county, time_machine, django_assert_max_num_queries, query
):
    time_machine.move_to(WRITTEN, tick=False)
    url = f"/mailbox/statistics/{query}"
    letter_submit(office)
    client.get(url)  # anything cached on a first visit
    with CaptureQueriesContext(connection) as one_body:
        response = client.get(url)
    assert response.status_code == 200 and _body_rows(response) == 1

    for body in (city, county):
        letter_submit(body)
        letter_submit(body)
    with django_assert_max_num_queries(len(one_body)):
        response = client.get(url)
    assert response.status_code == 200 and _body_rows(response) == 3
