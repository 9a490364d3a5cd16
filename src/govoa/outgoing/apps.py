from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "govoa.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from govoa.core import search
        from govoa.outgoing import (
            flows,  # noqa: F401 — registers the subject and its flow
            joint_flows,  # noqa: F401 — 联合行文: the co-issuer's 会签 flow and receiver
            replies,  # noqa: F401 — drafts 复文 for 收文
        )
        from govoa.outgoing.models import OutgoingDocument

        search.register(OutgoingDocument)
