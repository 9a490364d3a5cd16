"""Writing and reading XLSX workbooks (exports, import templates, imports)."""

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from govoa.core.errors import ValidationFailed
from govoa.core.http import CONTENT_TYPES, file_response
from govoa.core.text import xml_safe
from govoa.core.ziparchive import ArchiveDamaged, ArchiveLimits, inspect_zip

XLSX_TYPE = CONTENT_TYPES["xlsx"]


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One sheet per ``(title, headers, rows)``; headers bold, columns sized to content."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) * 2 + 2 for h in headers]
        for row in rows:
            values = ["" if v is None else xml_safe(v) if isinstance(v, str) else v for v in row]
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text that starts with "=" stays text, not a formula
                    cell.data_type = "s"
            for i, value in enumerate(values[: len(widths)]):
                widths[i] = min(60, max(widths[i], len(str(value)) * 2 + 2))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    return file_response(content, content_type=XLSX_TYPE, filename=filename)


def read_sheets(
    upload: BinaryIO, *, max_bytes: int = 5 * 1024 * 1024, max_rows: int = 5000
) -> dict[str, list[dict[str, Any]]]:
    """Every sheet as a list of ``{header: value}`` rows (row 1 holds the headers; each row
    also carries ``"__row__"``, its number in the sheet). Raises ``ValidationFailed`` for a
    file that is not a readable XLSX workbook."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationFailed(f"文件超过 {max_bytes // (1024 * 1024)} MB，请拆分后再导入。")
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationFailed("文件不是 Excel 工作簿（.xlsx）。请使用下载的模板填写后上传。")
    try:
        inspect_zip(io.BytesIO(data), label="该 Excel 文件", limits=ArchiveLimits.for_reading())
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (ArchiveDamaged, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationFailed("无法读取该 Excel 文件，文件可能已损坏。") from exc
    sheets: dict[str, list[dict[str, Any]]] = {}
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            sheets[sheet.title] = []
            continue
        headers = [str(h).strip().rstrip("*") if h is not None else "" for h in header_row]
        records: list[dict[str, Any]] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(records) >= max_rows:
                raise ValidationFailed(f"工作表“{sheet.title}”超过 {max_rows} 行，请拆分后再导入。")
            record: dict[str, Any] = {"__row__": number}
            for header, value in zip(headers, values, strict=False):
                if header:
                    record[header] = value.strip() if isinstance(value, str) else value
            records.append(record)
        sheets[sheet.title.strip()] = records
    book.close()
    return sheets
