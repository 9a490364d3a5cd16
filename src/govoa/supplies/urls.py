from django.urls import path

from govoa.supplies.views import catalogue as views
from govoa.supplies.views import stockroom

app_name = "supplies"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.item_import, name="item_import"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/issue/", views.item_issue, name="item_issue"),
    path("items/<int:pk>/stock-in/", views.item_stock_in, name="item_stock_in"),
    path("requisitions/", views.requisition_list, name="requisition_list"),
    path("requisitions/new/", views.requisition_new, name="requisition_new"),
    path("requisitions/<int:pk>/", views.requisition_detail, name="requisition_detail"),
    path(
        "requisitions/<int:pk>/submit/",
        views.requisition_submit_view,
        name="requisition_submit",
    ),
    path("report/", views.report, name="report"),
    path("stocktakes/", stockroom.stocktake_list, name="stocktake_list"),
    path("stocktakes/<int:pk>/", stockroom.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/save/", stockroom.stocktake_save, name="stocktake_save"),
    path("purchases/", stockroom.purchase_list, name="purchase_list"),
    path("purchases/<int:pk>/", stockroom.purchase_detail, name="purchase_detail"),
    path("purchases/<int:pk>/receive/", stockroom.purchase_receive_view, name="purchase_receive"),
]
