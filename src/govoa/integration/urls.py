from django.urls import path

from govoa.integration import views

app_name = "integration"
urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/ping/", views.webhook_ping, name="webhook_ping"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/<slug:channel>/", views.channel_save, name="channel_save"),
    path("channels/<slug:channel>/try/", views.channel_try, name="channel_try"),
]
