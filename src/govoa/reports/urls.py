from django.urls import path

from govoa.reports import bulletin_views, feedback_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("bulletins/issue/", bulletin_views.bulletin_issue, name="bulletin_issue"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_file, name="bulletin_file"),
    path("feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/triage/", feedback_views.feedback_triage_view, name="feedback_triage"),
    path("handbook/", feedback_views.handbook, name="handbook"),
]
