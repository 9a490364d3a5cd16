from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "govoa.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from govoa.org import stamps

        stamps.connect()
