"""成文日期 and 印发日期 (GB/T 9704-2012 7.3.5.4, 7.4.3), and the 印发机关 of the 版记."""

from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import date_problem, parse_date
from govoa.documents.checker.types import CheckInput, Severity, Stage
from govoa.documents.structure import Layout

register = Registrar("日期与印发", order=9)

EXAMPLE = "2026年7月1日"


@register(
    "GB9704-7.3.5.4-date-missing",
    title="核稿起应有成文日期",
    clause="《党政机关公文处理工作条例》第九条（十二）",
)
def date_missing(subject: CheckInput) -> Iterator[Hit]:
    if not subject.numbered or subject.document.layout == Layout.MINUTES:
        return
    if not subject.document.date.strip():
        yield Hit("成文日期", f"缺少成文日期（机关负责人签发的日期），如“{EXAMPLE}”。")


@register(
    "GB9704-7.3.5.4-date-form",
    title="成文日期用阿拉伯数字标全年月日，月日不编虚位",
    clause="GB/T 9704-2012 7.3.5.4",
)
def date_form(subject: CheckInput) -> Iterator[Hit]:
    value = subject.document.date.strip()
    problem = date_problem("成文日期", value) if value else None
    if problem:
        yield Hit("成文日期", problem)


@register(
    "GB9704-7.4.3-print-date-form",
    title="印发日期用阿拉伯数字标全年月日，月日不编虚位",
    clause="GB/T 9704-2012 7.4.3",
)
def print_date_form(subject: CheckInput) -> Iterator[Hit]:
    value = subject.document.print_date.strip()
    if not value:
        return
    if value.endswith("印发"):
        yield Hit(
            "印发日期",
            f"印发日期“{value}”只填日期：“印发”二字由系统排版时加上，请删去。",
        )
        value = value.removesuffix("印发").strip()
    problem = date_problem("印发日期", value)
    if problem:
        yield Hit("印发日期", problem)


@register(
    "REG-9-date-order",
    title="成文日期不晚于印发日期",
    clause="《党政机关公文处理工作条例》第九条（十二）（十七）",
    note="由成文日期（签发日）与印发日期（送印日）的含义推出【推导】；第九条（十七）的释义在"
    " standards.md 中标为【待核】。",
)
def date_order(subject: CheckInput) -> Iterator[Hit]:
    written = parse_date(subject.document.date)
    printed = parse_date(subject.document.print_date.strip().removesuffix("印发"))
    if written and printed and written > printed:
        yield Hit(
            "成文日期",
            f"成文日期“{subject.document.date.strip()}”晚于印发日期"
            f"“{subject.document.print_date.strip()}”，公文应先签发后印发，请核对日期。",
        )


@register(
    "GB9704-7.4.3-printer-missing",
    title="印制前应有印发机关和印发日期（信函格式除外）",
    clause="《党政机关公文处理工作条例》第九条（十七）；GB/T 9704-2012 7.4.3",
    note="第九条（十七）的释义在 standards.md 中标为【待核】。",
)
def printer_missing(subject: CheckInput) -> Iterator[Hit]:
    document = subject.document
    if subject.stage != Stage.FINAL or document.layout == Layout.LETTER:
        return
    if not document.printer.strip():
        yield Hit("印发机关", "印制前应填写印发机关（送印机关，一般为发文机关的办公厅（室））。")
    if not document.print_date.strip():
        yield Hit("印发日期", f"印制前应填写印发日期（送印日期），如“{EXAMPLE}”。")


@register(
    "GB9704-10.1-letter-no-printer",
    title="信函格式版记不加印发机关和印发日期",
    clause="GB/T 9704-2012 10.1",
    severity=Severity.WARNING,
)
def letter_no_printer(subject: CheckInput) -> Iterator[Hit]:
    document = subject.document
    if document.layout == Layout.LETTER and (
        document.printer.strip() or document.print_date.strip()
    ):
        yield Hit("印发机关和印发日期", "信函格式的版记不加印发机关和印发日期，请清空这两项。")
