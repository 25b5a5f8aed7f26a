"""The access matrix (access.py): the public API, the attachment downloads before and after
publication, and the workbench (cases, 审核 and 签发, typical cases, report supervision and its
催办, the staff's own report tables), for every persona."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.web.tests import access
from gongkai.web.tests.access import (
    ANY_STAFF,
    CASE_HANDLERS,
    OFFICE_BODY,
    OFFICE_MANAGERS,
    OFFICE_PAGES,
    OFFICE_SUPERVISORS,
    PERSONAS,
    PUBLIC,
    SUPERVISORS,
    family,
    only,
    probe_row,
)

# The world of office and city objects, built once for this module (access.py).
world = access.world
_media_of_the_world = access._media_of_the_world


@pytest.fixture(scope="module")
def consultation_world(world, django_db_blocker):
    """The office's consultation with one pending comment, added to the world (its transaction
    rolls them back). The comment is created directly: the workflow's registration commits in a
    durable transaction of its own, which the world's outer transaction does not allow."""
    from gongkai.participation.models import Comment, CommentChannel
    from gongkai.participation.tests.factories import consultation_make

    with django_db_blocker.unblock():
        page = consultation_make(Body.objects.get(code=world.ids["office_code"]))
        comment = Comment.objects.create(
            consultation=page,
            number="YJ2026999999",
            channel=CommentChannel.LETTER,
            received_on=page.opens_on,
            text="矩阵意见",
            contact="13912345678",
        )
    world.ids.update(consultation=page.pk, comment=comment.pk)
    return world


@pytest.fixture(scope="module")
def letter_world(world, django_db_blocker):
    """A letter to the office's mailbox, added to the world; created directly, as the comment
    (`letter_submit` commits in a durable transaction of its own)."""
    from gongkai.core.dates import today
    from gongkai.participation.models import Letter

    with django_db_blocker.unblock():
        office = Body.objects.get(code=world.ids["office_code"])
        letter = Letter.objects.create(
            number="XJ2026999999",
            query_code_hash="-",
            body=office,
            first_body=office,
            mailbox="leader",
            category="inquiry",
            subject="矩阵来信",
            text="矩阵来信内容",
            name="张三",
            phone="13912345678",
            received_on=today(),
            received_at=timezone.now(),
            clock_from=today(),
            due_on=today(),
        )
    world.ids.update(letter=letter.pk)
    return world


@pytest.fixture(scope="module")
def question_world(world, django_db_blocker):
    """A draft policy Q&A entry and a draft hot topic of the office, added to the world."""
    from gongkai.participation.models import HotTopic, PolicyQuestion

    with django_db_blocker.unblock():
        office = Body.objects.get(code=world.ids["office_code"])
        entry = PolicyQuestion.objects.create(
            body=office,
            question="矩阵问答的问题？",
            answer="矩阵问答的解答。",
            author=world.users["editor"],
        )
        topic = HotTopic.objects.create(
            body=office, title="矩阵热点", answer="矩阵回应。", author=world.users["editor"]
        )
    world.ids.update(question=entry.pk, topic=topic.pk)
    return world


Q = "?q=matrixdoc"  # the draft's and the public document's titles hold it
FAMILIES = [
    # --- Public API, attachments, workbench -----------------------------------------------------
    family("API: document list", r"api/v1/documents$", "/api/v1/documents" + Q, PUBLIC),
    family(
        "API: the draft",
        r"api/v1/documents/<doc_id>",
        "/api/v1/documents/{draft}",
        dict.fromkeys(PERSONAS, "no"),
    ),
    family("API: a published document", (), "/api/v1/documents/{public}", PUBLIC),
    family("API: search", r"api/v1/search", "/api/v1/search" + Q, PUBLIC),
    # The change feed: public documents only; the draft is never in it (finds_draft checks it).
    family("API: changes", r"api/v1/changes$", "/api/v1/changes?limit=1000", PUBLIC),
    family("API: change ids", r"api/v1/changes/ids", "/api/v1/changes/ids", PUBLIC),
    # Only published (frozen) figures: the office's report is a draft, a 404 for everyone.
    family(
        "API: the office's report (a draft)",
        r"api/v1/reports/",
        "/api/v1/reports/{office_code}/{year}",
        dict.fromkeys(PERSONAS, "no"),
    ),
    family(
        "API: the city's report (published)",
        (),
        "/api/v1/reports/{city_code}/{year}",
        PUBLIC,
    ),
    family(
        "API: schema and root",
        (r"api/v1/openapi.json", r"api/v1/docs", r"api/v1/$"),
        "/api/v1/openapi.json",
        PUBLIC,
    ),
    family(
        "attachment download: the draft's",
        # Ours (documents/serving.py: no cache may keep it) before Wagtail's at the same address.
        (r"documents/<int:document_id>/", r"documents/\^\(\\d\+\)"),
        "/documents/{attachment}/{attachment_name}",
        only(OFFICE_BODY, anonymous="no"),  # a 404: its existence is not confirmed
    ),
    family(
        "attachment download: a published one",
        (),
        "/documents/{public_attachment}/{public_attachment_name}",
        PUBLIC,
    ),
    family(
        "attachment password",
        r"documents/authenticate_with_password/",
        None,
        why="no collection has a password",
    ),
    # The case list shows each user only the cases of their bodies (applications' own tests).
    family(
        "workbench: cases",
        r"workbench/applications/",
        "/workbench/applications/",
        ANY_STAFF,
        hides="case",
        finders=CASE_HANDLERS,
    ),
    family(
        "workbench: the office's case",
        (),
        "/workbench/applications/{case}/",
        only(CASE_HANDLERS),
        hides="case",
        finders=CASE_HANDLERS,
    ),
    # 审核 and 签发 (issue 12 item 6): the queue of each reviewer's own body; the 签发 setting of
    # a site admin's subtree or an office head's body (the city's admin gets its own city's).
    family(
        "workbench: review queue",
        (),
        "/workbench/applications/review/",
        ANY_STAFF,
        hides="case",
        finders={"reviewer", "office_head"},
    ),
    family(
        "workbench: the office's sign-off setting",
        (),
        "/workbench/applications/review/settings/?body={office_code}",
        only(OFFICE_SUPERVISORS),
        hides="office",
        finders=OFFICE_SUPERVISORS,
    ),
    family(
        "workbench: the office's case's typical case",
        (),
        "/workbench/applications/{case}/typical-case/",
        only(CASE_HANDLERS),
        hides="case",
        finders=CASE_HANDLERS,
    ),
    family(
        "workbench: reports supervision",
        r"workbench/reports/",
        "/workbench/reports/",
        only(SUPERVISORS),
    ),
    family(
        "workbench: the office's report tables (drafts included)",
        (),
        "/workbench/reports/{office_code}/{year}/tables.json",
        only(OFFICE_BODY | OFFICE_SUPERVISORS),
        hides="office",
        finders=OFFICE_BODY | OFFICE_SUPERVISORS,
    ),
    family(
        "workbench: 催办 the office's report (POST)",
        (),
        "/workbench/reports/remind/",
        only(OFFICE_SUPERVISORS, ok="away"),  # back to the supervision list
        post={"body": "{office_code}", "year": "{year}"},
    ),
    family(
        "workbench: region overview of the office",
        (),
        "/workbench/reports/region/?body={office_code}&year={year}",
        only(OFFICE_SUPERVISORS),
        hides="office",
        finders=OFFICE_SUPERVISORS,
    ),
    # 意见征集 (participation/staff_urls.py): the consultations and comments of the bodies the user
    # moderates (信息员, 审核, 站点管理员: OFFICE_PAGES); anyone else gets a 404.
    family(
        "workbench: consultations",
        r"workbench/participation/$",
        "/workbench/participation/",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_PAGES,
    ),
    family(
        "workbench: the office's consultation's comments",
        r"workbench/participation/<int:pk>/$",
        "/workbench/participation/{consultation}/",
        only(OFFICE_PAGES),
        hides="office",
        finders=OFFICE_PAGES,
    ),
    family(
        "workbench: register a comment on the office's consultation",
        r"workbench/participation/<int:pk>/register/",
        "/workbench/participation/{consultation}/register/",
        only(OFFICE_PAGES),
    ),
    family(
        "workbench: the office's consultation's feedback report",
        r"workbench/participation/<int:pk>/feedback/",
        "/workbench/participation/{consultation}/feedback/",
        only(OFFICE_PAGES),  # an editor sees the tally; only 审核 and site admins the form
    ),
    family(
        "workbench: a comment on the office's consultation",
        r"workbench/participation/comments/<int:pk>/$",
        "/workbench/participation/comments/{comment}/",
        only(OFFICE_PAGES),
    ),
    family(
        "workbench: an action on the comment (POST, refused: no reason)",
        r"workbench/participation/comments/<int:pk>/(publish|withhold|dispose)/",
        "/workbench/participation/comments/{comment}/withhold/",
        only(OFFICE_PAGES),  # the form again with the workflow's message
        post={"reason": ""},
    ),
    # 来信办理 (participation/letter_staff_urls.py): the letters of the bodies the user acts for,
    # in any role (OFFICE_BODY); anyone else gets a 404. The limits: the body's site admins.
    family(
        "workbench: letters",
        r"workbench/letters/$",
        "/workbench/letters/?tab=open",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_BODY,
    ),
    family(
        "workbench: the office's letter",
        r"workbench/letters/<int:pk>/$",
        "/workbench/letters/{letter}/",
        only(OFFICE_BODY),
        hides="office",
        finders=OFFICE_BODY,
    ),
    family(
        "workbench: an action on the office's letter (POST, refused: not in review)",
        r"workbench/letters/<int:pk>/(assign|transfer|extend|draft|return|approve|dismiss)/",
        "/workbench/letters/{letter}/return/",
        only(OFFICE_BODY),  # the letter's page again with the workflow's message
        post={"note": ""},
    ),
    family(
        "workbench: the office's mailbox reply limits",
        r"workbench/letters/limits/",
        "/workbench/letters/limits/?body={office_code}",
        only(OFFICE_MANAGERS),
        hides="office",
        finders=OFFICE_MANAGERS,
    ),
    # 热点回应 (participation/letter_staff_urls.py): as the letters, any role of the office.
    family(
        "workbench: hot topics",
        r"workbench/letters/topics/$",
        "/workbench/letters/topics/",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_BODY,
    ),
    family(
        "workbench: a new hot topic",
        r"workbench/letters/topics/new/",
        "/workbench/letters/topics/new/",
        ANY_STAFF,
    ),
    family(
        "workbench: the office's hot topic",
        r"workbench/letters/topics/<int:pk>/$",
        "/workbench/letters/topics/{topic}/",
        only(OFFICE_BODY),
        hides="office",
        finders=OFFICE_BODY,
    ),
    family(
        "workbench: an action on the office's hot topic (POST, refused: a draft)",
        r"workbench/letters/topics/<int:pk>/(publish|withdraw)/",
        "/workbench/letters/topics/{topic}/withdraw/",
        only(OFFICE_BODY),  # the topic's page again with the workflow's message
        post={"note": ""},
    ),
    # 简明问答 (participation/qa_staff_urls.py): the entries of the bodies the user acts for, in
    # any role (OFFICE_BODY); anyone else gets a 404. A letter becomes an entry from its page.
    family(
        "workbench: policy Q&A",
        r"workbench/qa/$",
        "/workbench/qa/?tab=draft",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_BODY,
    ),
    family("workbench: a new Q&A entry", r"workbench/qa/new/", "/workbench/qa/new/", ANY_STAFF),
    family(
        "workbench: the office's Q&A entry",
        r"workbench/qa/<int:pk>/$",
        "/workbench/qa/{question}/",
        only(OFFICE_BODY),
        hides="office",
        finders=OFFICE_BODY,
    ),
    family(
        "workbench: an action on the office's Q&A entry (POST, refused: a draft)",
        r"workbench/qa/<int:pk>/(submit|return|publish|withdraw)/",
        "/workbench/qa/{question}/return/",
        only(OFFICE_BODY),  # the entry's page again with the workflow's message
        post={"note": ""},
    ),
    family(
        "workbench: the office's letter to a Q&A entry (POST, refused: not replied)",
        r"workbench/qa/from-letter/",
        "/workbench/qa/from-letter/{letter}/",
        only(OFFICE_BODY, ok="away"),  # back to the letter's page with the message
        post={},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_each_persona_gets(
    client,
    db,
    world,
    consultation_world,
    letter_world,
    question_world,
    _media_of_the_world,
    persona,
):
    probe_row(client, world, FAMILIES, persona)
