"""Static publishing: after each kind of change exactly the files it affects change, and the tree
then equals a full rebuild; files equal what Django serves; the drift check and its repair.

One small world per module: the session's three bodies, the province and the office with their
document columns and one empty column, the city with its empty column (`KEPT_COLUMNS`), and two
documents of the office; built in a
transaction rolled back after the module, its tree fully rendered once (the baseline). Each test
starts from a copy of the baseline (mtimes kept) and the same database state.

A change test (`assert_exactly_affected`) makes one change as the editor or a service does,
drains the outbox as the worker does, and fully rebuilds into a second root: the files whose
bytes or mtime changed are exactly those whose bytes differ between the baseline and that full
rebuild (nothing missed, nothing rewritten needlessly), and the tree is then byte-equal to it.
Where the database ends as it was at the baseline (a repair, a withdrawn case), the baseline is
that full rebuild and none is rendered again.
"""

from __future__ import annotations

import io
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Page, PageViewRestriction

from gongkai.applications.models import TypicalCase, TypicalStatus
from gongkai.applications.tests.factories import ApplicationFactory
from gongkai.bodies.models import Body
from gongkai.columns.models import CatalogueEntry, ColumnPage
from gongkai.core.dates import today
from gongkai.documents.models import DocType, LibraryPage, PolicyDocumentPage
from gongkai.documents.services import document_new_version, document_repeal
from gongkai.publishing import deps, services, tree
from gongkai.publishing.facts import facts_of_document
from gongkai.publishing.models import PublishedFile, PublishOutbox, PublishState
from gongkai.sites.services import body_set_hostname
from gongkai.testing import world as session_world
from gongkai.testing.personas import publish_document

HOST = "bgt.example.cn"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# The columns each body of the session world keeps here: those documents are in (`lzyj`, where
# they are published, with its parents, and the four listing the body's documents by type) and
# one empty column listing its children (`jgzn`), a page no document change may touch. The city
# keeps only its empty column: the province's document columns already show that another body's
# lists do not change. The other columns (twenty empty ones per body) are removed, in the
# module's transaction, rolled back: every full rebuild a test compares with would render them
# again, and they prove nothing `jgzn` does not.
KEPT_COLUMNS = {"fdzdgknr", "lzyj", "gz", "gfxwj", "fzsx", "zcjd", "jgzn"}
KEPT_BY_BODY = {"lanzhou": {"fdzdgknr", "jgzn"}}


def _trim_columns() -> None:
    doomed: list[int] = []
    for body in Body.objects.exclude(home_page=None).select_related("home_page"):
        kept = KEPT_BY_BODY.get(body.code, KEPT_COLUMNS)
        columns = ColumnPage.objects.descendant_of(body.home_page).exclude(slug__in=kept)
        doomed += columns.values_list("pk", flat=True)
    Page.objects.filter(pk__in=doomed).delete()  # with what is below them


def _build() -> dict:
    with override_settings(PUBLISH_ENABLED=False):
        _trim_columns()
    office = session_world.body("office")
    policy = publish_document(office, title="关于推进政务公开的意见", slug="policy")
    rule = publish_document(
        office,
        title="政务公开办法",
        slug="rule",
        doc_type=DocType.RULE,
        effective_on=date(2020, 1, 1),
    )
    return {"office": office.pk, "policy": policy.pk, "rule": rule.pk}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("publish-baseline")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PUBLISH_ENABLED=True, PUBLISH_ROOT=root, TASKS=IMMEDIATE):
                ids = _build()
                services.publish_full()
                PublishOutbox.objects.all().delete()
            # The build's "enqueue on commit" would never run (this transaction is rolled
            # back); dropped, so that each test sees its own transaction's callbacks.
            transaction.get_connection().run_on_commit.clear()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield {"root": root, **ids}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def root(world, settings, tmp_path, db):
    """This test's publish root: a copy of the module's tree, mtimes kept."""
    mine = tmp_path / "publish"
    shutil.copytree(world["root"], mine, copy_function=shutil.copy2)
    settings.PUBLISH_ENABLED = True
    settings.PUBLISH_ROOT = mine
    return mine


def hashes(snapshot) -> dict:
    return {k: v[0] for k, v in snapshot.items()}


def changed(before: dict, after: dict) -> set:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def assert_exactly_affected(root: Path, before, tmp_path: Path, must_include=()):
    """The incremental pass changed exactly the files a full rebuild changes, and the tree is
    then byte-equal to a full rebuild into a second root."""
    services.publish_pending()
    after = tree.snapshot(root)
    full = tree.snapshot(_full_into(tmp_path / "second"))
    truth = changed(hashes(before), hashes(full))
    assert changed(before, after) == truth  # mtimes too: nothing else was rewritten
    assert hashes(after) == hashes(full)
    for address in must_include:
        assert address in truth, address
    assert not PublishOutbox.objects.exists()
    return truth


def _full_into(folder: Path) -> Path:
    services.publish_full(folder)
    return folder


def page(pk) -> PolicyDocumentPage:
    return PolicyDocumentPage.objects.get(pk=pk)


# --- Layout and content ---------------------------------------------------------------------------


def test_the_tree_holds_every_public_page_as_django_serves_it(world, root):
    """A host name for the office (a Site: a full rebuild) puts its pages under the host too; each
    kind of file is byte-equal to Django's answer at its address; dynamic pages have no file."""
    # A body's own host name is a Site: a full rebuild, and the body's pages under its host too.
    body_set_hostname(session_world.body("office"), HOST)
    assert deps.FULL in PublishOutbox.objects.values_list("key", flat=True)
    services.publish_pending()
    policy = page(world["policy"])
    rel = policy.url_path[len("/" + policy.url_path.split("/")[1]) :]
    for site_dir, host, path in [
        ("_default", "localhost", "/"),
        ("_default", "localhost", rel),
        ("_default", "localhost", rel + "print/"),
        ("_default", "localhost", "/gs-bgt/"),
        ("_default", "localhost", "/flfg/") if LibraryPage.objects.exists() else (None,) * 3,
        ("_default", "localhost", "/library/"),
        ("_default", "localhost", "/apply/cases/"),
        (HOST, HOST, "/"),
        (HOST, HOST, rel.removeprefix("/gs-bgt")),
    ]:
        if site_dir is None:
            continue
        file = tree.file_for(root, site_dir, path)
        assert file.is_file(), (site_dir, path)
        response = Client().get(path, HTTP_HOST=host)
        assert response.status_code == 200
        assert file.read_bytes() == response.content, (site_dir, path)
    published = {path for _site, path in tree.walk(root)}
    assert not {"/search/", "/apply/", "/apply/track/", "/admin/"} & published
    assert not list(root.rglob(".tmp-*"))
    assert not services.publish_check().any


def test_writes_are_atomic_and_unchanged_bytes_are_not_rewritten(tmp_path, monkeypatch):
    file = tree.file_for(tmp_path, "_default", "/a/b/")
    assert tree.write_if_changed(file, "一".encode())
    os.utime(file, ns=(1_000_000_000, 1_000_000_000))
    assert not tree.write_if_changed(file, "一".encode())
    assert file.stat().st_mtime_ns == 1_000_000_000

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        tree.write_if_changed(file, "二".encode())
    assert file.read_bytes() == "一".encode()  # the old file, whole
    assert [p.name for p in file.parent.iterdir()] == ["index.html"]  # no temporary file left
    with pytest.raises(ValueError):
        tree.file_for(tmp_path, "_default", "/a/../../etc/")


# --- After each kind of change, exactly the affected files -----------------------------------------


def test_publishing_a_document(world, root, tmp_path):
    """A new document: its page and print view, its body's home, the portal and /library/ are
    among the files changed, and exactly the changed files of a full rebuild change."""
    before = tree.snapshot(root)
    doc = publish_document(session_world.body("office"), title="新发布的通知", slug="fresh")
    base = doc.url_path.removeprefix("/" + doc.url_path.split("/")[1])
    truth = assert_exactly_affected(
        root,
        before,
        tmp_path,
        must_include=[("_default", base), ("_default", base + "print/"), ("_default", "/")],
    )
    assert ("_default", "/gs-bgt/") in truth  # the body's home
    assert ("_default", "/library/") in truth


def test_editing_a_document(world, root, tmp_path):
    """A new title published: exactly the files a full rebuild changes."""
    before = tree.snapshot(root)
    doc = page(world["policy"])
    doc.title = "关于推进政务公开的意见（修订标题）"
    doc.save_revision().publish()
    assert_exactly_affected(root, before, tmp_path)


def test_repealing_a_document(world, root, tmp_path):
    """A repeal (废止): exactly the files a full rebuild changes, the repealed document's own among them."""
    before = tree.snapshot(root)
    document_repeal(page(world["rule"]), repealed_on=today() - timedelta(days=1))
    truth = assert_exactly_affected(root, before, tmp_path)
    rule = page(world["rule"])
    assert ("_default", rule.url_path.removeprefix("/" + rule.url_path.split("/")[1])) in truth


def test_a_new_version(world, root, tmp_path):
    """A draft new version changes nothing; published, exactly the files a full rebuild changes."""
    before = tree.snapshot(root)
    draft = document_new_version(page(world["rule"]))
    assert not PublishOutbox.objects.exists()  # a draft changes nothing public
    draft.effective_on = today() - timedelta(days=1)
    draft.title = "政务公开办法（2026年修订）"
    draft.save_revision().publish()
    assert_exactly_affected(root, before, tmp_path)


def test_unpublishing_a_document(world, root, tmp_path):
    """Unpublished: exactly the files a full rebuild changes, its own removed."""
    before = tree.snapshot(root)
    page(world["policy"]).unpublish()
    truth = assert_exactly_affected(root, before, tmp_path)
    assert {k for k in truth if k not in tree.snapshot(root)}  # its files are gone


def test_deleting_a_document(world, root, tmp_path):
    """Deleted: exactly the files a full rebuild changes, and its records go."""
    before = tree.snapshot(root)
    page(world["policy"]).delete()
    assert_exactly_affected(root, before, tmp_path)
    assert not PublishedFile.objects.filter(page_id=world["policy"]).exists()


def test_adding_an_interpretation(world, root, tmp_path):
    """An interpretation (解读) published: exactly the files a full rebuild changes, the policy it
    interprets among them."""
    before = tree.snapshot(root)
    publish_document(
        session_world.body("office"),
        title="《关于推进政务公开的意见》解读",
        slug="jiedu",
        doc_type=DocType.INTERPRETATION,
        interprets=page(world["policy"]),
    )
    policy = page(world["policy"])
    base = policy.url_path.removeprefix("/" + policy.url_path.split("/")[1])
    assert_exactly_affected(root, before, tmp_path, must_include=[("_default", base)])


def test_a_catalogue_change_rebuilds_everything(world, root, tmp_path):
    """A catalogue entry changed: one full-rebuild row; every page is rendered, none rewritten
    (what the pages show did not change)."""
    before = tree.snapshot(root)
    entry = CatalogueEntry.objects.first()
    entry.title = entry.title + "（调整）"
    entry.save()
    assert list(PublishOutbox.objects.values_list("key", flat=True)) == [deps.FULL]
    counts = services.publish_pending()
    assert counts.pages == len(before)  # every page rendered again
    assert tree.snapshot(root) == before  # nothing a page shows changed: no file rewritten


def test_a_typical_case_published_and_withdrawn(world, root, tmp_path):
    """A typical case published: exactly the files a full rebuild changes, its page and the list
    among them; withdrawn: its page gone and the tree the baseline again."""
    before = tree.snapshot(root)
    case = TypicalCase.objects.create(
        application=ApplicationFactory(body=session_world.body("office")),
        title="申请公开征地补偿标准",
        summary="申请人申请公开征地补偿标准。",
        reply_text="予以公开。",
        status=TypicalStatus.PUBLISHED,
        published_on=today(),
    )
    page_of_case = ("_default", f"/apply/cases/{case.pk}/")
    assert_exactly_affected(
        root, before, tmp_path, must_include=[page_of_case, ("_default", "/apply/cases/")]
    )
    case.status = TypicalStatus.UNPUBLISHED
    case.save()
    services.publish_pending()
    assert not tree.file_for(root, *page_of_case).exists()
    # Withdrawn, the case shows nowhere: the tree is again the module's full rebuild.
    assert hashes(tree.snapshot(root)) == hashes(tree.snapshot(world["root"]))


def test_a_policy_qa_entry_published_and_withdrawn(world, root, tmp_path, editor, reviewer):
    """A Q&A entry published: exactly the files a full rebuild changes — its page, the /qa/ list
    and the page of the policy it rests on among them; withdrawn: the tree the baseline again."""
    from gongkai.participation import qa_workflow

    before = tree.snapshot(root)
    policy = page(world["policy"])
    entry = qa_workflow.question_create(
        user=editor,
        body=session_world.body("office"),
        question="政务公开意见何时施行？",
        answer="自印发之日起施行。",
        bases=[(policy, "第十条")],
    )
    qa_workflow.question_submit(entry, user=editor)
    qa_workflow.question_publish(entry, user=reviewer)
    base = policy.url_path.removeprefix("/" + policy.url_path.split("/")[1])
    page_of_entry = ("_default", f"/qa/{entry.pk}/")
    assert_exactly_affected(
        root,
        before,
        tmp_path,
        must_include=[page_of_entry, ("_default", "/qa/"), ("_default", base)],
    )
    qa_workflow.question_withdraw(entry, user=reviewer, note="测试撤回")
    services.publish_pending()
    assert not tree.file_for(root, *page_of_entry).exists()
    assert hashes(tree.snapshot(root)) == hashes(tree.snapshot(world["root"]))


def test_a_consultation_and_its_comments_are_published(world, root, tmp_path, editor):
    """A consultation published: exactly its page among what a full rebuild changes; a comment
    published on it: its page again; the day it opens and the day after it closes are found by
    the periodic check (by date alone)."""
    from gongkai.participation import comment_workflow
    from gongkai.participation.models import ConsultationPage
    from gongkai.participation.tests.factories import comment_in, consultation_make

    before = tree.snapshot(root)
    opens, closes = today() + timedelta(days=1), today() + timedelta(days=40)
    page = consultation_make(session_world.body("office"), opens_on=opens, closes_on=closes)
    base = page.url_path.removeprefix("/" + page.url_path.split("/")[1])
    assert_exactly_affected(root, before, tmp_path / "one", must_include=[("_default", base)])
    assert "征求意见稿" in tree.file_for(root, "_default", base).read_text()
    ConsultationPage.objects.filter(pk=page.pk).update(opens_on=today() - timedelta(days=1))
    page.refresh_from_db()
    services.publish_full()
    comment = comment_in(page, "pending", moderator=editor, text="建议增加公开时限。")
    assert not PublishOutbox.objects.exists()  # a pending comment shows nowhere
    comment_workflow.comment_publish(comment, user=editor)
    assert set(PublishOutbox.objects.values_list("key", flat=True)) == {f"page:{page.pk}"}
    services.publish_pending()
    assert "建议增加公开时限。" in tree.file_for(root, "_default", base).read_text()
    assert services.dated_consultations(today() - timedelta(days=2), today()) == [page.pk]
    assert services.dated_consultations(today(), today() + timedelta(days=1)) == []
    assert services.dated_consultations(closes, closes + timedelta(days=1)) == [page.pk]


def test_a_feedback_report_renders_its_final_document_again(world, root, reviewer, time_machine):
    from gongkai.participation.services import consultation_feedback_publish
    from gongkai.participation.tests.factories import CLOSED_DAY, OPEN_DAY, consultation_make

    time_machine.move_to(OPEN_DAY, tick=False)
    with override_settings(PUBLISH_ENABLED=False):
        consultation = consultation_make(session_world.body("office"))
    time_machine.move_to(CLOSED_DAY, tick=False)
    PublishOutbox.objects.all().delete()
    final = page(world["rule"])
    consultation_feedback_publish(
        consultation, user=reviewer, final_document=final, summary="未收到意见。"
    )
    keys = set(PublishOutbox.objects.values_list("key", flat=True))
    assert f"page:{final.pk}" in keys and f"page:{consultation.pk}" in keys


def test_the_map_of_a_document_names_its_versions_columns_home_and_library(world, db):
    facts = facts_of_document(page(world["policy"]))
    keys = deps.affected("document", facts)
    assert keys[0] == f"page:{world['policy']}"
    assert f"page:{facts.body_home}" in keys and f"page:{facts.portal}" in keys
    assert "url:/library/" in keys and all(f"page:{c}" in keys for c in facts.columns)


def test_the_worker_task_runs_after_commit(world, root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        doc = publish_document(session_world.body("office"), title="任务发布", slug="by-task")
    assert len(callbacks) == 1  # one task per transaction, however many rows
    base = doc.url_path.removeprefix("/" + doc.url_path.split("/")[1])
    assert tree.file_for(root, "_default", base).is_file()
    assert not PublishOutbox.objects.exists()


def test_nothing_is_queued_when_publishing_is_off(world, root, settings):
    settings.PUBLISH_ENABLED = False
    publish_document(session_world.body("office"), title="未启用", slug="off")
    assert not PublishOutbox.objects.exists()


# --- Drift ---------------------------------------------------------------------------------------


def test_check_finds_drift_and_repair_fixes_it(world, root, tmp_path):
    call_command("publish", "--check", verbosity=0)  # the baseline is clean
    policy = page(world["policy"])
    base = policy.url_path.removeprefix("/" + policy.url_path.split("/")[1])
    tree.file_for(root, "_default", base).unlink()  # missing
    stray = tree.file_for(root, "_default", "/gone/")
    stray.parent.mkdir(parents=True)
    stray.write_text("old")  # extra
    rule = page(world["rule"])
    rule_path = rule.url_path.removeprefix("/" + rule.url_path.split("/")[1])
    PublishedFile.objects.filter(site_dir="_default", page_id=rule.pk).update(
        source_stamp=rule.last_published_at - timedelta(days=1)
    )  # stale: the page was published again after its file was written
    drift = services.publish_check()
    assert ("_default", base) in drift.missing
    assert drift.extra == [("_default", "/gone/")]
    assert ("_default", rule_path) in drift.stale
    with pytest.raises(CommandError):
        call_command("publish", "--check", verbosity=0)
    call_command("publish", "--repair", verbosity=0)
    assert not services.publish_check().any
    # The database shows what it showed when the module's tree was fully built: the repaired
    # tree is that full rebuild, byte for byte.
    assert hashes(tree.snapshot(root)) == hashes(tree.snapshot(world["root"]))


def test_a_template_change_is_drift_that_a_full_rebuild_repairs(world, root):
    PublishState.objects.filter(name=services.STATE_TEMPLATES).update(value="older")
    assert services.publish_check().templates_changed
    out = io.StringIO()
    call_command("publish", "--repair", stdout=out)
    assert "每秒" in out.getvalue()  # a full rebuild, with its pages per second
    assert not services.publish_check().any


def test_a_restricted_document_leaves_the_tree(world, root):
    policy = page(world["policy"])
    base = policy.url_path.removeprefix("/" + policy.url_path.split("/")[1])
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    services.publish_pending()
    assert not tree.file_for(root, "_default", base).exists()
    assert not tree.file_for(root, "_default", base + "print/").exists()
    assert not services.publish_check().any


def test_validity_changed_by_the_date_alone_is_rendered(world, root, tmp_path):
    rule = page(world["rule"])
    rule.expires_on = today()
    rule.save_revision().publish()
    services.publish_pending()
    # As if the tree was last brought up to date the day before the rule expired.
    PublishState.objects.filter(name=services.STATE_DATED).update(
        value=(today() - timedelta(days=1)).isoformat()
    )
    drift = services.publish_check()
    assert drift.dated == [rule.pk]
    services.publish_repair(drift)
    assert not services.publish_check().any


def test_a_notice_pinned_for_the_subtree_is_on_every_home_below(world, root, tmp_path, editor):
    """权威发布: the province's document pinned for its subtree is rendered onto the province's
    and every body home below it, with its source; unpinned, it leaves them; its 置顶截止日期
    passing is found by the periodic check."""
    province = session_world.body("province")
    office = session_world.body("office")
    before = tree.snapshot(root)
    notice = publish_document(
        province, title="关于做好疫情防控工作的通告", slug="notice", pinned_subtree=True
    )
    office_home = office.home_page.url_path.removeprefix(
        "/" + office.home_page.url_path.split("/")[1]
    )
    assert_exactly_affected(
        root, before, tmp_path / "pinned", must_include=[("_default", office_home)]
    )
    html = tree.file_for(root, "_default", office_home).read_text()
    assert (
        "权威发布" in html
        and "关于做好疫情防控工作的通告" in html
        and "来源：甘肃省人民政府" in html
    )
    notice.pinned_subtree = False
    notice.save_revision().publish()
    services.publish_pending()
    assert (
        "关于做好疫情防控工作的通告" not in tree.file_for(root, "_default", office_home).read_text()
    )
    PolicyDocumentPage.objects.filter(pk=notice.pk).update(
        pinned_subtree=True, pinned_until=today() - timedelta(days=1)
    )
    assert notice.pk in services.dated_documents(today() - timedelta(days=1), today())
