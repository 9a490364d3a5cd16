from django.urls import path

from govoa.archives.views import appraisal, loans, records, settings

app_name = "archives"
urlpatterns = [
    path("", records.index, name="index"),
    path("queue/", records.queue, name="queue"),
    path("settings/", settings.settings_page, name="settings"),
    path("intake/", records.intake, name="intake"),
    path("file/", records.file_records, name="file"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/classify/", records.record_classify, name="record_classify"),
    path("records/<int:pk>/exclude/", records.record_exclude, name="record_exclude"),
    path("records/<int:pk>/join/", records.record_join, name="record_join"),
    path("records/<int:pk>/stamped.pdf", records.stamped_pdf, name="record_stamped"),
    path("records/<int:pk>/package.zip", records.package, name="record_package"),
    path("records/<int:pk>/loan/", loans.loan_request, name="loan_request"),
    path("catalogue.<str:fmt>", records.catalogue, name="catalogue"),
    path("notes-sheet.pdf", records.notes_sheet, name="notes_sheet"),
    path("transfer/<int:year>.zip", records.transfer, name="transfer"),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/files/<int:component_id>/", loans.loan_file, name="loan_file"),
    path("loans/<int:pk>/return/", loans.loan_return, name="loan_return"),
    path("appraisal/", appraisal.appraisal, name="appraisal"),
    path("appraisal/decide/", appraisal.appraise, name="appraise"),
    path("appraisals/<int:pk>/", appraisal.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/vote/", appraisal.appraisal_vote, name="appraisal_vote"),
    path("destructions/new/", appraisal.destruction_request, name="destruction_request"),
    path("destructions/<int:pk>/", appraisal.destruction_detail, name="destruction_detail"),
    path(
        "destructions/<int:pk>/execute/", appraisal.destruction_execute, name="destruction_execute"
    ),
    path(
        "destructions/<int:pk>/register.pdf",
        appraisal.destruction_register,
        name="destruction_register",
    ),
]
