from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "govoa.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from govoa.core.filenames import register_pattern_source
        from govoa.org import stamps
        from govoa.org.selectors import agency_file_name_pattern

        stamps.connect()
        register_pattern_source(agency_file_name_pattern)
