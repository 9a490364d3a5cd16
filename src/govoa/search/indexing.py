"""Keeping the index current: after a record of a source (or a row it watches, e.g. an
attachment) is saved or deleted, a background task refreshes that record's entry once the
transaction has committed; ``search_reindex`` (``govoa reindex``) rebuilds every entry.

An entry is derived data — the module's record stays the truth, and each result is checked
against the module's own visibility rule when searched — so refreshing it writes no audit
event; a whole rebuild does (``search.index.rebuild``)."""

import threading
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.search_sources import SearchSource, search_source, search_sources
from govoa.search.extract import text_of_file
from govoa.search.models import SearchEntry

MAX_TEXT = 500_000


def search_entry_refresh(*, source_key: str, object_id: int) -> SearchEntry | None:
    """The entry of one record as the record now reads (removed if the record is gone)."""
    source = search_source(source_key)
    if source is None:
        return None
    record = source.model._default_manager.filter(pk=object_id).first()
    if record is None:
        SearchEntry.objects.filter(source=source_key, object_id=object_id).delete()
        return None
    indexed = source.indexed(record)
    file_ids = [stored.pk for stored in indexed.files]
    earlier = SearchEntry.objects.filter(source=source_key, object_id=object_id).first()
    if earlier is not None and earlier.file_ids == file_ids:
        file_text = earlier.file_text
    else:
        file_text = "\n".join(t for t in map(text_of_file, indexed.files) if t)[:MAX_TEXT]
    entry, _ = SearchEntry.objects.update_or_create(
        source=source_key,
        object_id=object_id,
        defaults={
            "agency_id": indexed.agency_id,
            "classification": indexed.classification,
            "title": indexed.title[:300],
            "number": indexed.number[:100],
            "department_id": indexed.department_id,
            "date": indexed.date or timezone.now(),
            "text": "\n".join(t for t in (indexed.text, file_text) if t)[:MAX_TEXT],
            "file_ids": file_ids,
            "file_text": file_text,
        },
    )
    return entry


def search_reindex(*, source_key: str | None = None, actor: Any = None) -> int:
    """Every entry again (of one source, or all); entries of records gone are removed.
    Returns how many records were indexed."""
    count = 0
    for source in search_sources():
        if source_key and source.key != source_key:
            continue
        ids = source.model._default_manager.order_by("pk").values_list("pk", flat=True)
        SearchEntry.objects.filter(source=source.key).exclude(object_id__in=ids).delete()
        for object_id in ids.iterator(chunk_size=500):
            search_entry_refresh(source_key=source.key, object_id=object_id)
            count += 1
    audit_record(
        actor=actor,
        action="search.index.rebuild",
        object_type="search.searchentry",
        object_repr="检索索引",
        details={"source": source_key or "all", "records": count},
    )
    return count


_pending = threading.local()


def _enqueue(source_key: str, object_id: int | None) -> None:
    """One task per transaction, for every record it changed (each once)."""
    if object_id is None:
        return
    records = getattr(_pending, "records", None)
    waiting = transaction.get_connection().run_on_commit
    if records is not None and any(func is _flush for _sids, func, _robust in waiting):
        records[(source_key, object_id)] = None
        return
    # None pending, or the transaction that was to send them rolled back (with its records).
    _pending.records = {(source_key, object_id): None}
    transaction.on_commit(_flush)


def _flush() -> None:
    from govoa.search.tasks import refresh_search_entries

    records = getattr(_pending, "records", None) or {}
    _pending.records = None
    if records:
        refresh_search_entries.enqueue([[key, pk] for key, pk in records])


def _record_changed(source: SearchSource, sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    updated = kwargs.get("update_fields")
    if updated is not None and source.fields and not (set(updated) & source.fields):
        return  # e.g. a status or deadline change: nothing the index holds
    columns = {} if kwargs.get("created") else _kept_at_once(source, instance, updated)
    if columns:
        # The 密级 and the department go with the record at once, not after the task: the
        # search reads both from the entry (ADR 0015, 0021), so it never shows an entry at a
        # level lower than its record's, nor to the head of a department it has left.
        SearchEntry.objects.filter(source=source.key, object_id=instance.pk).exclude(
            **columns
        ).update(**columns)
    _enqueue(source.key, instance.pk)


def _kept_at_once(source: SearchSource, instance: Any, updated: Any) -> dict[str, Any]:
    """The entry's columns that visibility is read from, as the saved record now says."""
    columns: dict[str, Any] = {}
    if updated is None or "classification" in updated:
        columns["classification"] = instance.classification
    field = source.department_field
    if field and (updated is None or {field, field.removesuffix("_id")} & set(updated)):
        columns["department_id"] = getattr(instance, field)
    return columns


def _watched_changed(
    source: SearchSource, record_id: Any, sender: Any, instance: Any, **kwargs: Any
) -> None:
    if not kwargs.get("raw"):
        _enqueue(source.key, record_id(instance))


def connect_source(source: SearchSource) -> None:
    """Refresh ``source``'s entries when its records (or the rows it watches) change. Called
    for every source, whenever it registers (``core.search_sources.on_search_source``)."""
    uid = f"search.{source.key}"
    handler = partial(_record_changed, source)
    post_save.connect(handler, sender=source.model, weak=False, dispatch_uid=uid)
    post_delete.connect(handler, sender=source.model, weak=False, dispatch_uid=uid + ".d")
    for watched in source.watched:
        on_row = partial(_watched_changed, source, watched.record_id)
        name = f"{uid}.{watched.model._meta.label_lower}"
        post_save.connect(on_row, sender=watched.model, weak=False, dispatch_uid=name)
        post_delete.connect(on_row, sender=watched.model, weak=False, dispatch_uid=name + ".d")
