"""The forms of the 发文 screens: the 登记簿 filters, the draft (拟稿/修改), the act form with
each node's fields, and the small forms of the document page."""

import json
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from govoa.core.forms import DateInput, ModelMultipleChoiceField
from govoa.core.vocabulary import Classification
from govoa.documents.vocabulary import Direction, DocType, Publicity, Urgency
from govoa.flow.forms import PersonChoiceField, SubjectActForm
from govoa.org.models import Agency, Department, Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import people_cleared
from govoa.outgoing.draft import EDITABLE, Draft
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.outgoing.workflow import Status

# A starting 正文 per 文种, offered while the body is empty: the usual opening and the
# closing formula of each type (条例 第八条; the seeds' 结束语).
BODY_TEMPLATES = {
    DocType.NOTICE: "为……，现将有关事项通知如下。\n一、……\n二、……\n三、……\n特此通知。",
    DocType.REQUEST: "……（请示的缘由）。\n……（请示的事项）。\n妥否，请批示。",
    DocType.REPORT: "……（报告的情况）。\n一、……\n二、……\n特此报告。",
    DocType.LETTER: "……（来函或事由）。\n……（商洽、询问或请求批准的事项）。\n请予研究函复。",
    DocType.REPLY: "你单位《关于……的请示》（……〔……〕……号）收悉。经研究，现批复如下：\n"
    "一、……\n二、……\n此复。",
    DocType.BULLETIN: "……（通报的事实）。\n……（分析和处理意见）。\n特此通报。",
    DocType.OPINION: "为……，现提出如下意见。\n一、……\n二、……",
}


class OrderedCheckboxes(forms.CheckboxSelectMultiple):
    """Choices ticked and put in order (联署机关: the order of their 署名, 标志 and seals):
    each ticked one has a position (1, 2, …) the drafter may change; the value is the ticked
    ids sorted by position (those without one after, in the order posted). The chosen are
    listed first, in their order."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        ticked = [str(v) for v in super().value_from_datadict(data, files, name) or []]

        def position(entry: tuple[int, str]) -> tuple[int, int]:
            index, value = entry
            raw = str(data.get(f"{name}_order_{value}", "") or "").strip()
            return (int(raw), index) if raw.isdigit() and int(raw) > 0 else (10_000, index)

        return [value for _index, value in sorted(enumerate(ticked), key=position)]

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = [str(v) for v in value or []]
        choices = [(str(k), label) for k, label in self.choices]
        choices.sort(key=lambda c: chosen.index(c[0]) if c[0] in chosen else len(chosen))
        rows = format_html_join(
            "",
            '<li><label><input type="checkbox" name="{}" value="{}"{}> {}</label> '
            '<label class="order">署名顺序 <input type="number" name="{}_order_{}" '
            'value="{}" min="1" max="{}" inputmode="numeric" aria-label="{}的署名顺序">'
            "</label></li>",
            (
                (
                    name,
                    key,
                    " checked" if key in chosen else "",
                    label,
                    name,
                    key,
                    chosen.index(key) + 1 if key in chosen else "",
                    len(choices),
                    label,
                )
                for key, label in choices
            ),
        )
        element_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html('<ul id="{}" class="ordered-choices">{}</ul>', element_id, rows)


# Names of the service's fields (``Draft``) where the form calls them otherwise.
SERVICE_FIELDS = {
    "category_id": "category",
    "countersign_department_ids": "countersign_departments",
}


def _lines(value: str) -> str:
    """Text areas arrive with CRLF; the document keeps LF (else every save "changes" it)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _departments(agency_id: int) -> QuerySet[Department]:
    return Department.objects.filter(agency_id=agency_id, is_active=True)


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentCategory) -> str:
        return f"{obj.word}（{obj.name}）"


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="标题或字号",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"data-search": True, "placeholder": "按 / 键输入"}),
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Status.choices]
    )
    category = CategoryChoice(
        label="发文类别",
        required=False,
        queryset=DocumentCategory.objects.none(),
        empty_label="全部",
    )
    department = forms.ModelChoiceField(
        label="拟稿部门", required=False, queryset=Department.objects.none(), empty_label="全部"
    )
    classification = forms.TypedChoiceField(
        label="密级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全部"), *Classification.choices],
    )
    created_from = forms.DateField(label="拟稿日期自", required=False, widget=DateInput)
    created_to = forms.DateField(label="至", required=False, widget=DateInput)
    numbered = forms.BooleanField(label="只看已编号", required=False)

    def __init__(
        self, *args: Any, agency_id: int, categories: QuerySet[DocumentCategory], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["department"].queryset = _departments(agency_id)  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    """拟稿 and 修改: the fields of ``Draft``, in the order of the 发文稿纸."""

    category = CategoryChoice(
        label="发文类别", queryset=DocumentCategory.objects.none(), empty_label="请选择发文类别"
    )
    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices, initial=DocType.NOTICE)
    direction = forms.ChoiceField(
        label="行文方向", choices=Direction.choices, initial=Direction.DOWNWARD
    )
    title = forms.CharField(
        label="标题", max_length=300, widget=forms.TextInput(attrs={"class": "wide"})
    )
    recipients = forms.CharField(
        label="主送机关",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="多个机关用顿号“、”分隔",
    )
    body = forms.CharField(
        label="正文",
        required=False,
        max_length=100_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "class": "body-text"}),
        help_text="每段一行；层次序号用“一、”“（一）”“1.”“（1）”",
    )
    cc = forms.CharField(
        label="抄送机关",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="多个机关用顿号“、”分隔",
    )
    note = forms.CharField(label="附注", required=False, max_length=300)
    distribution_scope = forms.CharField(label="分送范围", required=False, max_length=300)
    copies = forms.IntegerField(label="印制份数", min_value=1, max_value=9999, initial=10)
    classification = forms.TypedChoiceField(
        label="密级", coerce=int, choices=Classification.choices, initial=Classification.NONE
    )
    secrecy_period = forms.CharField(
        label="保密期限",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "涉密文件必填，如 1年"}),
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    publicity = forms.ChoiceField(
        label="公开属性", choices=Publicity.choices, initial=Publicity.ON_REQUEST
    )
    publicity_reason = forms.CharField(
        label="不予公开理由", required=False, max_length=200, help_text="选择“不予公开”时必填"
    )
    important = forms.BooleanField(
        label="重要公文", required=False, help_text="由主要领导签发，并实行三校"
    )
    needs_legal_review = forms.BooleanField(label="需法制审核", required=False)
    countersign_departments = ModelMultipleChoiceField(
        label="会签部门",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    co_issuers = forms.MultipleChoiceField(
        label="联署机关（联合行文）",
        required=False,
        choices=[],
        widget=OrderedCheckboxes,
        help_text="本机关为主办机关，署名和版头列在最前；联署机关按所填的署名顺序依次在后"
        "（决定版头、签发人、署名和印章的顺序），各自会签、签发、用印",
    )
    joint_header = forms.ChoiceField(
        label="版头",
        required=False,
        choices=[("joint", "联合发文机关标志（并列各机关名称）"), ("lead", "只用主办机关标志")],
        initial="joint",
    )
    idempotency_key = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        person: Person,
        categories: QuerySet[DocumentCategory],
        document: OutgoingDocument | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        agency_id = document.agency_id if document else person.agency_id
        self.fields["countersign_departments"].queryset = _departments(  # type: ignore[attr-defined]
            agency_id
        )
        self.fields["co_issuers"].choices = [  # type: ignore[attr-defined]
            (a.pk, a.name)
            for a in Agency.objects.filter(is_active=True).exclude(pk=agency_id).only("pk", "name")
        ]
        # Only the levels the person may write (and the document's own, when editing).
        ceiling = max(person.clearance, document.classification if document else 0)
        self.fields["classification"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Classification.choices if value <= ceiling
        ]
        self.fields["body"].widget.attrs["data-body-templates"] = json.dumps(
            {str(k): v for k, v in BODY_TEMPLATES.items()}, ensure_ascii=False
        )
        if document is None:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("body", BODY_TEMPLATES[DocType.NOTICE])
            self.initial.setdefault("category", categories.values_list("pk", flat=True).first())
            self.fields["title"].widget.attrs["autofocus"] = True
        else:
            del self.fields["idempotency_key"]
            self.initial.update(initial_of(document))

    GROUPS = (
        ("文稿", ("category", "doc_type", "direction", "title", "recipients", "body", "cc")),
        (
            "发文要素",
            (
                "note",
                "distribution_scope",
                "copies",
                "classification",
                "secrecy_period",
                "urgency",
                "publicity",
                "publicity_reason",
                "important",
                "needs_legal_review",
                "countersign_departments",
                "co_issuers",
                "joint_header",
            ),
        ),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The visible fields in the order of the 发文稿纸, under their headings."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_body(self) -> str:
        return _lines(self.cleaned_data.get("body") or "")

    def clean_recipients(self) -> str:
        return _lines(self.cleaned_data.get("recipients") or "")

    def clean_cc(self) -> str:
        return _lines(self.cleaned_data.get("cc") or "")

    def draft(self) -> Draft:
        """The service's ``Draft`` from a valid form."""
        return _draft(self.cleaned_data)

    def draft_over(self, document: OutgoingDocument) -> Draft:
        """The saved document with whatever fields of the form are valid (for the preview,
        which shows the text while it is being typed, mistakes and all)."""
        return _draft({**initial_of(document), **self.cleaned_data})


def _joint_header(value: object) -> bool:
    """The 版头 choice: anything but “只用主办机关标志” keeps the joint mark."""
    return value is not False and value != "lead"


def _draft(data: dict[str, Any]) -> Draft:
    category = data["category"]
    data = {**data, "joint_header": _joint_header(data.get("joint_header"))}
    return Draft(
        category_id=category.pk if isinstance(category, DocumentCategory) else int(category),
        countersign_department_ids=[
            d.pk if isinstance(d, Department) else int(d)
            for d in data.get("countersign_departments") or []
        ],
        co_issuer_ids=[int(a) for a in data.get("co_issuers") or []],
        **{name: data[name] for name in EDITABLE if name != "category_id"},
    )


def initial_of(document: OutgoingDocument) -> dict[str, Any]:
    """The form's values for a saved document."""
    values: dict[str, Any] = {name: getattr(document, name) for name in EDITABLE}
    values["category"] = values.pop("category_id")
    values["countersign_departments"] = [d.pk for d in document.countersign_departments.all()]
    values["co_issuers"] = [str(c.agency_id) for c in document.co_issuers.all()]
    values["joint_header"] = "joint" if document.joint_header else "lead"
    return values


def draft_of(document: OutgoingDocument, **changes: Any) -> Draft:
    """The document as saved, as a ``Draft`` (e.g. to replace only the 正文 on import)."""
    return _draft({**initial_of(document), **changes})


# The fields each node's act form shows, besides 办理 and the opinion.
NODE_FIELDS = {
    "print": ["checked_by", "copies"],
    "distribute": ["departments", "agencies", "others"],
}
OPINION_LABELS = {
    "dept_review": "审核意见",
    "countersign": "会签意见",
    "office_review": "核稿意见",
    "legal_review": "法制审核意见",
    "leader_sign": "签发意见",
    "principal_sign": "签发意见",
    "recheck": "复核意见",
    "number": "备注",
    "proofread": "校对意见",
    "print": "备注",
    "seal": "备注",
    "distribute": "备注",
}


class OutgoingActForm(SubjectActForm):
    node_fields = NODE_FIELDS
    opinion_labels = OPINION_LABELS

    checked_by = PersonChoiceField(
        label="核对人",
        required=False,
        queryset=Person.objects.none(),
        empty_label="请选择核对人",
        help_text="印制须双人核对",
    )
    copies = forms.IntegerField(label="实印份数", required=False, min_value=1, max_value=9999)
    departments = ModelMultipleChoiceField(
        label="本机关部门",
        required=False,
        queryset=Department.objects.none(),
        help_text="各部门负责人在本页签收",
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = ModelMultipleChoiceField(
        label="平台内机关（公文交换）",
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    others = forms.CharField(
        label="其他单位（纸质或机要）",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个单位",
    )

    def __init__(self, *args: Any, document: OutgoingDocument, actor: Person, **kwargs: Any):
        others = people_cleared(
            agency_id=document.agency_id, clearance=document.classification
        ).exclude(pk=actor.pk)
        querysets = {
            "checked_by": others,
            "to_person": others,
            "departments": _departments(document.agency_id),
            "agencies": Agency.objects.filter(is_active=True).exclude(pk=document.agency_id),
        }
        super().__init__(*args, querysets=querysets, **kwargs)
        if "copies" in self.fields:
            self.fields["copies"].initial = document.copies
        if "checked_by" in self.fields:
            use_picker(
                self.fields["checked_by"],
                agency_id=document.agency_id,
                clearance=document.classification,
                exclude_id=actor.pk,
            )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        payload = super().payload()
        if "checked_by" in self.fields:
            payload["checked_by"] = self.picked("checked_by")
            payload["copies"] = data.get("copies")
        if "departments" in self.fields:
            payload["departments"] = [d.pk for d in data.get("departments") or []]
            payload["agencies"] = [a.pk for a in data.get("agencies") or []]
            payload["others"] = [
                line.strip() for line in (data.get("others") or "").splitlines() if line.strip()
            ]
        return payload


class AttachmentForm(forms.Form):
    name = forms.CharField(
        label="附件名称",
        max_length=200,
        help_text="用于附件说明，如“2027年重点项目清单”",
        widget=forms.TextInput(attrs={"class": "wide"}),
    )
    file = forms.FileField(
        label="文件",
        required=False,
        help_text="可不上传（纸质附件）；PDF、OFD、Word（.docx）、图片",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.ofd,.docx,.png,.jpg,.jpeg,.tif,.tiff"}
        ),
    )


class BodyImportForm(forms.Form):
    file = forms.FileField(
        label="Word 文件",
        help_text="导入后替换当前正文（每段一行）",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )


class NumberVoidForm(forms.Form):
    reason = forms.CharField(label="作废理由", max_length=300)
