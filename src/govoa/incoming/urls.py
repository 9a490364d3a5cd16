from django.urls import path

from govoa.incoming.views import document, register

app_name = "incoming"
urlpatterns = [
    path("", register.register_list, name="register"),
    path("register.<str:fmt>", register.register_download, name="register_export"),
    path("new/", register.register_new, name="register_new"),
    path("<int:pk>/", document.document_detail, name="document_detail"),
    path("<int:pk>/items/<int:item_id>/act/", document.document_act, name="document_act"),
    path("<int:pk>/attachments/<int:attachment_id>/", document.attachment, name="attachment"),
    path("<int:pk>/attachments/add/", document.add_attachments, name="add_attachments"),
    path("<int:pk>/co-materials/", document.add_co_materials, name="add_co_materials"),
    path("<int:pk>/reply/", document.start_reply, name="start_reply"),
    path("<int:pk>/supervisor/", document.set_supervisor, name="set_supervisor"),
    path("<int:pk>/archive-status/", document.archive_status, name="archive_status"),
    path("<int:pk>/extensions/", document.request_extension, name="request_extension"),
    path(
        "<int:pk>/extensions/<int:request_id>/decide/",
        document.decide_extension,
        name="decide_extension",
    ),
    path("<int:pk>/<str:kind>.pdf", document.printable_pdf, name="printable"),
]
