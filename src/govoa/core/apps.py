from django.apps import AppConfig

BLANK_CHOICE_LABEL = "（请选择）"


class CoreConfig(AppConfig):
    name = "govoa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.db.models import fields
        from django.db.models.signals import post_delete, post_migrate, post_save

        from govoa.core import checks  # noqa: F401 — registers the system checks
        from govoa.core.cached import stamp_bump
        from govoa.core.calendar import OVERRIDES
        from govoa.core.models import WorkdayOverride
        from govoa.core.search import ensure_indexes

        # Django 6.1's blank choice reads "- Select an option -" and has no Chinese
        # translation; this is the override its deprecation note documents. Fields that
        # want another word (a filter's "全部") still set their own empty_label.
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL

        def overrides_changed(**kwargs: object) -> None:
            stamp_bump(OVERRIDES)

        for signal in (post_save, post_delete):
            signal.connect(
                overrides_changed, sender=WorkdayOverride, weak=False, dispatch_uid="overrides"
            )
        post_migrate.connect(ensure_indexes, dispatch_uid="govoa.core.search")
