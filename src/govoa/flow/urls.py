from django.urls import path

from govoa.flow.views import items, templates

app_name = "flow"
urlpatterns = [
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("items/<int:pk>/act/", items.item_act, name="item_act"),
    path("items/<int:pk>/withdraw/", items.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/remind/", items.item_remind, name="item_remind"),
    path("instances/<int:pk>/", items.instance_trail, name="instance_trail"),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/diagram.svg", templates.template_diagram, name="template_diagram"),
    path("templates/<int:pk>/nodes/new/", templates.node_form, name="node_create"),
    path("templates/<int:pk>/nodes/<slug:key>/", templates.node_form, name="node_edit"),
    path("templates/<int:pk>/nodes/<slug:key>/delete/", templates.node_delete, name="node_delete"),
    path("templates/<int:pk>/nodes/<slug:key>/start/", templates.set_start, name="set_start"),
    path("templates/<int:pk>/publish/", templates.template_publish, name="template_publish"),
    path("templates/<int:pk>/discard/", templates.template_discard, name="template_discard"),
    path("templates/code/<slug:code>/draft/", templates.template_draft, name="template_draft"),
]
