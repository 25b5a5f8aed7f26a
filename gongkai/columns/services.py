"""Writes to columns: giving a body the columns of the catalogue template."""

from __future__ import annotations

from django.db import transaction

from gongkai.columns.catalogue import load_default_catalogue
from gongkai.columns.models import CatalogueEntry, ColumnPage


def _entries_in_tree_order() -> list[CatalogueEntry]:
    if not CatalogueEntry.objects.exists():
        # The default catalogue comes with a migration; a database emptied since (a flush) gets
        # it back rather than bodies without columns.
        load_default_catalogue(CatalogueEntry)
    entries = list(CatalogueEntry.objects.all())
    by_parent: dict[int | None, list[CatalogueEntry]] = {}
    for e in entries:
        by_parent.setdefault(e.parent_id, []).append(e)
    ordered: list[CatalogueEntry] = []

    def walk(parent_id):
        for e in sorted(by_parent.get(parent_id, []), key=lambda e: (e.position, e.key)):
            ordered.append(e)
            walk(e.pk)

    walk(None)
    return ordered


@transaction.atomic
def catalogue_apply(body) -> list[ColumnPage]:
    """Create the catalogue's columns a body lacks (idempotent; existing columns are kept as edited)."""
    home = body.home_page.specific
    level = body.government_level
    existing = {
        c.catalogue_key: c for c in ColumnPage.objects.descendant_of(home).exclude(catalogue_key="")
    }
    created = []
    for entry in _entries_in_tree_order():
        if entry.key in existing or not entry.applies_to(level):
            continue
        if entry.parent_id is None:
            parent = home
        else:
            parent = existing.get(entry.parent.key)
            if parent is None:  # the parent entry does not apply to this body
                continue
        column = ColumnPage(
            title=entry.title,
            slug=entry.slug,
            catalogue_key=entry.key,
            listing=entry.listing,
            doc_types=entry.doc_types,
            required=entry.required,
            live=True,
        )
        parent.add_child(instance=column)
        existing[entry.key] = column
        created.append(column)
    return created
