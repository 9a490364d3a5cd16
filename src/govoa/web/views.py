from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from govoa.core.paging import paginate
from govoa.core.panels import workbench_panels
from govoa.flow import selectors as flow
from govoa.org.models import Person
from govoa.org.selectors import delegate_for, delegation_list
from govoa.supervision.agenda import work_item_marks
from govoa.web.navigation import entry_by_key

TABS = [
    ("todo", "待办"),
    ("to_read", "待阅"),
    ("done", "已办"),
    ("mine", "我发起的"),
    ("reminders", "催办记录"),
]


def _tab_rows(person: Person, tab: str, module: str):
    if tab == "to_read":
        return flow.work_items_to_read(person=person, module=module)
    if tab == "done":
        return flow.work_items_done(person=person, module=module)
    if tab == "mine":
        return flow.instances_started(person=person)
    if tab == "reminders":
        return flow.reminders_for(person=person)
    return flow.work_items_todo(person=person, module=module)


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """工作台: the person's 待办, 待阅, 已办, the flows they started and 催办记录."""
    person: Person = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    tab = request.GET.get("tab", "todo")
    if tab not in dict(TABS):
        tab = "todo"
    module = request.GET.get("module", "")[:30]
    password_days_left = None
    if person.password_changed_at:
        age = timezone.now() - person.password_changed_at
        password_days_left = settings.GOVOA_PASSWORD_MAX_AGE_DAYS - age.days
    acting_for = list(delegation_list(person=person).active_on(today).filter(delegate=person))
    page_obj = paginate(request, _tab_rows(person, tab, module))
    if tab in ("todo", "to_read"):  # 重要/紧急 (one's own marks), 已逾期, 即将到期
        marks = work_item_marks(person, list(page_obj), today)
        for item in page_obj:
            item.marks = marks[item.pk]
    context = {
        "active_nav": "workbench",
        "tabs": TABS,
        "tab": tab,
        "today": today,
        "page_obj": page_obj,
        "roles": sorted(person.role_scopes()),
        "my_delegate": delegate_for(person, today),
        "acting_for": acting_for,
        "password_days_left": password_days_left,
        "previous_login": request.session.get("govoa_previous_login"),
        "panels": workbench_panels(person),
    }
    return render(request, "web/workbench.html", context)


@login_required
def module_unavailable(request: HttpRequest, key: str) -> HttpResponse:
    entry = entry_by_key(key)
    if entry is None:
        raise Http404
    return render(request, "web/module_unavailable.html", {"entry": entry, "active_nav": key})
