from django.urls import path

from govoa.integration import directory_views, exchange_views, views

app_name = "integration"
urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/ping/", views.webhook_ping, name="webhook_ping"),
    path("exchange/", exchange_views.package_list, name="package_list"),
    path("exchange/import/", exchange_views.package_import, name="package_import"),
    path("exchange/export/", exchange_views.package_export, name="package_export"),
    path("exchange/receipts/", exchange_views.receipt_import, name="receipt_import"),
    path(
        "exchange/<int:pk>/receipt.json", exchange_views.receipt_download, name="receipt_download"
    ),
    path("exchange/peers/", exchange_views.peer_list, name="peer_list"),
    path("directory/", directory_views.directory_home, name="directory_home"),
    path("directory/compare/", directory_views.directory_compare, name="directory_compare"),
    path("directory/<int:pk>/", directory_views.directory_run, name="directory_run"),
    path(
        "directory/<int:pk>/confirm/", directory_views.directory_confirm, name="directory_confirm"
    ),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/<slug:channel>/", views.channel_save, name="channel_save"),
    path("channels/<slug:channel>/try/", views.channel_try, name="channel_try"),
]
