"""How much history each ``--scale`` builds."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    # Business departments (处室); the office (办公室) and the leadership (委领导) come on top.
    departments: int
    years: int
    incoming: int  # finished 收文
    outgoing: int  # finished 发文
    open_incoming: int  # 收文 still at 承办 (open items, unread 传阅)
    open_outgoing: int  # 发文 still at 办公室核稿
    # Sign-ins per person per working day, written to the audit log (the bulk of a real log
    # besides the acts themselves).
    logins_per_day: float


SCALES = {
    scale.name: scale
    for scale in (
        Scale("tiny", 48, 4, 1, 24, 12, 6, 4, 0.05),
        Scale("small", 300, 10, 3, 3_400, 1_400, 150, 50, 0.5),
        Scale("large", 2_000, 38, 10, 200_000, 100_000, 2_500, 1_000, 1.4),
    )
}
