"""Searchable content types register themselves here: how to turn an object into a search record,
and which objects a rebuild indexes. Documents register in `documents/apps.py`; interpretations
are documents; later content types (Q&A, letters…) register the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models


@dataclass
class SearchRecord:
    """What the index holds of one object. Dates are plain dates; `None` means unknown/none."""

    key: str
    title: str
    url: str
    kind: str
    doc_type: str
    doc_type_label: str
    topic: str  # top-level 主题分类
    owner_code: str  # the body (or library) whose section holds it
    owner_name: str
    body_codes: list[str]  # the owner and all its ancestors: a body filter takes its subtree
    published_on: date | None
    starts_on: date | None
    expires_on: date | None = None
    superseded_on: date | None = None
    repealed: bool = False
    repealed_on: date | None = None
    doc_number: str = ""
    index_number: str = ""
    issuer: str = ""
    body_text: str = ""
    attachment_text: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Registration:
    model: type[models.Model]
    to_record: Callable[[models.Model], SearchRecord | None]  # None: not searchable (unpublished…)
    all_objects: Callable[[], Iterable[models.Model]]


_REGISTRY: dict[str, Registration] = {}


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register(model, *, to_record, all_objects) -> None:
    _REGISTRY[model_label(model)] = Registration(model, to_record, all_objects)


def registrations() -> list[Registration]:
    return list(_REGISTRY.values())


def registration_for(label: str) -> Registration | None:
    return _REGISTRY.get(label)


def key_for(obj: models.Model) -> str:
    return f"{model_label(type(obj))}:{obj.pk}"
