from django import forms

from govoa.integration.services import SUBSCRIBABLE


class WebhookForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    url = forms.CharField(
        label="推送地址", max_length=500, help_text="接收方的 http:// 或 https:// 地址"
    )
    events = forms.MultipleChoiceField(
        label="推送事件",
        choices=[(e.value, e.label) for e in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择至少一个推送事件。"},
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


class ChannelForm(forms.Form):
    is_enabled = forms.BooleanField(label="启用", required=False)
    base_url = forms.CharField(label="接口地址", max_length=300)
    app_key = forms.CharField(label="应用标识", max_length=100, required=False)
    app_secret = forms.CharField(
        label="应用密钥",
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="已保存的密钥不再显示；留空则保持不变",
    )
    agent_id = forms.CharField(label="应用编号", max_length=50, required=False)

    def __init__(self, *args: object, labels: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, label in labels.items():
            if label:
                self.fields[name].label = label
            else:
                del self.fields[name]


class ChannelTryForm(forms.Form):
    address = forms.CharField(
        label="接收人", max_length=100, help_text="平台上的账号（钉钉/企业微信）或手机号（短信）"
    )


class PeerForm(forms.Form):
    name = forms.CharField(label="对方机关名称", max_length=100)
    public_key = forms.CharField(
        label="对方公钥",
        max_length=200,
        help_text="对方系统管理员提供的 SM2 公钥（128 位十六进制）",
    )


class PackageUploadForm(forms.Form):
    package = forms.FileField(label="交换包（.zip）")


class ReceiptUploadForm(forms.Form):
    receipt = forms.FileField(label="签收回执（.json）")


class ExportForm(forms.Form):
    document = forms.TypedChoiceField(label="发文", coerce=int)
    peer = forms.TypedChoiceField(label="发往", coerce=int)

    def __init__(
        self,
        *args: object,
        documents: list[tuple[int, str]],
        peers: list[tuple[int, str]],
        **kw: object,
    ) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.fields["document"].choices = documents  # type: ignore[attr-defined]
        self.fields["peer"].choices = peers  # type: ignore[attr-defined]
