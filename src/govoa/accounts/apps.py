from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govoa.accounts"
    label = "accounts"
    verbose_name = "账户与登录"
