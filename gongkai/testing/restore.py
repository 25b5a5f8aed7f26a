"""A faster `deserialize_db_from_string` for the tests that commit (docs/testing.md).

Django restores the migrated state (`serialized_rollback`) object by object, each a `save()`:
about 0.6 s for the ~600 rows our migrations leave (permissions, content types, the catalogue,
Wagtail's root page and groups), before every such test. The same rows inserted model by model
with `bulk_create` take a fraction of that. Rows of a model with a parent (multi-table
inheritance) and anything `bulk_create` cannot take go through Django's own `save()`, as before.
Foreign keys are checked once at the end, as Django does. The restore is meant for a flushed
database: the tables it fills are emptied first.
"""

from __future__ import annotations

from collections import defaultdict
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction

# Tables the database fills itself: Wagtail's full-text table on SQLite gets its rows from
# triggers on `wagtailsearch_indexentry`; inserting them again would collide.
FILLED_BY_TRIGGERS = frozenset({"wagtailsearch.sqliteftsindexentry"})


def deserialize_db_from_string(connection, data: str) -> None:
    """Django's `creation.deserialize_db_from_string`, in bulk: into a flushed database."""
    load(connection, data, replace=True)


def load(connection, data: str, *, replace: bool) -> None:
    """Insert the serialized rows. With `replace`, the tables they go to (and their many-to-many
    links) are emptied first: a flushed database, where a flush's post-migrate signal or reading
    the data may itself have written rows; without, the rows must be new."""
    alias = connection.alias
    rows: dict[type, list] = defaultdict(list)
    one_by_one = []
    links = []
    for deserialized in serializers.deserialize("json", StringIO(data), using=alias):
        obj = deserialized.object
        if obj._meta.label_lower in FILLED_BY_TRIGGERS:
            continue
        if obj._meta.parents or obj.pk is None or deserialized.deferred_fields:
            one_by_one.append(deserialized)
            continue
        rows[type(obj)].append(obj)
        if deserialized.m2m_data:
            links.append((obj, deserialized.m2m_data))
    tables = {model._meta.db_table for model in rows} | {
        d.object._meta.db_table for d in one_by_one
    }
    with transaction.atomic(using=alias), connection.constraint_checks_disabled():
        # Reading the data may itself have written a row (a page or a task asks for its content
        # type when it is built): the data's own rows replace whatever is there.
        for model in rows if replace else ():
            model._base_manager.using(alias).all()._raw_delete(alias)
            for m2m in model._meta.local_many_to_many:  # the links the data sets again
                m2m.remote_field.through._base_manager.using(alias).all()._raw_delete(alias)
        for model, objects in rows.items():
            model._base_manager.using(alias).bulk_create(objects, batch_size=500)
        for deserialized in one_by_one:
            deserialized.save()
        through_rows: dict[type, list] = defaultdict(list)
        for obj, m2m in links:
            for name, targets in m2m.items():
                field = obj._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                for pk in targets:
                    through_rows[through].append(
                        through(**{f"{source}_id": obj.pk, f"{target}_id": pk})
                    )
                tables.add(through._meta.db_table)
        for through, objects in through_rows.items():
            through._base_manager.using(alias).bulk_create(objects, batch_size=500)
        connection.check_constraints(table_names=sorted(tables))
    ContentType.objects.clear_cache()


def install(connection) -> None:
    """Use it for `connection` (its `creation.deserialize_db_from_string`)."""
    connection.creation.deserialize_db_from_string = lambda data: deserialize_db_from_string(
        connection, data
    )
