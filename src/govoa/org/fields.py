"""A person named on a business row (提请人, 保管人, 经办人 …): the one foreign key the modules
repeat — protected (a person with history is deactivated, never deleted), no reverse accessor
(a person has no business knowing every row that names them), optional where the row may not
have the person yet."""

from typing import Any

from django.conf import settings
from django.db import models


def person_field(label: Any, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
        verbose_name=label,
    )
