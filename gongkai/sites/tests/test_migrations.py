"""The move of the home pages from `bodies` to `sites` (bodies 0003, sites 0001–0002) keeps a live
page tree: the same rows, the same content type ids, in both directions."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from gongkai.bodies.models import BodyLevel
from gongkai.sites.models import BodyHomePage, PortalHomePage
from gongkai.testing.personas import make_body

BEFORE_THE_MOVE = [("bodies", "0002_applications_roles")]


def _migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _content_types() -> dict[str, tuple[int, str]]:
    rows = ContentType.objects.filter(model__in=["portalhomepage", "bodyhomepage"])
    return {ct.model: (ct.pk, ct.app_label) for ct in rows}


def _home_tables() -> set[str]:
    return {t for t in connection.introspection.table_names() if t.endswith("homepage")}


# serialized_rollback: the migrated state (content types, permissions) comes back first, whatever
# transactional test ran before in this worker (one with serialized_rollback leaves a flushed
# database without them: Django then holds back post_migrate).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_to_sites_keeps_the_pages_and_their_content_types(client):
    body = make_body("gansu", "甘肃省人民政府", BodyLevel.PROVINCE)
    ids = {m: pk for m, (pk, _label) in _content_types().items()}
    assert set(ids) == {"portalhomepage", "bodyhomepage"}
    try:
        _migrate(BEFORE_THE_MOVE)
        assert _home_tables() == {"bodies_portalhomepage", "bodies_bodyhomepage"}
        assert _content_types() == {m: (pk, "bodies") for m, pk in ids.items()}
        with connection.cursor() as cursor:
            cursor.execute("SELECT body_id FROM bodies_bodyhomepage")
            assert cursor.fetchall() == [(body.pk,)]
    finally:
        _migrate()
    assert _home_tables() == {"sites_portalhomepage", "sites_bodyhomepage"}
    assert _content_types() == {m: (pk, "sites") for m, pk in ids.items()}
    assert Page.objects.type(BodyHomePage).get().specific.body == body
    assert PortalHomePage.objects.count() == 1
    assert client.get("/").status_code == 200
    assert "甘肃省人民政府" in client.get("/gansu/").content.decode()
