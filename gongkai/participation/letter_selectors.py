"""Reads about mailbox letters: who may act on which letter, the reply limit a body applies, the
staff's queue with its clocks, the writer's lookup, and the public lists and statistics.

Scoping: staff see the letters of the bodies they act for (any role), and a handler also the
letters assigned to them (a department drafting for the body above it). Nobody else sees a
letter; the writer sees their own through its number and query code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.core.dates import today as local_today
from gongkai.core.query_codes import DUMMY_HASH, query_code_matches
from gongkai.participation import mailbox_limits
from gongkai.participation.mailbox_limits import LetterCategory, ReplyLimit
from gongkai.participation.models import Letter, LetterStatus, MailboxLimit, Satisfaction
from gongkai.participation.selectors import bodies_with_roles, is_staff_user
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar

# Who handles a body's letters: anyone who acts for it. Who reviews a reply before it is sent
# (and extends a limit, returns a draft, dismisses a letter): its reviewers, the head of its
# openness office, its site admins.
HANDLER_ROLES = tuple(role for role, _ in BodyRole.choices)
REVIEWER_ROLES = (BodyRole.REVIEWER, BodyRole.OFFICE_HEAD, BodyRole.SITE_ADMIN)
OPEN_STATUSES = (LetterStatus.RECEIVED, LetterStatus.HANDLING, LetterStatus.IN_REVIEW)


def bodies_handling_letters(user) -> QuerySet[Body]:
    return bodies_with_roles(user, HANDLER_ROLES)


def bodies_reviewing_letters(user) -> QuerySet[Body]:
    return bodies_with_roles(user, REVIEWER_ROLES)


def letters_for_user(user) -> QuerySet[Letter]:
    """Every letter the user may open: of a body they act for, or assigned to them."""
    if not is_staff_user(user):
        return Letter.objects.none()
    if user.is_superuser:
        return Letter.objects.all()
    return Letter.objects.filter(
        Q(body__in=bodies_handling_letters(user).values("pk")) | Q(handler=user)
    )


def user_may_handle_letter(user, letter: Letter) -> bool:
    if not is_staff_user(user):
        return False
    if letter.handler_id == user.pk:
        return True
    return bodies_handling_letters(user).filter(pk=letter.body_id).exists()


def user_may_review_letter(user, letter: Letter) -> bool:
    return bodies_reviewing_letters(user).filter(pk=letter.body_id).exists()


def handlers_for(body: Body) -> QuerySet:
    """The people a letter of `body` may be assigned to: the staff of the body and of the bodies
    (departments) under it."""
    members = BodyMembership.objects.filter(
        body__path__startswith=body.path, user__is_active=True
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=members).order_by("username")


def limit_for(body: Body, category: LetterCategory) -> ReplyLimit:
    """The body's reply limit for the category, else the platform's default (regulations.md §9)."""
    row = MailboxLimit.objects.filter(body=body, category=category).first()
    return row.limit if row is not None else mailbox_limits.DEFAULT_REPLY_LIMIT


# --- The writer's lookup -----------------------------------------------------------------------


def letter_for_tracking(number: str, query_code: str) -> Letter | None:
    """The letter when the number and the query code match, else None; the code is compared
    even when the number is unknown, so a miss takes as long as a hit."""
    number = "".join((number or "").split()).upper()
    letter = Letter.objects.select_related("body").filter(number=number).first() if number else None
    stored = letter.query_code_hash if letter is not None else DUMMY_HASH
    matches = query_code_matches(query_code or "", stored)
    return letter if letter is not None and matches else None


# --- The staff's queue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Where a letter stands against its limit and the red line, on `today`."""

    due_on: date
    days_left: int | None  # working days to the due date (0: due today; negative: overdue)
    overdue: bool
    red_line: date
    alarm: bool  # past the alarm day, not yet answered
    over_red_line: bool


def letter_clock(letter: Letter, calendar: WorkCalendar, today: date | None = None) -> Clock:
    today = today or local_today()
    started = letter.waiting_since
    answered = letter.status not in OPEN_STATUSES
    try:
        if today <= letter.due_on:
            left: int | None = len(calendar.workdays_between(today, letter.due_on))
        else:
            left = -len(calendar.workdays_between(letter.due_on, today))
    except CalendarDataMissing:
        left = None
    line = mailbox_limits.red_line(started)
    return Clock(
        due_on=letter.due_on,
        days_left=left,
        overdue=not answered and today > letter.due_on,
        red_line=line,
        alarm=not answered and today >= mailbox_limits.alarm_on(started),
        over_red_line=not answered and today > line,
    )


def letter_queue(user, *, mine: bool = False, status: str = "") -> QuerySet[Letter]:
    """The letters waiting for the user's bodies (or, with `mine`, for the user), oldest limit
    first."""
    qs = letters_for_user(user).select_related("body", "handler")
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if mine:
        # Assigned to the user; or a draft waiting for review, for those who review it.
        reviewing = bodies_reviewing_letters(user).values("pk")
        qs = qs.filter(Q(handler=user) | Q(status=LetterStatus.IN_REVIEW, body__in=reviewing))
        qs = qs.exclude(Q(status=LetterStatus.IN_REVIEW) & Q(drafted_by=user))
    return qs.order_by("due_on", "received_at", "pk")


# --- The public lists and statistics -----------------------------------------------------------


def letters_published(
    body: Body | None = None,
    *,
    category: str = "",
    year: int | None = None,
    month: int | None = None,
) -> QuerySet[Letter]:
    qs = Letter.objects.filter(published=True, status=LetterStatus.REPLIED).select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(received_on__year=year)
        if month:
            qs = qs.filter(received_on__month=month)
    return qs.order_by("-replied_on", "-pk")


@dataclass(frozen=True)
class MailboxStatistics:
    received: int
    replied: int
    dismissed: int
    open: int
    within_limit: int
    average_days: float | None  # calendar days from receipt to the first reply
    satisfaction: dict[str, int]

    @property
    def within_limit_percent(self) -> float | None:
        return round(100 * self.within_limit / self.replied, 1) if self.replied else None

    @property
    def rated(self) -> int:
        return sum(self.satisfaction.values())


def _in_period(qs: QuerySet[Letter], year: int | None, month: int | None) -> QuerySet[Letter]:
    if year:
        qs = qs.filter(received_on__year=year)
        if month:
            qs = qs.filter(received_on__month=month)
    return qs


def _replied(qs: QuerySet[Letter]) -> QuerySet[Letter]:
    """The letters with a first reply (a dismissed letter is not counted as answered)."""
    return qs.filter(replied_on__isnull=False).exclude(status=LetterStatus.DISMISSED)


def _statistics(
    counts: dict[str, int], replied: list[tuple[date, date, bool]], ratings: dict[str, int]
) -> MailboxStatistics:
    """The figures from the letters' count by status, the (received_on, replied_on,
    answered_in_time) of the replied ones and the count of ratings by satisfaction."""
    within = sum(1 for _, _, in_time in replied if in_time)
    days = [(replied_on - received).days for received, replied_on, _ in replied]
    return MailboxStatistics(
        received=sum(counts.values()),
        replied=len(replied),
        dismissed=counts.get(LetterStatus.DISMISSED, 0),
        open=sum(counts.get(s, 0) for s in OPEN_STATUSES),
        within_limit=within,
        average_days=round(sum(days) / len(days), 1) if days else None,
        satisfaction={s.value: ratings.get(s.value, 0) for s in Satisfaction},
    )


def mailbox_statistics(
    body: Body | None = None, *, year: int | None = None, month: int | None = None
) -> MailboxStatistics:
    """What the inspection indicators ask of a mailbox (国办秘函〔2019〕19号): letters received,
    answered, answered within the limit, the average time to answer, and the writers' ratings.
    `within_limit` counts the first replies given by the due date then in force."""
    qs = Letter.objects.all()
    if body is not None:
        qs = qs.filter(body=body)
    qs = _in_period(qs, year, month)
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    replied = list(_replied(qs).values_list("received_on", "replied_on", "answered_in_time"))
    ratings = dict(
        qs.exclude(satisfaction="").values_list("satisfaction").annotate(n=Count("pk")).order_by()
    )
    return _statistics(counts, replied, ratings)


def mailbox_statistics_by_body(
    *, year: int | None = None, month: int | None = None
) -> dict[int, MailboxStatistics]:
    """`mailbox_statistics` of every body with letters received in the period, by body pk, in
    three queries whatever the number of bodies (the statistics page). A body without letters in
    the period has no entry."""
    qs = _in_period(Letter.objects.all(), year, month)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for body_id, status, n in (
        qs.values_list("body_id", "status").annotate(n=Count("pk")).order_by()
    ):
        counts[body_id][status] = n
    replied: dict[int, list[tuple[date, date, bool]]] = defaultdict(list)
    for body_id, received, replied_on, in_time in (
        _replied(qs)
        .values_list("body_id", "received_on", "replied_on", "answered_in_time")
        .order_by()
    ):
        replied[body_id].append((received, replied_on, in_time))
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    for body_id, satisfaction, n in (
        qs.exclude(satisfaction="")
        .values_list("body_id", "satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        ratings[body_id][satisfaction] = n
    # Every replied or rated letter is counted by status too: `counts` has every body.
    return {
        body_id: _statistics(by_status, replied.get(body_id, []), ratings.get(body_id, {}))
        for body_id, by_status in counts.items()
    }
