from django.urls import path

from govoa.outgoing.views import document, editor, joint, register

app_name = "outgoing"
urlpatterns = [
    path("", register.register_list, name="register"),
    path("register.<str:fmt>", register.register_download, name="register_export"),
    path("new/", register.document_new, name="document_new"),
    path("<int:pk>/", editor.document_detail, name="document_detail"),
    path("<int:pk>/save/", editor.document_update, name="document_update"),
    path("<int:pk>/preview/", editor.document_preview, name="document_preview"),
    path("<int:pk>/import/", editor.body_import, name="body_import"),
    path("<int:pk>/versions/", editor.version_list, name="version_list"),
    path("<int:pk>/attachments/add/", editor.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        document.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        editor.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/items/<int:item_id>/act/", document.document_act, name="document_act"),
    path(
        "<int:pk>/distributions/<int:distribution_id>/receive/",
        document.distribution_receive_view,
        name="distribution_receive",
    ),
    path("<int:pk>/number/void/", document.number_void_view, name="number_void"),
    path("<int:pk>/render.<str:fmt>", document.rendered_download, name="rendered"),
    path("<int:pk>/sheet.pdf", document.approval_sheet_pdf, name="approval_sheet"),
    path("joint/<int:pk>/", joint.countersign_detail, name="joint_countersign"),
    path("joint/<int:pk>/text.pdf", joint.countersign_text, name="joint_countersign_text"),
]
