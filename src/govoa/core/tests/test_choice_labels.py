"""``ChoiceLabels`` gives every label Django's ``get_<field>_display`` gives."""

import pytest
from django.db import models
from django.utils import translation

from govoa.core.models import ChoiceLabels
from govoa.flow.models import FlowInstance, Reminder, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument

MODELS = [FlowInstance, WorkItem, Reminder, IncomingDocument, OutgoingDocument, Person]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_choice_is_labelled_as_django_labels_it(model: type[models.Model]) -> None:
    assert issubclass(model, ChoiceLabels)
    fields = [f for f in model._meta.concrete_fields if f.choices]
    assert fields, "a model with nothing to label"
    for field in fields:
        values = [value for value, _label in field.flatchoices]
        for value in [*values, "no-such-choice", None]:
            row = model(**{field.attname: value})
            ours = getattr(row, f"get_{field.name}_display")()
            djangos = models.Model._get_FIELD_display(row, field)
            assert ours == djangos, (field.name, value)
            assert isinstance(ours, str) or ours is None


def test_labels_follow_the_active_language() -> None:
    item = WorkItem(status=WorkItem._meta.get_field("status").flatchoices[0][0])
    with translation.override("zh-hans"):
        chinese = item.get_status_display()
    with translation.override("en"):
        assert item.get_status_display() == models.Model._get_FIELD_display(
            item, WorkItem._meta.get_field("status")
        )
    assert chinese
