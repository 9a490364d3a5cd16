from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "govoa.documents"
    label = "documents"
    verbose_name = "公文基础"

    def ready(self) -> None:
        from govoa.org.signals import agency_set_up

        agency_set_up.connect(_make_authority, dispatch_uid="documents.esign.authority")


def _make_authority(sender: object, **kwargs: object) -> None:
    """The deployment's electronic-seal CA is made when the first agency is set up."""
    from govoa.documents.esign.keys import authority_ensure

    authority_ensure()
