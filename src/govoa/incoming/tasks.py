from django.tasks import task

from govoa.incoming.services import archive


@task()
def prepare_archive(document_id: int) -> None:
    """After 办结: the 收文处理单 and the 待归档 mark."""
    archive.prepare_archive(document_id)
