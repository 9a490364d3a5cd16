"""Model fields whose values are stored SM4-encrypted (``fieldcrypt``). The column is text;
``max_length`` and the validators apply to the plain value. The values cannot be searched
in the database (each encryption is different): look people up by other fields."""

from typing import Any

from django.db import models

from govoa.core import fieldcrypt


class _Encrypted:
    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return fieldcrypt.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "" or fieldcrypt.is_encrypted(value):
            return value
        return fieldcrypt.encrypt(str(value))


class EncryptedCharField(_Encrypted, models.CharField):
    pass


class EncryptedEmailField(_Encrypted, models.EmailField):
    pass
