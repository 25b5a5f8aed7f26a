"""Locked serial counters: case numbers, letter numbers, 索引号.

A counter is a row of a model with a `last_serial` field and unique key fields (a body and a
year, a prefix and a year). The row is created with INSERT … ON CONFLICT DO NOTHING and then
locked (SELECT … FOR UPDATE), so two requests that take a number of the same key queue on the row
and never share a number. A number taken in a transaction that rolls back is free again: the
counter rolls back with what used it. Call inside a transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction


def serial_lock(model: type[models.Model], **key: Any) -> Any:
    """The counter row of `key`, created if missing and locked until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a serial counter must be used inside a transaction")
    model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    return model.objects.select_for_update().get(**key)


def serial_next(model: type[models.Model], **key: Any) -> int:
    """Take the next serial of `key` (1 for the first)."""
    row = serial_lock(model, **key)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return int(row.last_serial)


def serial_reserve(model: type[models.Model], serial: int, **key: Any) -> None:
    """A serial taken outside the counter (an imported number): later ones must come after it."""
    row = serial_lock(model, **key)
    if serial > row.last_serial:
        row.last_serial = serial
        row.save(update_fields=["last_serial"])
