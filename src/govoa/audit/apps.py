from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "govoa.audit"
    label = "audit"
    verbose_name = "安全审计"
