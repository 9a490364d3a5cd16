from django.urls import path

from govoa.web import views

app_name = "web"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("modules/<slug:key>/", views.module_unavailable, name="module_unavailable"),
]
