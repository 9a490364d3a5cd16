from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "govoa.documents"
    label = "documents"
    verbose_name = "公文基础"
