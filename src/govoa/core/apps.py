from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govoa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from govoa.core import checks  # noqa: F401 — registers the system checks
        from govoa.core.cached import stamp_bump
        from govoa.core.calendar import OVERRIDES
        from govoa.core.models import WorkdayOverride

        def overrides_changed(**kwargs: object) -> None:
            stamp_bump(OVERRIDES)

        for signal in (post_save, post_delete):
            signal.connect(
                overrides_changed, sender=WorkdayOverride, weak=False, dispatch_uid="overrides"
            )
