"""The throttles kept in the database (core/throttle.py) and their rules (core/throttle_policy.py)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections

from gongkai.core.models import Throttle
from gongkai.core.throttle import (
    check_throttle_settings,
    throttle_cleanup,
    throttle_hit,
    throttle_peek,
    throttle_reset,
    throttle_undo,
)
from gongkai.core.throttle_policy import (
    ALLOWED,
    Hit,
    Limit,
    LimitSyntaxError,
    Verdict,
    address_material,
    case_material,
    combine,
    email_material,
    judge,
    parse_limits,
    phone_material,
    window_start,
)

HOUR, DAY = 3600, 86400
CHINA = 8 * HOUR
# 2026-12-07 10:30:00 in Beijing (02:30 UTC).
NOW = datetime(2026, 12, 7, 2, 30, tzinfo=UTC).timestamp()


# --- The policy, as tables -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("20/h", (Limit(20, HOUR),)),
        ("20/h,100/d", (Limit(20, HOUR), Limit(100, DAY))),
        (" 5 / 10m ", (Limit(5, 600),)),
        ("3/s", (Limit(3, 1),)),
        ("", ()),
        ("off", ()),
        ("OFF", ()),
        ("0", ()),
    ],
)
def test_limits_are_read_from_their_text(text, limits):
    assert parse_limits(text) == limits


@pytest.mark.parametrize("text", ["20", "20/week", "0/h", "-1/h", "20/h;5/d", "h/20", "5/0h"])
def test_a_limit_that_cannot_be_read_is_an_error_not_no_limit(text):
    with pytest.raises(LimitSyntaxError, match="格式不对"):
        parse_limits(text)


@pytest.mark.parametrize(
    ("seconds", "offset", "start"),
    [
        (HOUR, CHINA, datetime(2026, 12, 7, 2, 0, tzinfo=UTC)),  # on the hour
        (600, CHINA, datetime(2026, 12, 7, 2, 30, tzinfo=UTC)),
        (DAY, CHINA, datetime(2026, 12, 6, 16, 0, tzinfo=UTC)),  # Beijing midnight
        (DAY, 0, datetime(2026, 12, 7, 0, 0, tzinfo=UTC)),
    ],
)
def test_windows_begin_on_the_hour_and_at_local_midnight(seconds, offset, start):
    assert window_start(NOW, seconds, offset) == int(start.timestamp())


@pytest.mark.parametrize(
    ("counts", "verdict"),
    [
        ([(20, 100)], ALLOWED),  # the 20th event of 20 is allowed
        ([(21, 100)], Verdict(False, 100)),
        ([(5, 100), (101, 200)], Verdict(False, 200)),
        ([(21, 100), (101, 200)], Verdict(False, 200)),  # back only when both have ended
        ([(21, 100), (50, 200)], Verdict(False, 100)),
        ([], ALLOWED),
    ],
)
def test_the_verdict_waits_for_the_last_exceeded_window(counts, verdict):
    limits = [Limit(20, HOUR), Limit(100, DAY)]
    hits = [Hit(limits[i], count, end) for i, (count, end) in enumerate(counts)]
    assert judge(hits) == verdict


def test_verdicts_combine_to_the_latest_retry():
    assert combine([ALLOWED, ALLOWED]) == ALLOWED
    assert combine([Verdict(False, 5), ALLOWED, Verdict(False, 9)]) == Verdict(False, 9)


@pytest.mark.parametrize(
    ("address", "material"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),  # the same subscriber
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("", "unknown"),
        ("nginx", "unknown"),
    ],
)
def test_one_client_is_one_ipv4_address_or_one_ipv6_network(address, material):
    assert address_material(address) == material


@pytest.mark.parametrize(
    ("phone", "material"),
    [
        ("13912345678", "phone:13912345678"),
        ("+86 139-1234-5678", "phone:13912345678"),
        ("0086 13912345678", "phone:13912345678"),
        ("0931-8888888", "phone:09318888888"),
        ("", None),
        ("--", None),
    ],
)
def test_one_phone_is_its_digits_without_the_country_code(phone, material):
    assert phone_material(phone) == material


def test_emails_and_case_numbers_are_read_as_the_lookups_read_them():
    assert email_material(" ZhangSan@Example.COM ") == "email:zhangsan@example.com"
    assert email_material("") is None
    assert case_material(" gs-bgt-2026 00001 ") == "GS-BGT-202600001"


# --- Counting in the database ----------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.GONGKAI_THROTTLES = {"test": "3/h,5/d", "other": "1/h"}


def test_counts_are_shared_rows_and_refuse_past_the_limit(db, limits):
    verdicts = [throttle_hit("test", "203.0.113.7", now=NOW) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    next_hour = int(datetime(2026, 12, 7, 3, 0, tzinfo=UTC).timestamp())
    assert verdicts[-1].retry_at == next_hour
    # Another address, another scope: counted apart.
    assert throttle_hit("test", "203.0.113.8", now=NOW).allowed
    assert throttle_hit("other", "203.0.113.7", now=NOW).allowed
    # The next hour the hourly counter starts again; the daily one goes on (4 + 1 = 5 ≤ 5) …
    assert throttle_hit("test", "203.0.113.7", now=NOW + HOUR).allowed
    # … and then refuses until Beijing midnight.
    refused = throttle_hit("test", "203.0.113.7", now=NOW + HOUR)
    assert refused == Verdict(False, int(datetime(2026, 12, 7, 16, 0, tzinfo=UTC).timestamp()))


def test_nothing_counted_is_stored_in_the_clear(db, limits):
    throttle_hit("test", "phone:13912345678", now=NOW)
    rows = list(Throttle.objects.values_list("scope", "key", "count"))
    assert len(rows) == 2 and {r[0] for r in rows} == {"test"}
    for _, key, count in rows:
        assert len(key) == 64 and "13912345678" not in key and count == 1


def test_peek_undo_and_reset(db, limits):
    for _ in range(3):
        throttle_hit("test", "x", now=NOW)
    assert not throttle_peek("test", "x", now=NOW).allowed
    throttle_undo("test", "x", now=NOW)
    assert throttle_peek("test", "x", now=NOW).allowed
    assert set(Throttle.objects.values_list("count", flat=True)) == {2}
    assert throttle_reset("test", "x") == 2
    assert not Throttle.objects.exists()
    throttle_undo("test", "x", now=NOW)  # nothing to take back: no row, no negative count
    assert not Throttle.objects.exists()


def test_a_scope_without_limits_counts_nothing(db, settings):
    settings.GONGKAI_THROTTLES = {"test": "off"}
    assert all(throttle_hit("test", "x", now=NOW).allowed for _ in range(50))
    assert throttle_hit("unknown-scope", "x").allowed
    assert not Throttle.objects.exists()


def test_expired_counters_are_cleared_and_current_ones_kept(db, limits):
    throttle_hit("test", "x", now=NOW - 2 * DAY)
    throttle_hit("test", "x", now=NOW)
    assert Throttle.objects.count() == 4
    assert throttle_cleanup(now=NOW) == 2
    assert Throttle.objects.count() == 2
    assert throttle_cleanup(now=NOW + 2 * DAY) == 2


def test_the_timer_command_clears_what_has_expired_by_now(db, limits):
    throttle_hit("test", "old", now=NOW - 400 * DAY)
    throttle_hit("test", "current")  # the real clock: both windows still open
    call_command("clear_throttles", verbosity=0)
    assert Throttle.objects.count() == 2
    assert throttle_peek("test", "current").allowed


def test_the_check_refuses_an_unreadable_limit(settings):
    settings.GONGKAI_THROTTLES = {"track-case": "10 per hour"}
    errors = check_throttle_settings()
    assert [e.id for e in errors] == ["core.E101"] and "track-case" in errors[0].msg
    settings.GONGKAI_THROTTLES = {"track-case": "10/h", "apply-address": "20/h,60/d"}
    assert check_throttle_settings() == []


# --- Concurrency (PostgreSQL) ----------------------------------------------------------------------

THREADS, EACH = 8, 25


@pytest.fixture
def _content_types_cached_for_the_next_restore():
    """The serialized_rollback test after this one
    restores content types, and the cache must then hold their ids."""
    yield
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database has one writer",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_content_types_cached_for_the_next_restore")
def test_parallel_increments_on_postgresql_are_not_lost(settings):
    settings.GONGKAI_THROTTLES = {"race": f"{THREADS * EACH}/h"}
    barrier = threading.Barrier(THREADS)
    verdicts: list[Verdict] = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            mine = [throttle_hit("race", "one-key", now=NOW) for _ in range(EACH)]
            with lock:
                verdicts.extend(mine)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(verdicts) == THREADS * EACH and all(v.allowed for v in verdicts)
    assert list(Throttle.objects.values_list("count", flat=True)) == [THREADS * EACH]
    # One more, from this connection, is the first one past the limit.
    assert not throttle_hit("race", "one-key", now=NOW).allowed
    assert connection.vendor == "postgresql"
