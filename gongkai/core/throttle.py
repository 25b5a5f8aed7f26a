"""Throttles kept in the database, so that every app server counts the same events.

A scope names what is limited ("track-case": failed lookups of one case number); its limits come
from `settings.GONGKAI_THROTTLES[scope]` (`core.throttle_policy.parse_limits`). Each limit of a
scope is one counter per window: a `Throttle` row, increased by a single
`INSERT … ON CONFLICT … DO UPDATE SET count = count + 1 RETURNING count` — atomic on PostgreSQL
and SQLite alike, so concurrent requests on any server never lose a count.

What is counted (an address, a contact, a case number) is stored only as an HMAC under the
SECRET_KEY (`_key`): the table cannot be read back into addresses or phone numbers.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core import checks
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.core.models import Throttle
from gongkai.core.throttle_policy import (
    ALLOWED,
    Hit,
    Limit,
    LimitSyntaxError,
    Verdict,
    judge,
    parse_limits,
    window_start,
)

KEY_SALT = "gongkai.core.throttle"


def limits_of(scope: str) -> tuple[Limit, ...]:
    return parse_limits(settings.GONGKAI_THROTTLES.get(scope, ""))


def _offset(now: float) -> int:
    """The local time's distance from UTC (Asia/Shanghai: 8 hours), for day windows."""
    moment = timezone.localtime(datetime.fromtimestamp(now, tz=UTC))
    return int(moment.utcoffset().total_seconds())


def _key(scope: str, limit: Limit, material: str) -> str:
    return salted_hmac(
        KEY_SALT, f"{scope}|{limit.seconds}|{material}", algorithm="sha256"
    ).hexdigest()


def _aware(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def _db() -> str:
    return router.db_for_write(Throttle)


def _prep(field: str, value, connection):
    return Throttle._meta.get_field(field).get_db_prep_value(value, connection, prepared=False)


def _increment(scope: str, key: str, start: int, end: int, step: int) -> int:
    """Add `step` to one counter (creating it) and return its new value, in one statement."""
    connection = connections[_db()]
    table = connection.ops.quote_name(Throttle._meta.db_table)
    start_value = _prep("window_start", _aware(start), connection)
    end_value = _prep("expires_at", _aware(end), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, key, window_start, expires_at, count) "
            "VALUES (%s, %s, %s, %s, %s) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + %s "
            "RETURNING count",
            [scope, key, start_value, end_value, step, step],
        )
        return int(cursor.fetchone()[0])


def throttle_hit(scope: str, material: str, *, now: float | None = None) -> Verdict:
    """Count one event of `material` in every window of the scope; refused when any counter is
    now past its limit (the refused event is counted too)."""
    now = time.time() if now is None else now
    hits = []
    for limit in limits_of(scope):
        start = window_start(now, limit.seconds, _offset(now))
        end = start + limit.seconds
        count = _increment(scope, _key(scope, limit, material), start, end, 1)
        hits.append(Hit(limit, count, end))
    return judge(hits) if hits else ALLOWED


def throttle_undo(scope: str, material: str, *, now: float | None = None) -> None:
    """Take one event back (a reserved attempt that turned out not to count, e.g. a lookup that
    succeeded); never below zero."""
    now = time.time() if now is None else now
    for limit in limits_of(scope):
        start = window_start(now, limit.seconds, _offset(now))
        Throttle.objects.using(_db()).filter(
            key=_key(scope, limit, material), window_start=_aware(start), count__gt=0
        ).update(count=F("count") - 1)


def throttle_peek(scope: str, material: str, *, now: float | None = None) -> Verdict:
    """The verdict if one more event came now, without counting it."""
    now = time.time() if now is None else now
    hits = []
    for limit in limits_of(scope):
        start = window_start(now, limit.seconds, _offset(now))
        row = (
            Throttle.objects.using(_db())
            .filter(key=_key(scope, limit, material), window_start=_aware(start))
            .values_list("count", flat=True)
            .first()
        )
        hits.append(Hit(limit, (row or 0) + 1, start + limit.seconds))
    return judge(hits) if hits else ALLOWED


def throttle_reset(scope: str, material: str) -> int:
    """Forget every counter of `material` in the scope (e.g. a case's failed lookups once a new
    query code was sent to the applicant). Returns the rows deleted."""
    keys = [_key(scope, limit, material) for limit in limits_of(scope)]
    deleted, _ = Throttle.objects.using(_db()).filter(key__in=keys).delete()
    return deleted


def throttle_cleanup(*, now: float | None = None) -> int:
    """Delete the counters whose window has ended; returns how many."""
    moment = _aware(int(time.time() if now is None else now))
    deleted, _ = Throttle.objects.using(_db()).filter(expires_at__lte=moment).delete()
    return deleted


@checks.register(checks.Tags.security)
def check_throttle_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every limit in GONGKAI_THROTTLES is readable (a typo must not switch a throttle off)."""
    errors = []
    for scope, text in getattr(settings, "GONGKAI_THROTTLES", {}).items():
        try:
            parse_limits(text)
        except LimitSyntaxError as exc:
            errors.append(checks.Error(f"GONGKAI_THROTTLES[{scope!r}]: {exc}", id="core.E101"))
    return errors


# The refusal messages of the public forms say when they work again (applications, participation).
def until_text(retry_at: int | None) -> str:
    """When it works again, in local time: "12月8日 00:00以后"."""
    if retry_at is None:
        return "稍后"
    moment = timezone.localtime(datetime.fromtimestamp(retry_at, tz=UTC))
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}以后"
