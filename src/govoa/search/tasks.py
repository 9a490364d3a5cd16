from django.tasks import task

from govoa.search.indexing import search_entry_refresh


@task()
def refresh_search_entry(source_key: str, object_id: int) -> bool:
    """The entry of one record, after the transaction that changed it committed."""
    return search_entry_refresh(source_key=source_key, object_id=object_id) is not None
