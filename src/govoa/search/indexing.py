"""Keeping the index current: after a record of a source (or a row it watches, e.g. an
attachment) is saved or deleted, a background task refreshes that record's entry once the
transaction has committed; ``search_reindex`` (``govoa reindex``) rebuilds every entry.

An entry is derived data — the module's record stays the truth, and each result is checked
against the module's own visibility rule when searched — so refreshing it writes no audit
event; a whole rebuild does (``search.index.rebuild``)."""

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
    texts = [indexed.text, *(text_of_file(stored) for stored in indexed.files)]
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
            "text": "\n".join(t for t in texts if t)[:MAX_TEXT],
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


def _enqueue(source_key: str, object_id: int | None) -> None:
    if object_id is None:
        return
    from govoa.search.tasks import refresh_search_entry

    transaction.on_commit(
        lambda: refresh_search_entry.enqueue(source_key=source_key, object_id=object_id)
    )


def _record_changed(source: SearchSource, sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _enqueue(source.key, instance.pk)


def _watched_changed(
    source: SearchSource, record_id: Any, sender: Any, instance: Any, **kwargs: Any
) -> None:
    if not kwargs.get("raw"):
        _enqueue(source.key, record_id(instance))


def connect_signals() -> None:
    for source in search_sources():
        uid = f"search.{source.key}"
        handler = partial(_record_changed, source)
        post_save.connect(handler, sender=source.model, weak=False, dispatch_uid=uid)
        post_delete.connect(handler, sender=source.model, weak=False, dispatch_uid=uid + ".d")
        for watched in source.watched:
            on_row = partial(_watched_changed, source, watched.record_id)
            name = f"{uid}.{watched.model._meta.label_lower}"
            post_save.connect(on_row, sender=watched.model, weak=False, dispatch_uid=name)
            post_delete.connect(on_row, sender=watched.model, weak=False, dispatch_uid=name + ".d")
