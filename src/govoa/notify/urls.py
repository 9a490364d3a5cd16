from django.urls import path

from govoa.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
]
