from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "govoa.web"
    label = "web"
    verbose_name = "界面"
