from django.urls import path

from govoa.org.views import calendar, delegations, people, structure

app_name = "org"
urlpatterns = [
    path("directory/", people.directory, name="directory"),
    path("people/search/", people.people_search, name="people_search"),
    path("system/", people.console, name="console"),
    path("system/agency/", structure.agency_edit, name="agency_edit"),
    path("system/departments/", structure.department_list, name="department_list"),
    path("system/departments/new/", structure.department_form, name="department_create"),
    path("system/departments/<int:pk>/", structure.department_form, name="department_edit"),
    path("system/people/", people.person_list, name="person_list"),
    path("system/people/export.xlsx", people.person_export, name="person_export"),
    path("system/people/new/", people.person_create, name="person_create"),
    path("system/people/<int:pk>/", people.person_detail, name="person_detail"),
    path("system/people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("system/people/<int:pk>/status/", people.person_status, name="person_status"),
    path(
        "system/people/<int:pk>/reset-password/",
        people.person_reset_password,
        name="person_reset_password",
    ),
    path("system/people/<int:pk>/clearance/", people.person_clearance, name="person_clearance"),
    path("system/people/<int:pk>/roles/", people.person_role_grant, name="person_role_grant"),
    path(
        "system/people/<int:pk>/roles/<str:role>/revoke/",
        people.person_role_revoke,
        name="person_role_revoke",
    ),
    path("system/roles/", people.role_list, name="role_list"),
    path("system/import/", structure.import_view, name="import"),
    path("system/import/template.xlsx", structure.import_template, name="import_template"),
    path("system/calendar/", calendar.calendar_view, name="calendar"),
    path("system/calendar/<str:day>/delete/", calendar.calendar_delete, name="calendar_delete"),
    path("delegations/", delegations.delegation_list, name="delegation_list"),
    path(
        "delegations/<int:pk>/revoke/", delegations.delegation_revoke_view, name="delegation_revoke"
    ),
]
