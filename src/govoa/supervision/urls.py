from django.urls import path

from govoa.supervision.views import ledger, planning, task

app_name = "supervision"
urlpatterns = [
    path("", ledger.ledger, name="index"),
    path("ledger.<str:fmt>", ledger.ledger_export, name="ledger_export"),
    path("new/", ledger.task_new, name="task_new"),
    path("experience/", ledger.experience, name="experience"),
    path(
        "departments/<int:department_id>/gantt.svg",
        ledger.department_gantt,
        name="department_gantt",
    ),
    path("bulletin/<int:department_id>.pdf", ledger.bulletin_pdf, name="bulletin_pdf"),
    path("bulletin/<int:department_id>/send/", ledger.bulletin_send, name="bulletin_send"),
    path("quadrants/", planning.quadrant_view, name="quadrants"),
    path("flags/", planning.flag_set, name="flag_set"),
    path("calendar/", planning.calendar_view, name="calendar"),
    path("calendar/rotate/", planning.calendar_rotate, name="calendar_rotate"),
    path("calendar/feed/<str:token>.ics", planning.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", task.task_detail, name="task_detail"),
    path("<int:pk>/acts/<str:act>/", task.task_act, name="task_act"),
    path("<int:pk>/steps/<int:step_id>/done/", task.step_done, name="step_done"),
    path("<int:pk>/deliverables/", task.deliverables_add, name="deliverables_add"),
    path("<int:pk>/deliverables/<int:attachment_id>/", task.deliverable, name="deliverable"),
    path("<int:pk>/confirmation.pdf", task.confirmation_pdf, name="confirmation_pdf"),
    path("<int:pk>/gantt.svg", task.task_gantt, name="task_gantt"),
]
