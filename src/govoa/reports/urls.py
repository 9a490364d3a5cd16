from django.urls import path

from govoa.reports import bulletin_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("bulletins/issue/", bulletin_views.bulletin_issue, name="bulletin_issue"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_file, name="bulletin_file"),
]
