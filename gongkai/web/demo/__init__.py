"""Demo data for `make run` (`manage.py load_demo`): every page type of the platform with
realistic content. Idempotent: running it again changes nothing.

In the order the command runs them:

- `base.load_demo`: the 29 bodies, the staff accounts, the General Office's documents in every
  validity state (the founding notice 甘政办发〔2021〕48号 among them, its text cleaned as every text
  taken from a PDF is), its draft annual report. The browser tests build on this part alone.
- `load_demo_content`: each body's 政府信息公开工作机构 and contact details and its 政府信息公开指南;
  documents of many bodies in every validity state, with interpretations, and 工作制度 in the
  制度 columns (`documents`); a sample of the national law library at /flfg/ (`laws`).
- `base.load_demo_applications`: two online applications to the General Office, received today.
- `cases.load_demo_cases`: last year's closed cases of 城关区 and 兰州市, remedies, typical cases,
  and last year's annual reports of every body but the General Office, published.
- `reviewed.load_demo_reviewed_cases`: two of the General Office's cases of today through 审核 and
  签发: one delivered, one waiting for 签发.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.bodies.models import Body
from gongkai.web.demo.base import (
    DEMO_PASSWORD,
    SEED_FILE,
    load_demo,
    load_demo_applications,
)
from gongkai.web.demo.cases import load_demo_cases
from gongkai.web.demo.documents import documents_publish
from gongkai.web.demo.guides import bodies_contacts_set, guides_publish
from gongkai.web.demo.laws import laws_import
from gongkai.web.demo.reviewed import load_demo_reviewed_cases

__all__ = [
    "DEMO_PASSWORD",
    "SEED_FILE",
    "load_demo",
    "load_demo_all",
    "load_demo_applications",
    "load_demo_cases",
    "load_demo_content",
    "load_demo_reviewed_cases",
]


@transaction.atomic
def load_demo_content() -> None:
    """What the bodies publish beyond the base (needs `load_demo` first)."""
    bodies = {b.code: b for b in Body.objects.all()}
    admin = get_user_model().objects.get(username="admin")
    bodies_contacts_set(bodies)
    guides_publish(bodies, admin)
    documents_publish(bodies, admin)
    laws_import()


def load_demo_all() -> list[tuple[str, str]]:
    """The whole demo, as `manage.py load_demo` loads it; returns the accounts (name, role).
    Must run outside a transaction (cases and applications commit on their own)."""
    accounts = load_demo(seed_text=SEED_FILE.read_text(encoding="utf-8"))
    load_demo_content()
    load_demo_applications()
    load_demo_cases()
    load_demo_reviewed_cases()
    return accounts
