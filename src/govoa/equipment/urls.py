from django.urls import path

from govoa.equipment import views

app_name = "equipment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.device_new, name="device_new"),
    path("<int:pk>/", views.device_detail, name="device_detail"),
    path("<int:pk>/assign/", views.device_assign_view, name="device_assign"),
    path("<int:pk>/checks/", views.device_check_view, name="device_check"),
    path("<int:pk>/wipes/", views.device_wipe_view, name="device_wipe"),
    path("<int:pk>/disposals/", views.device_disposal_view, name="device_disposal"),
    path("<int:pk>/return/", views.device_return_view, name="device_return"),
]
