"""Writes of the search app: enqueueing a change of searchable content."""

from __future__ import annotations

from gongkai.search.models import SearchOutbox
from gongkai.search.registry import key_for, model_label, registration_for


def search_enqueue(*objects) -> None:
    """Record that these objects changed; call inside the transaction that changes them."""
    rows = []
    for obj in objects:
        if obj is None or obj.pk is None:
            continue
        label = model_label(type(obj))
        if registration_for(label) is None:
            # A Wagtail page may come as its base class; the specific model is what registered.
            specific = getattr(obj, "specific_class", None)
            if specific is None or registration_for(model_label(specific)) is None:
                continue
            rows.append(SearchOutbox(key=f"{model_label(specific)}:{obj.pk}"))
            continue
        rows.append(SearchOutbox(key=key_for(obj)))
    SearchOutbox.objects.bulk_create(rows)
