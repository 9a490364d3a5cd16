"""Error types every layer raises. Views and the API turn them into a Chinese message with
the right HTTP status (see ``govoa.web.middleware`` and ``config.api``)."""

from collections.abc import Callable
from typing import ClassVar


class GovOAError(Exception):
    """Base of the errors a user may see. ``message`` is shown as is, so it is Chinese."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    default_message: ClassVar[str] = "操作失败。"

    def __init__(self, message: str | None = None, *, fields: dict[str, list[str]] | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        # Writes that must outlive the refused transaction (the audit of a refusal raised
        # inside an act): run by the caller that owns the transaction, once it rolled back.
        self.after_rollback: list[Callable[[], None]] = []
        super().__init__(self.message)


def run_after_rollback(error: BaseException) -> None:
    """Run what a refusal asked to keep once its transaction is undone (see ``after_rollback``)."""
    for write in getattr(error, "after_rollback", ()):
        write()


class ValidationFailed(GovOAError):
    code = "invalid"
    status = 422
    default_message = "提交的内容有误，请按提示修改。"


class NotFound(GovOAError):
    """Raised alike for a missing object and for one the person may not see."""

    code = "not_found"
    status = 404
    default_message = "对象不存在或您无权查看。"


class PermissionDenied(GovOAError):
    code = "forbidden"
    status = 403
    default_message = "您无权执行此操作。"


class Conflict(GovOAError):
    code = "conflict"
    status = 409
    default_message = "操作与当前数据冲突，请刷新后重试。"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    default_message = "当前状态不允许此操作。"


class AlreadyHandled(Conflict):
    code = "already_handled"
    default_message = "该事项已经办理，不能重复提交。"


class CalendarYearUnknown(GovOAError):
    code = "calendar_year_unknown"
    status = 503

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未录入，无法计算工作日。"
            f"请系统管理员在“系统管理 → 工作日历”中录入{year}年的放假和调休安排。"
        )
