from django.tasks import task

from govoa.search.indexing import search_entry_refresh


@task()
def refresh_search_entries(records: list[list]) -> int:
    """The entries of the records a committed transaction changed (``[source, id]`` pairs)."""
    for source_key, object_id in records:
        search_entry_refresh(source_key=str(source_key), object_id=int(object_id))
    return len(records)
