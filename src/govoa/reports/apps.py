from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "govoa.reports"
    label = "reports"
    verbose_name = "统计与通报"
