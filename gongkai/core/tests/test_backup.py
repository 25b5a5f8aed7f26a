"""The restore drill (issue 13 item 4, docs/backup.md): a populated installation is backed up,
restored into an empty database beside the test one, and compared — documents, cases with their
events and letters, tracking by case number and query code, files byte-equal. One engine's drill
runs on each run (the configured one); a damaged archive and a non-empty installation are refused.
"""

from __future__ import annotations

import io
import re
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.applications.models import Application
from gongkai.applications.services import application_submit_online
from gongkai.applications.tests.factories import applicant_data
from gongkai.core import backup
from gongkai.documents.models import Attachment, DocumentAttachment, PolicyDocumentPage
from gongkai.testing.personas import publish_document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUERIES = {
    "documents": "SELECT p.title FROM wagtailcore_page p JOIN documents_policydocumentpage d"
    " ON d.page_ptr_id = p.id WHERE p.live ORDER BY p.id",
    "cases": "SELECT case_number, status, query_code_hash FROM applications_application ORDER BY id",
    "events": "SELECT application_id, action FROM applications_applicationevent ORDER BY id",
    "letters": "SELECT number, kind, pdf FROM applications_notice ORDER BY id",
}


def populate(body, django_capture_on_commit_callbacks) -> str:
    """A published document with an attachment and an online application with its letters;
    returns the query code."""
    doc = publish_document(body, title="备份演练文件")
    att = Attachment(title="附件", collection=body.collection)
    att.file.save("drill.pdf", ContentFile(PDF), save=False)
    att.save()
    DocumentAttachment.objects.create(page=doc, attachment=att)
    with django_capture_on_commit_callbacks(execute=True):
        _, code = application_submit_online(body, applicant_data())
    return code


def current_rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        out = {}
        for key, sql in QUERIES.items():
            cursor.execute(sql)
            out[key] = [tuple(row) for row in cursor.fetchall()]
        return out


def media_files(*roots: Path) -> dict[str, bytes]:
    return {
        f"{root.name}/{p.relative_to(root)}": p.read_bytes()
        for root in roots
        for p in root.rglob("*")
        if p.is_file()
    }


def assert_tracking_works(rows, code) -> None:
    number, _, stored = rows["cases"][0]
    assert Application(case_number=number, query_code_hash=stored).query_code_check(code)
    assert not Application(case_number=number, query_code_hash=stored).query_code_check("WRONG")


@pytest.fixture
def drill(office, django_capture_on_commit_callbacks, settings, tmp_path):
    code = populate(office, django_capture_on_commit_callbacks)
    before = current_rows()
    assert before["documents"] and before["events"] and before["letters"]
    media, private = Path(settings.MEDIA_ROOT), backup.private_media_root()
    files = media_files(media, private)
    assert any(name.startswith(private.name) for name in files)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, stdout=open("/dev/null", "w"))
    # The restore side: another installation's media folders.
    settings.MEDIA_ROOT = tmp_path / "restored" / "media"
    return archive, before, files, code


# Transactional: the backup reads what is committed, as pg_dump and SQLite's backup API do.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite drill")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_an_empty_database(drill, tmp_path):
    archive, before, files, code = drill
    manifest = backup.backup_verify(archive)
    assert manifest["engine"] == "sqlite" and manifest["counts"]["applications"] == 1
    target = tmp_path / "restored.sqlite3"
    with tarfile.open(archive) as tar:
        backup.restore_sqlite(tar, target)
        backup.restore_files(tar, manifest)
        key_file = tmp_path / "key.env"
        assert not backup.restore_key(tar, key_file)  # the same SECRET_KEY as this process
    restored = sqlite3.connect(target)
    after = {k: [tuple(r) for r in restored.execute(sql)] for k, sql in QUERIES.items()}
    restored.close()
    assert after == before
    assert_tracking_works(after, code)
    media = Path(tmp_path / "restored" / "media")
    assert media_files(media, backup.private_media_root()) == files
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL drill")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_an_empty_database(drill, tmp_path):
    import psycopg

    archive, before, files, code = drill
    manifest = backup.backup_verify(archive)
    assert manifest["engine"] == "postgresql"
    conf = connection.settings_dict
    scratch = f"gongkai_restore_{uuid.uuid4().hex[:8]}"
    server = dict(
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        with tarfile.open(archive) as tar:
            backup.restore_postgresql(tar, scratch)
            backup.restore_files(tar, manifest)
        with psycopg.connect(dbname=scratch, **server) as restored:
            after = {
                k: [tuple(r) for r in restored.execute(sql).fetchall()]
                for k, sql in QUERIES.items()
            }
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    assert after == before
    assert_tracking_works(after, code)
    media = Path(tmp_path / "restored" / "media")
    assert media_files(media, backup.private_media_root()) == files


def rewrite(archive: Path, damaged: Path, member: str) -> None:
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as out:
        for info in src:
            data = src.extractfile(info).read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.addfile(info, io.BytesIO(data))


@pytest.fixture
def no_dump(monkeypatch):
    """Inside a test's open transaction the database cannot be read by a backup (the drills above
    commit); the refusals need an archive, not a real dump."""

    def dump(dest: Path, alias: str = "default") -> str:
        dest.write_bytes(b"not a database")
        return backup.SQLITE_MEMBER

    monkeypatch.setattr(backup, "dump_database", dump)


def test_a_damaged_archive_is_refused_naming_the_member(office, tmp_path, settings, no_dump):
    Path(settings.MEDIA_ROOT, "a").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "a", "f.txt").write_bytes(b"hello")
    archive, damaged = tmp_path / "ok.tar", tmp_path / "bad.tar"
    backup.backup_create(archive)
    rewrite(archive, damaged, "media/a/f.txt")
    with pytest.raises(CommandError, match=re.escape("成员“media/a/f.txt”的校验值不符")):
        call_command("restore", damaged)


def test_a_restore_onto_an_installation_with_data_is_refused(office, tmp_path, no_dump):
    archive = tmp_path / "ok.tar"
    backup.backup_create(archive)
    with pytest.raises(CommandError, match="只能恢复到空的安装"):
        call_command("restore", archive)
    assert PolicyDocumentPage.objects.exists() is False  # nothing was touched


def test_a_cross_engine_restore_is_refused(tmp_path, db):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(backup.BackupError, match="不支持跨数据库恢复"):
        backup.database_restore(None, {"engine": other})  # type: ignore[arg-type]
