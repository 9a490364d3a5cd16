from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts


class LoginForm(forms.Form):
    username = forms.CharField(
        label="登录名",
        max_length=64,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The rules as configured (GOVOA_PASSWORD_*), in the validators' own words.
        self.fields["new_password"].help_text = "".join(password_validators_help_texts())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致。")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：移动端、统计脚本"}),
    )


class CaptchaField(forms.CharField):
    def __init__(self, **kwargs: Any):
        kwargs.setdefault("label", "验证码")
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态验证码",
        max_length=20,
        help_text="验证器上当前显示的 6 位数字；手机丢失时可输入一个恢复码。",
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
