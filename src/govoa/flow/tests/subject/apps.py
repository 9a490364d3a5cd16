from django.apps import AppConfig


class MemoSubjectConfig(AppConfig):
    """A small subject type for testing the engine alone (installed by the test settings only)."""

    name = "govoa.flow.tests.subject"
    label = "flow_test_subject"
    verbose_name = "流程测试对象"

    def ready(self) -> None:
        from govoa.flow.tests.subject import flows  # noqa: F401 — registers the adapter
