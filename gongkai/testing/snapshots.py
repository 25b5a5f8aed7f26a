"""The world's bodies for the tests that commit, restored from a snapshot instead of rebuilt.

A transactional test (the browser tests, docs/testing.md) starts from a flushed database, and
its body fixtures used to build each body again: ~80 Wagtail pages for the world, seconds per
test. Now the first such test in a process builds a body as before and records what building it
changed (the rows added, changed and removed, from Django's serialisation of the whole database
before and after); the next ones put those rows back in bulk (`restore.load`), in a fraction of
the time.

A snapshot is used only where it applies exactly: every model it touches holds the same rows as
before the body was first built (the same primary keys; the rows it changes or removes equal to
what they were). Otherwise — a test that made a body or an audit record of its own first — the
body is built, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.db import connection, transaction

from gongkai.testing import restore

Key = tuple[str, Any]  # (model label, primary key)


def _rows() -> dict[Key, dict]:
    data = json.loads(connection.creation.serialize_db_to_string())
    return {(row["model"], row["pk"]): row for row in data}


def _serialize(objects) -> list[dict]:
    return json.loads(serializers.serialize("json", objects))


def _references(rows: list[dict]) -> set[Key]:
    """The rows that `rows` point at: their foreign keys and many-to-many links."""
    found: set[Key] = set()
    for row in rows:
        model = apps.get_model(row["model"])
        for relation in model._meta.get_fields():
            if not relation.concrete or not relation.is_relation:
                continue
            if relation.name not in row["fields"]:
                continue
            target = relation.related_model._meta.label_lower
            value = row["fields"][relation.name]
            for pk in value if relation.many_to_many else [value]:
                if pk is not None:
                    found.add((target, pk))
    return found


@dataclass
class Snapshot:
    added: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    before: dict[Key, dict] = field(default_factory=dict)  # the changed and removed rows, before
    removed: list[Key] = field(default_factory=list)
    keys: dict[str, set] = field(default_factory=dict)  # per touched model: its keys before

    @classmethod
    def between(cls, before: dict[Key, dict], after: dict[Key, dict]) -> Snapshot:
        snap = cls()
        for key, row in after.items():
            if key not in before:
                snap.added.append(row)
            elif before[key] != row:
                snap.changed.append(row)
                snap.before[key] = before[key]
        for key in before.keys() - after.keys():
            snap.removed.append(key)
            snap.before[key] = before[key]
        touched = {label for label, _ in (*after.keys() - before.keys(), *snap.before)}
        snap.keys = {label: {pk for lb, pk in before if lb == label} for label in touched}
        # The rows the new and changed ones point at must be the same rows at restore time too
        # (a permission's id differs after a flush that ran the post-migrate signal).
        for key in _references([*snap.added, *snap.changed]):
            if key in before and key not in snap.before:
                snap.before[key] = before[key]
        return snap

    def applies(self) -> bool:
        """Whether the database is as it was before the body was built, where it matters."""
        for label, keys in self.keys.items():
            model = apps.get_model(label)
            if set(model._base_manager.values_list("pk", flat=True)) != keys:
                return False
        wanted: dict[str, list] = {}
        for label, pk in self.before:
            wanted.setdefault(label, []).append(pk)
        for label, pks in wanted.items():
            rows = apps.get_model(label)._base_manager.filter(pk__in=pks)
            now = {(row["model"], row["pk"]): row for row in _serialize(rows)}
            if any(now.get((label, pk)) != self.before[(label, pk)] for pk in pks):
                return False
        return True

    def restore(self) -> None:
        with transaction.atomic(), connection.constraint_checks_disabled():
            for label, pk in self.removed:
                apps.get_model(label)._base_manager.filter(pk=pk)._raw_delete(connection.alias)
            # The changed rows may point at added ones (the site's root at the new portal):
            # foreign keys are checked when the added rows are in, at the end of `load`.
            for deserialized in serializers.deserialize("json", json.dumps(self.changed)):
                deserialized.save()
            restore.load(connection, json.dumps(self.added), replace=False)
        ContentType.objects.clear_cache()
        cache.clear()


_snapshots: dict[str, Snapshot] = {}


def body_made(name: str, build) -> Any:
    """`build()` the body `name`, or put it back from its snapshot when that applies."""
    snap = _snapshots.get(name)
    if snap is not None and snap.applies():
        snap.restore()
        return None
    before = _rows()
    made = build()
    _snapshots[name] = Snapshot.between(before, _rows())
    return made
