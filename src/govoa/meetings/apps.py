from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "govoa.meetings"
    label = "meetings"
    verbose_name = "会议管理"

    def ready(self) -> None:
        # The subjects and their flow templates, the 日程 source, the notice's ICS attachment,
        # the workbench panel (回执, 纪要).
        from govoa.meetings import agenda, flows, invitations, panel  # noqa: F401
