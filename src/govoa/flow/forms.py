from typing import Any

from django import forms

from govoa.core.errors import GovOAError
from govoa.core.forms import ModelMultipleChoiceField, apply_errors
from govoa.core.vocabulary import Role
from govoa.flow import registry
from govoa.flow.definition import CLAUSE_REF, Checklist, Node, Reach
from govoa.flow.duties import INITIATOR
from govoa.flow.policies import remind_channels_allowed
from govoa.flow.services.acts import work_item_act
from govoa.flow.workflow import Action, AssignKind, Channel, NodeKind
from govoa.org.models import Person

# Transition rows the node form offers at least; a node with more transitions gets a row for
# each of them and two empty ones, so that saving the form never drops one.
TRANSITION_ROWS = 4
SPARE_TRANSITION_ROWS = 2


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("empty_label", "（请选择）")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Person) -> str:
        dept = obj.department.name if obj.department else ""
        return f"{obj.real_name}（{dept}{' ' + obj.title if obj.title else ''}）"


def offer_only(field: forms.ModelChoiceField, people: Any) -> None:
    """Offer only ``people`` in the field's list while it still accepts anyone of its queryset:
    a 转办 to someone else reaches the service, which refuses it with the rule (422) — the
    same answer as the API's."""
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = empty + [(p.pk, field.label_from_instance(p)) for p in people]


class PeopleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.real_name}（{obj.department.name if obj.department else ''}）"


# The acts a 三查 list is answered with (转办, 加签 hand the item on unchecked).
CHECKLIST_ACTIONS = frozenset({Action.APPROVE, Action.DISAGREE, Action.REJECT, Action.RETURN})


def add_checklist(form: forms.Form, checklist: Checklist | None) -> None:
    """The node's 三查 list as boxes to tick, with an optional note. The form does not insist
    on the ticks: the engine refuses a 同意 with an item unticked (422, naming it), as it
    does for the API."""
    if checklist is None:
        return
    form.fields["checklist"] = forms.MultipleChoiceField(
        label=f"{checklist.name}检查",
        required=False,
        choices=[(i, i) for i in checklist.items],
        widget=forms.CheckboxSelectMultiple,
        help_text="逐项检查后勾选；全部勾选方可同意" if checklist.required else "逐项检查后勾选",
    )
    form.fields["checklist_note"] = forms.CharField(
        label="检查说明",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "选填，如发现的问题"}),
    )


def checklist_payload(form: forms.Form) -> dict[str, Any]:
    """The form's part of the act's payload for the node's 三查 list (none without one)."""
    if "checklist" not in form.fields:
        return {}
    return {
        "checklist": list(form.cleaned_data.get("checklist") or []),
        "checklist_note": form.cleaned_data.get("checklist_note", ""),
    }


class ActForm(forms.Form):
    action = forms.ChoiceField(label="办理意见", widget=forms.RadioSelect)
    opinion = forms.CharField(
        label="意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "填写意见"}),
    )
    target_node = forms.ChoiceField(label="退回到", required=False)
    to_person = PersonChoiceField(
        label="转办/加签给", required=False, queryset=Person.objects.none()
    )
    next_assignees = PeopleChoiceField(
        label="下一步办理人",
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        actions: list[tuple[str, str]],
        return_targets: list[tuple[str, str]],
        colleagues: Any,
        candidates: list[Person],
        people: Any = None,
        checklist: Checklist | None = None,
        **kwargs: Any,
    ):
        """``colleagues`` are offered for 转办/加签; ``people`` (default: them) are accepted;
        ``checklist``: the node's 三查 list."""
        super().__init__(*args, **kwargs)
        people = colleagues if people is None else people
        self.fields["action"].choices = actions  # type: ignore[attr-defined]
        if actions:
            self.fields["action"].initial = actions[0][0]
        if return_targets:
            self.fields["target_node"].choices = return_targets  # type: ignore[attr-defined]
        else:
            del self.fields["target_node"]
        if {a for a, _ in actions} & {Action.FORWARD, Action.ADD_SIGNER}:
            field = self.fields["to_person"]
            field.queryset = people  # type: ignore[attr-defined]
            offer_only(field, colleagues)  # type: ignore[arg-type]
        else:
            del self.fields["to_person"]
        if candidates:
            self.fields["next_assignees"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
                pk__in=[p.pk for p in candidates]
            ).select_related("department")
        else:
            del self.fields["next_assignees"]
        add_checklist(self, checklist)


class SubjectActForm(forms.Form):
    """The act form on a module's document page: 办理, the opinion, 退回到 and 转办给 (shown
    only when the node allows 退回 or 转办/加签), and the fields a node of the module asks for
    (``node_fields``). Subclasses add those fields and their part of ``payload``."""

    node_fields: dict[str, list[str]] = {}
    opinion_labels: dict[str, str] = {}
    # Node fields that matter whatever the action (the others serve 同意 only and the page
    # hides them while another action is chosen).
    fields_for_every_action: frozenset[str] = frozenset()

    action = forms.ChoiceField(label="办理", widget=forms.RadioSelect)
    opinion = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_node = forms.ChoiceField(label="退回到", required=False)
    to_person = PersonChoiceField(
        label="转办给", required=False, queryset=Person.objects.none(), empty_label="（转办时选择）"
    )

    def __init__(
        self,
        *args: Any,
        node_key: str,
        actions: list[tuple[str, str]],
        return_targets: list[tuple[str, str]],
        querysets: dict[str, Any],
        forward_to: Any = None,
        checklist: Checklist | None = None,
        **kwargs: Any,
    ):
        """``forward_to``: whom 转办/加签 may reach (``presenters.forward_choices``);
        ``checklist``: the node's 三查 list (``presenters.ActChoices.checklist``)."""
        super().__init__(*args, **kwargs)
        self.node_key = node_key
        self.fields["action"].choices = actions  # type: ignore[attr-defined]
        if actions:
            self.fields["action"].initial = actions[0][0]
        self.fields["opinion"].label = self.opinion_labels.get(node_key, "意见")
        self.fields["target_node"].choices = return_targets  # type: ignore[attr-defined]
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        allowed = {value for value, _label in actions}
        keep = {"action", "opinion", *self.node_fields.get(node_key, [])}
        if return_targets and Action.RETURN in allowed:
            keep.add("target_node")
        if allowed & {Action.FORWARD, Action.ADD_SIGNER}:
            keep.add("to_person")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if forward_to is not None and "to_person" in self.fields:
            offer_only(self.fields["to_person"], forward_to)  # type: ignore[arg-type]
        add_checklist(self, checklist)
        self._mark_action_fields(allowed)

    def _mark_action_fields(self, allowed: set[str]) -> None:
        """Tell the page which action each field serves (``field.for_actions``, rendered as
        ``data-for-actions``), so that only the chosen action's fields are shown. A field
        serving every offered action is left unmarked."""
        serves = {
            "target_node": {Action.RETURN},
            "to_person": {Action.FORWARD, Action.ADD_SIGNER},
            "checklist": set(CHECKLIST_ACTIONS),
            "checklist_note": set(CHECKLIST_ACTIONS),
        }
        for name, field in self.fields.items():
            if name in {"action", "opinion"} or name in self.fields_for_every_action:
                continue
            wanted = serves.get(name, {Action.APPROVE}) & allowed
            if wanted and wanted != allowed:
                field.for_actions = " ".join(sorted(wanted))  # type: ignore[attr-defined]

    def picked(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return value.pk if value else None

    def payload(self) -> dict[str, Any]:
        """The act's payload for the flow engine and the module's hook."""
        return {
            "target_node": self.cleaned_data.get("target_node", ""),
            "to_person": self.picked("to_person"),
            **checklist_payload(self),
        }

    def act(
        self, *, actor: Person, item_id: int, field_map: dict[str, str] | None = None
    ) -> int | None:
        """Hand the valid form to the engine. Returns ``None`` when done, else the refusal's
        HTTP status with its reasons put on the form; 403 and 404 are raised (the page is
        not the person's to see)."""
        try:
            work_item_act(
                actor=actor,
                item_id=item_id,
                action=self.cleaned_data["action"],
                opinion=self.cleaned_data.get("opinion", ""),
                payload=self.payload(),
            )
        except GovOAError as exc:
            if exc.status in (403, 404):
                raise
            apply_errors(self, exc, field_map=field_map)
            return exc.status
        return None


class RemindForm(forms.Form):
    """催办. Given the item's 密级, it offers only the channels allowed for it (no e-mail or
    SMS for 秘密 and above); the service enforces the same rule whatever is posted."""

    channel = forms.ChoiceField(label="催办方式", choices=Channel.choices, initial=Channel.SYSTEM)
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "如：请于今日下班前办结"}),
    )

    def __init__(self, *args: Any, classification: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if classification is not None:
            allowed = remind_channels_allowed(classification)
            self.fields["channel"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Channel.choices if value in allowed
            ]


class NodeForm(forms.Form):
    """Edits a node's key, name, kind, assignment rule, deadline, actions, transitions, who
    转办/加签/代理 may reach, its separation of duties, and whether it opens beside another
    node (协办 beside 承办). Whatever else the stored node holds (its action ``labels``, …) is
    kept as it is."""

    key = forms.RegexField(
        label="节点代码",
        regex=r"^[a-z][a-z0-9_]{1,40}$",
        max_length=41,
        help_text="小写字母开头，字母、数字、下划线",
        error_messages={"invalid": "节点代码应为小写字母开头的字母、数字、下划线。"},
    )
    name = forms.CharField(label="节点名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=NodeKind.choices)
    assign_kind = forms.ChoiceField(
        label="办理人规则", required=False, choices=[("", "（结束节点无需）"), *AssignKind.choices]
    )
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "—"), *Role.choices])
    scope = forms.ChoiceField(label="部门范围", required=False)
    field = forms.ChoiceField(label="人员字段", required=False)
    deadline_days = forms.IntegerField(
        label="办理时限（工作日）", required=False, min_value=0, max_value=365
    )
    actions = forms.MultipleChoiceField(
        label="允许的操作",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(a.value, a.label) for a in Action if a != Action.WITHDRAW],
    )
    reach_roles = forms.MultipleChoiceField(
        label="转办范围：角色",
        required=False,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="转办、加签、代理只能交给按办理人规则可能办理本环节的人；"
        "需要更宽的范围时在此指定（不选则按办理人规则）",
    )
    reach_scope = forms.ChoiceField(label="转办范围：角色限于", required=False)
    reach_members = forms.ChoiceField(label="转办范围：或这些部门的人员", required=False)
    reach_anyone = forms.BooleanField(label="转办范围：全机关", required=False)
    differ_from = forms.MultipleChoiceField(
        label="职责分离：办理人不能是",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="所选环节已办理过的人（含代理人和被代理人）不能办理本环节，反之亦然",
    )
    alongside = forms.ChoiceField(
        label="与该节点同时开始",
        required=False,
        help_text="如协办与承办同时开始：本节点不再有自己的流转，该节点要等本节点办完（或写明理由）",
    )
    due_before_host = forms.IntegerField(
        label="比该节点早几个工作日到期", required=False, min_value=0, max_value=60
    )
    clause = forms.RegexField(
        label="依据条款",
        required=False,
        regex=CLAUSE_REF,
        max_length=45,
        help_text="本环节依据的制度条款，写作“制度代码#条号”（制度文件库），办理页面显示该条款",
        error_messages={"invalid": "依据条款应写作“制度代码#条号”，如 gongwen#12。"},
    )

    def __init__(
        self,
        *args: Any,
        subject_type: str,
        node_keys: list[tuple[str, str]],
        original: dict[str, Any] | None = None,
        **kwargs: Any,
    ):
        """``original`` is the node as stored (None for a new node)."""
        super().__init__(*args, **kwargs)
        self.original = dict(original or {})
        self.transition_rows = max(
            TRANSITION_ROWS, len(self.original.get("transitions") or []) + SPARE_TRANSITION_ROWS
        )
        adapter = registry.subject_adapter(subject_type)
        self.fields["scope"].choices = [("", "全机关"), *adapter.scopes.items()]  # type: ignore[attr-defined]
        self.fields["field"].choices = [("", "—"), *adapter.people_fields.items()]  # type: ignore[attr-defined]
        self.fields["reach_scope"].choices = [("", "全机关"), *adapter.scopes.items()]  # type: ignore[attr-defined]
        self.fields["reach_members"].choices = [("", "—"), *adapter.scopes.items()]  # type: ignore[attr-defined]
        own = self.original.get("key", "")
        others = [(k, n) for k, n in node_keys if k != own]
        self.fields["differ_from"].choices = [  # type: ignore[attr-defined]
            (INITIATOR, f"发起人（{adapter.initiator_label}）"),
            *others,
            *[(f".{party}", f"本环节的{label}") for party, label in adapter.act_parties.items()],
        ]
        self.fields["alongside"].choices = [("", "—"), *others]  # type: ignore[attr-defined]
        predicates = [(name, p.label) for name, p in registry.predicates_for(subject_type).items()]
        for n in range(1, self.transition_rows + 1):
            self.fields[f"to_{n}"] = forms.ChoiceField(
                label=f"流转 {n}：到", required=False, choices=[("", "—"), *node_keys]
            )
            self.fields[f"when_{n}"] = forms.ChoiceField(
                label="条件", required=False, choices=[("", "无条件"), *predicates]
            )

    @staticmethod
    def initial_for(node: Node) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "key": node.key,
            "name": node.name,
            "kind": node.kind,
            "deadline_days": node.deadline_days,
            "actions": list(node.actions),
            # A party of this node is offered as ".party" (the key may be renamed).
            "differ_from": [
                f".{ref.split('.', 1)[1]}" if ref.startswith(f"{node.key}.") else ref
                for ref in node.differ_from
            ],
            "alongside": node.alongside,
            "due_before_host": node.due_before_host,
            "clause": node.clause,
        }
        if node.assign:
            initial.update(
                assign_kind=node.assign.kind,
                role=node.assign.role,
                scope=node.assign.scope,
                field=node.assign.field,
            )
        if node.reach:
            initial.update(
                reach_roles=list(node.reach.roles),
                reach_scope=node.reach.scope,
                reach_members=node.reach.members,
                reach_anyone=node.reach.anyone,
            )
        for n, transition in enumerate(node.transitions, start=1):
            initial[f"to_{n}"] = transition.to
            initial[f"when_{n}"] = transition.when
        return initial

    def _reach(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        reach = Reach(
            roles=tuple(data.get("reach_roles") or ()),
            scope=data.get("reach_scope") or "",
            members=data.get("reach_members") or "",
            anyone=bool(data.get("reach_anyone")),
        )
        return reach.as_json() if (reach.roles or reach.members or reach.anyone) else None

    def node_json(self) -> dict[str, Any]:
        data = self.cleaned_data
        assign = None
        if data["kind"] != NodeKind.END and data.get("assign_kind"):
            assign = {
                "kind": data["assign_kind"],
                "role": data.get("role", ""),
                "scope": data.get("scope", ""),
                "field": data.get("field", ""),
            }
        transitions = []
        for n in range(1, self.transition_rows + 1):
            if data.get(f"to_{n}"):
                transitions.append({"to": data[f"to_{n}"], "when": data.get(f"when_{n}", "")})
        return {
            **self.original,
            "key": data["key"],
            "name": data["name"],
            "kind": data["kind"],
            "assign": assign,
            "deadline_days": data.get("deadline_days"),
            "actions": data.get("actions", []),
            "transitions": transitions,
            "reach": self._reach(),
            "differ_from": [
                f"{data['key']}{ref}" if ref.startswith(".") else ref
                for ref in data.get("differ_from") or []
            ],
            "alongside": data.get("alongside") or "",
            "due_before_host": data.get("due_before_host"),
            "clause": data.get("clause") or "",
        }
