"""Gantt charts drawn on the server as SVG (no script, no CDN): one for a task and its steps,
one for a department's tasks. Black on white with patterns, so they read when printed;
every name is real SVG text (selectable, searchable, extractable)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone

from govoa.supervision.models import SupervisionTask, TaskStep
from govoa.supervision.workflow import Glance

LABEL_WIDTH = 300
CHART_WIDTH = 620
ROW = 26
HEAD = 46
FONT = "宋体, SimSun, Noto Serif CJK SC, serif"
GRID = 'stroke="#ccc" stroke-width="0.5"'


@dataclass(frozen=True)
class Bar:
    label: str
    owner: str
    start: datetime.date
    end: datetime.date
    done: bool = False
    late: bool = False


def _span(bars: list[Bar], today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = min([b.start for b in bars] + [today])
    last = max([b.end for b in bars] + [today])
    first -= datetime.timedelta(days=first.weekday())  # from a Monday
    return first, max(last, first + datetime.timedelta(days=13))


# At most so many date ticks, whatever the span (a span of years stays a readable chart of
# a bounded size).
MAX_TICKS = 26


def _ticks(first: datetime.date, days: int, scale: float) -> list[str]:
    step = 7 if days <= 120 else 28
    if days // step > MAX_TICKS:
        step = -(-days // MAX_TICKS // 7) * 7  # whole weeks, so ticks stay on Mondays
    shown = "%m-%d" if days <= 366 else "%Y-%m"
    out = []
    for offset in range(0, days + 1, step):
        x = LABEL_WIDTH + offset * scale
        day = first + datetime.timedelta(days=offset)
        out.append(
            f'<line x1="{x:.1f}" y1="{HEAD - 8}" x2="{x:.1f}" y2="100%" {GRID}/>'
            f'<text x="{x + 2:.1f}" y="{HEAD - 12}" font-size="10">{day.strftime(shown)}</text>'
        )
    return out


def _bar(bar: Bar, y: int, first: datetime.date, scale: float) -> list[str]:
    x = LABEL_WIDTH + (bar.start - first).days * scale
    width = max(((bar.end - bar.start).days + 1) * scale, 3)
    fill = "url(#late)" if bar.late else "#555" if bar.done else "#fff"
    label = escape(bar.label if len(bar.label) <= 20 else bar.label[:19] + "…")
    return [
        f'<text x="6" y="{y + 17}">{label}</text>',
        f'<text x="{LABEL_WIDTH - 6}" y="{y + 17}" text-anchor="end">{escape(bar.owner)}</text>',
        f'<rect x="{x:.1f}" y="{y + 6}" width="{width:.1f}" height="{ROW - 12}" '
        f'fill="{fill}" stroke="#000"><title>{escape(bar.label)}：{bar.start:%Y-%m-%d}'
        f" 至 {bar.end:%Y-%m-%d}</title></rect>",
    ]


def gantt_svg(title: str, bars: Iterable[Bar], today: datetime.date | None = None) -> str:
    rows = list(bars)
    today = today or timezone.localdate()
    first, last = _span(rows, today) if rows else (today, today + datetime.timedelta(days=13))
    days = (last - first).days + 1
    scale = CHART_WIDTH / days
    height = HEAD + ROW * max(len(rows), 1) + 24
    width = LABEL_WIDTH + CHART_WIDTH + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        '<defs><pattern id="late" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern></defs>',
        # Presentation attributes, not CSS: the pages' CSP allows no inline style.
        f'<g font-family="{FONT}" font-size="12" fill="#000">',
        f'<text x="6" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
        *_ticks(first, days, scale),
    ]
    for n, bar in enumerate(rows):
        parts += _bar(bar, HEAD + n * ROW, first, scale)
    if not rows:
        parts.append(f'<text x="6" y="{HEAD + 17}">没有任务或步骤</text>')
    x = LABEL_WIDTH + (today - first).days * scale
    parts.append(
        f'<line x1="{x:.1f}" y1="{HEAD - 8}" x2="{x:.1f}" y2="{height - 18}" '
        'stroke="#000" stroke-dasharray="4 3"/>'
        f'<text x="{x + 2:.1f}" y="{height - 6}" font-size="10">今天</text>'
        f'<text x="{width - 6}" y="{height - 6}" font-size="10" text-anchor="end">'
        "白：未完成　灰：已完成　斜线：已逾期</text></g></svg>"
    )
    return "".join(parts)


def _start(task: SupervisionTask) -> datetime.date:
    return timezone.localdate(task.started_at or task.created_at)


def task_bars(task: SupervisionTask, steps: list[TaskStep], today: datetime.date) -> list[Bar]:
    status = task.glance(today)
    rows = [
        Bar(
            label=task.title,
            owner=task.owner.real_name,
            start=_start(task),
            end=task.deadline,
            done=status == Glance.COMPLETED,
            late=status == Glance.OVERDUE,
        )
    ]
    for step in steps:
        rows.append(
            Bar(
                label=f"{step.order}. {step.title}",
                owner=step.owner.real_name,
                start=step.starts_on,
                end=step.milestone,
                done=step.done_on is not None,
                late=step.done_on is None and step.milestone < today,
            )
        )
    return rows


def department_bars(tasks: Iterable[SupervisionTask], today: datetime.date) -> list[Bar]:
    rows = []
    for task in tasks:
        status = task.glance(today)
        rows.append(
            Bar(
                label=task.title,
                owner=task.owner.real_name,
                start=_start(task),
                end=task.deadline,
                done=status == Glance.COMPLETED,
                late=status == Glance.OVERDUE,
            )
        )
    return rows
