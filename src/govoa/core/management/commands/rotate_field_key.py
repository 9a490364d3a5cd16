from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from govoa.core import fieldcrypt
from govoa.core.fields import EncryptedCharField, EncryptedEmailField


class Command(BaseCommand):
    help = (
        "用 GOVOA_FIELD_KEYS 的第一个密钥重新加密所有加密字段（轮换密钥：新密钥放在最前，"
        "旧密钥保留在后，运行本命令后即可删除旧密钥）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = fieldcrypt.field_keys().current_id
        total = 0
        for model in apps.get_models():
            names = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedCharField | EncryptedEmailField)
            ]
            if not names:
                continue
            rows = model._default_manager.values_list("pk", *names)
            for pk, *values in rows.iterator(chunk_size=500):
                with transaction.atomic():
                    # Read decrypted, written with the current key.
                    model._default_manager.filter(pk=pk).update(
                        **dict(zip(names, values, strict=True))
                    )
                total += 1
        self.stdout.write(f"已用密钥 {current} 重新加密 {total} 行。")
