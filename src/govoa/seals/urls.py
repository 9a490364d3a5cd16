from django.urls import path

from govoa.seals import views

app_name = "seals"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.seal_new, name="seal_new"),
    path("<int:pk>/", views.seal_detail, name="seal_detail"),
    path("<int:pk>/transfer/", views.seal_transfer_view, name="seal_transfer"),
    path("<int:pk>/change/", views.seal_change_view, name="seal_change"),
    path("usages/", views.usage_list, name="usage_list"),
    path("usages/new/", views.usage_new, name="usage_new"),
    path("usages/<int:pk>/", views.usage_detail, name="usage_detail"),
    path("usages/<int:pk>/stamp/", views.usage_stamp, name="usage_stamp"),
    path("register/", views.register, name="register"),
    path("register.<str:fmt>", views.register_download, name="register_export"),
]
