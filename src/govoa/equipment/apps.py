from django.apps import AppConfig


class EquipmentConfig(AppConfig):
    name = "govoa.equipment"
    label = "equipment"
    verbose_name = "设备与存储介质"

    def ready(self) -> None:
        # Registers the 送修/报废 subject and its approval template.
        from govoa.equipment import flows  # noqa: F401
