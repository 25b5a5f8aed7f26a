"""What core shares with every app: cn_date, the CSV reader and all-or-nothing import, the serial
counters, the error base, and the audit trail of writes outside a workflow."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from gongkai.applications.models import ApplicationSerial
from gongkai.bodies.models import BodyRole
from gongkai.bodies.services import AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE
from gongkai.core import csvimport
from gongkai.core.dates import cn_date
from gongkai.core.errors import GongkaiError
from gongkai.core.serials import serial_lock, serial_next, serial_reserve
from gongkai.reports.services import AUDIT_FIGURES_SET, enforcement_figures_set
from gongkai.testing.personas import staff, user


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2021, 5, 15), "2021年5月15日"),
        (date(2019, 11, 25), "2019年11月25日"),
        (date(2026, 1, 1), "2026年1月1日"),
        # 16:30 UTC on 31 December is already 1 January in China.
        (datetime(2025, 12, 31, 16, 30, tzinfo=UTC), "2026年1月1日"),
        (datetime(2025, 12, 31, 16, 30), "2025年12月31日"),  # naive: taken as written
        (None, ""),
    ],
)
def test_cn_date_writes_every_date_one_way(value, text):
    assert cn_date(value) == text


def test_an_error_keeps_each_message_and_joins_them():
    error = GongkaiError(["第一个问题", "第二个问题"])
    assert error.messages == ["第一个问题", "第二个问题"]
    assert error.message == str(error) == "第一个问题；第二个问题"
    assert GongkaiError("一个问题").messages == ["一个问题"]


# --- The CSV reader ----------------------------------------------------------------------------


def test_the_reader_numbers_rows_by_their_first_line_and_skips_empty_rows():
    text = '机关代码,备注\ngansu,"两行\n的备注"\n,\n  lanzhou , 备注 \n'
    rows, errors = csvimport.csv_rows(io.StringIO(text))
    assert errors == []
    assert rows == [
        (2, {"机关代码": "gansu", "备注": "两行\n的备注"}),
        (5, {"机关代码": "lanzhou", "备注": "备注"}),
    ]


def test_the_reader_reports_cells_beyond_the_header_and_fills_missing_ones():
    rows, errors = csvimport.csv_rows(io.StringIO("甲,乙\n1\n1,2,3\n"))
    assert rows[0] == (2, {"甲": "1", "乙": ""})
    assert errors == ["第3行：本行的单元格多于表头的列"]


@dataclass
class _Counted(csvimport.ImportOutcome):
    written: list[str] = field(default_factory=list)

    def done(self) -> str:
        return f"已导入{len(self.written)}条"

    def forget(self) -> None:
        self.written = []


def _check(rows):
    parsed, problems = [], []
    for line, row in rows:
        problems.extend((line, m) for m in csvimport.required_errors(row, ["名称"]))
        if row.get("数量") and not row["数量"].isdigit():
            problems.append((line, "“数量”应为整数"))
        parsed.append(row)
    return parsed, problems


def test_an_import_with_any_wrong_row_writes_nothing_and_lists_every_error_by_line():
    written = []
    outcome = csvimport.import_all_or_nothing(
        [
            (3, {"名称": "", "数量": "x"}),
            (2, {"名称": "甲", "数量": "1"}),
            (4, {"名称": "乙", "数量": "y"}),
        ],
        _Counted(),
        columns=["名称", "数量"],
        required=["名称"],
        check=_check,
        write=written.extend,
    )
    assert written == []
    assert outcome.errors == [
        "第3行：“名称”不能为空",
        "第3行：“数量”应为整数",
        "第4行：“数量”应为整数",
    ]
    assert outcome.summary().splitlines()[0] == csvimport.MSG_NOTHING


def test_the_header_is_checked_before_any_row():
    outcome = csvimport.import_all_or_nothing(
        [{"名字": "甲"}],
        _Counted(),
        columns=["名称", "数量"],
        required=["名称"],
        check=_check,
        write=print,
    )
    assert outcome.errors == [
        "第1行（表头）：缺少必需的列：名称",
        "第1行（表头）：无法识别的列：名字",
    ]
    empty = csvimport.import_all_or_nothing(
        [], _Counted(), columns=["名称"], required=["名称"], check=_check, write=print
    )
    assert empty.errors == [csvimport.MSG_EMPTY]


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_every_row_back(office):
    outcome = _Counted()

    def write(rows):
        for row in rows:
            ApplicationSerial.objects.create(body=office, year=int(row["数量"]))
            outcome.written.append(row["名称"])

    csvimport.import_all_or_nothing(
        [{"名称": "甲", "数量": "2001"}, {"名称": "乙", "数量": "2001"}],  # the second breaks a key
        outcome,
        columns=["名称", "数量"],
        required=["名称"],
        check=_check,
        write=write,
    )
    assert outcome.written == [] and outcome.errors[0].startswith("写入数据库失败，未导入任何记录")
    assert not ApplicationSerial.objects.filter(body=office, year=2001).exists()


# --- Serial counters ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_counter_counts_per_key_and_a_reserved_number_is_never_given_again(office, city):
    with transaction.atomic():
        assert [serial_next(ApplicationSerial, body=office, year=2030) for _ in range(3)] == [
            1,
            2,
            3,
        ]
        assert serial_next(ApplicationSerial, body=city, year=2030) == 1
        serial_reserve(ApplicationSerial, 41, body=office, year=2030)
        serial_reserve(ApplicationSerial, 7, body=office, year=2030)  # lower: changes nothing
        assert serial_next(ApplicationSerial, body=office, year=2030) == 42


@pytest.mark.django_db
def test_a_number_taken_in_a_rolled_back_transaction_is_free_again(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        serial_next(ApplicationSerial, body=office, year=2031)
        raise IntegrityError("simulated")
    with transaction.atomic():
        assert serial_next(ApplicationSerial, body=office, year=2031) == 1


def test_a_counter_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        serial_lock(ApplicationSerial, body=None, year=2030)


# --- The audit trail ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_granting_and_revoking_a_role_leaves_audit_rows_naming_who_did_it(office):
    from gongkai.bodies.services import body_grant_role, body_revoke_role

    operator = user("auditor", is_superuser=True)
    person = user("newcomer")
    body_grant_role(person, office, BodyRole.EDITOR, by=operator)
    body_grant_role(person, office, BodyRole.EDITOR, by=operator)  # already: no row
    body_revoke_role(person, office, BodyRole.EDITOR, by=operator)
    rows = ModelLogEntry.objects.filter(
        object_id=str(office.pk), action__in=(AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE)
    ).order_by("pk")
    assert [(r.action, r.user_id, r.data["user"]) for r in rows] == [
        (AUDIT_ROLE_GRANT, operator.pk, "newcomer"),
        (AUDIT_ROLE_REVOKE, operator.pk, "newcomer"),
    ]
    assert rows[0].formatter.label == "授予角色"


@pytest.mark.django_db
def test_entering_enforcement_figures_leaves_an_audit_row(office):
    editor = staff("figures_editor", office, BodyRole.EDITOR)
    figures = enforcement_figures_set(
        body=office,
        year=2024,
        licensing=3,
        penalties=1,
        coercion=0,
        fees_wan_yuan=Decimal("1.5"),
        user=editor,
    )
    row = ModelLogEntry.objects.get(object_id=str(figures.pk), action=AUDIT_FIGURES_SET)
    assert row.user_id == editor.pk and row.data == {"year": 2024}
