from django.urls import path

from govoa.handbook.views import learning, rules

app_name = "handbook"
urlpatterns = [
    path("", rules.index, name="index"),
    path("rules/new/", rules.rule_new, name="rule_new"),
    path("rules/<int:pk>/", rules.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/revise/", rules.rule_revise_view, name="rule_revise"),
    path("rules/<int:pk>/repeal/", rules.rule_repeal_view, name="rule_repeal"),
    path("posts/", rules.post_list, name="post_list"),
    path("posts/<int:pk>/", rules.post_detail, name="post_detail"),
    path("learning/", learning.my_record, name="learning"),
    path(
        "learning/departments/<int:department_id>/",
        learning.department_record,
        name="department_record",
    ),
    path("training/", learning.training_list, name="training_list"),
    path("training/<int:pk>/", learning.training_detail, name="training_detail"),
]
