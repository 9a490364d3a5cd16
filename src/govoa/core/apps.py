from django.apps import AppConfig

BLANK_CHOICE_LABEL = "（请选择）"


class CoreConfig(AppConfig):
    name = "govoa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.db.models import fields

        from govoa.core import checks  # noqa: F401 — registers the system checks

        # Django 6.1's blank choice reads "- Select an option -" and has no Chinese
        # translation; this is the override its deprecation note documents. Fields that
        # want another word (a filter's "全部") still set their own empty_label.
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
