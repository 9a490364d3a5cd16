from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "govoa.archives"
    label = "archives"
    verbose_name = "档案管理"

    def ready(self) -> None:
        # Registers the loan and destruction subjects and their approval templates.
        from govoa.archives import flows  # noqa: F401
