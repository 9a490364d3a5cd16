from django.apps import AppConfig


class FlowConfig(AppConfig):
    name = "govoa.flow"
    label = "flow"
    verbose_name = "工作流"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from govoa.core.cached import stamp_bump
        from govoa.flow import predicates  # noqa: F401 — registers the built-in predicates
        from govoa.flow.models import FlowTemplate
        from govoa.flow.services.templates import published_key

        def template_changed(instance: FlowTemplate, **kwargs: object) -> None:
            stamp_bump(published_key(instance.agency_id, instance.code))

        for signal in (post_save, post_delete):
            signal.connect(template_changed, sender=FlowTemplate, weak=False, dispatch_uid="tpl")
