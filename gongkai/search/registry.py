"""Searchable content types register themselves here: how to turn an object into a search record,
and which objects a rebuild indexes; the labels of the facets' keys; and the rule that gives a
record its validity (有效性) on a day from its dates. Documents register in `documents/apps.py`;
interpretations are documents; later content types (Q&A, letters…) register the same way.

`search` sits below the apps whose content it indexes (docs/architecture.md, "Import layers"), so
it knows their vocabularies only from what they register here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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


# --- Facet labels and the validity rule ----------------------------------------------------------

MSG_NO_VALIDITY_RULE = "no validity rule is registered with search (register_validity)"
START_FIELD = "starts_on"  # a record whose start date is later than the day has not started


@dataclass(frozen=True)
class ValidityRule:
    """有效性 on a day, from a record's dates in the index: the first pair of `passed` whose date
    field has passed on the day decides its status; otherwise a record whose `starts_on` is later
    than the day is `not_started`; otherwise it is `in_force`. A date that is unknown is stored as
    never passing (schema.py). `labels` are every status with its label, in display order."""

    passed: tuple[tuple[str, str], ...]  # (index date field, status), in order of precedence
    not_started: str
    in_force: str
    labels: tuple[tuple[str, str], ...]  # (status, label)

    def __post_init__(self) -> None:
        named = {status for status, _label in self.labels}
        used = {status for _field, status in self.passed} | {self.not_started, self.in_force}
        if used - named:
            raise ValueError(f"validity statuses without a label: {sorted(used - named)}")

    @property
    def statuses(self) -> list[str]:
        return [status for status, _label in self.labels]

    def label(self, status: str) -> str:
        return dict(self.labels)[status]


_FACET_LABELS: dict[str, dict[str, str]] = {}
_VALIDITY: list[ValidityRule] = []


def register_facet_labels(
    facet: str, labels: Mapping[str, str] | Iterable[tuple[str, str]]
) -> None:
    """The display labels of a facet's keys (`doc_type`: 规章, 行政规范性文件 …)."""
    _FACET_LABELS.setdefault(facet, {}).update(dict(labels))


def facet_labels(facet: str) -> dict[str, str]:
    return dict(_FACET_LABELS.get(facet, {}))


def register_validity(rule: ValidityRule) -> None:
    _VALIDITY[:] = [rule]


def validity_rule() -> ValidityRule:
    if not _VALIDITY:
        raise LookupError(MSG_NO_VALIDITY_RULE)
    return _VALIDITY[0]
