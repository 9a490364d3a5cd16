"""电子文件命名规范: every file the system produces or serves for download is named by one
rule — 主题, 日期, 版本, and 文号 where there is one — never a random key. The rule is a
pattern each agency sets (``org.Agency.file_name_pattern``, e.g. ``{文号}_{主题}_{日期}_V{版本}``);
``core`` sits below ``org``, so ``org`` registers where the pattern is read
(``register_pattern_source``) and every download view asks ``file_name``/``file_stem`` here.

A token with nothing to say (a register has no 文号) disappears with the separator beside
it. Characters a file system refuses (``/\\:*?"<>|``, control characters) are dropped."""

import datetime
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils import timezone

TOKENS = ("主题", "日期", "版本", "文号")
REQUIRED = ("主题", "日期", "版本")
DEFAULT_PATTERN = "{文号}_{主题}_{日期}_V{版本}"
MAX_STEM = 120
_TOKEN = re.compile(r"\{([^{}]*)\}")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_SEPARATORS = "_-—～~ ·.、，,"
_RUN = re.compile(r"([_\-~ ·、，,.])\1+")

PatternSource = Callable[[int], str | None]
_sources: list[PatternSource] = []


def register_pattern_source(source: PatternSource) -> None:
    """``org`` registers the reader of an agency's pattern (once, in its AppConfig)."""
    if source not in _sources:
        _sources.append(source)


def pattern_for(agency_id: int | None) -> str:
    if agency_id is not None:
        for source in _sources:
            pattern = source(agency_id)
            if pattern:
                return pattern
    return DEFAULT_PATTERN


def validate_pattern(pattern: str) -> None:
    """A pattern names 主题, 日期 and 版本 (文号 may be left out), and nothing else."""
    names = _TOKEN.findall(pattern)
    unknown = [n for n in names if n not in TOKENS]
    if unknown:
        raise ValidationError(
            f"命名规则中的“{{{unknown[0]}}}”无法识别："
            "只能使用 {主题}、{日期}、{版本}、{文号}。"
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise ValidationError(f"命名规则须包含 {{{missing[0]}}}（主题、日期、版本缺一不可）。")
    if _UNSAFE.search(_TOKEN.sub("", pattern)) or "{" in _TOKEN.sub("", pattern):
        raise ValidationError('命名规则不能含有 / \\ : * ? " < > | 或多余的花括号。')


def _agency_id(owner: Any) -> int | None:
    if owner is None or isinstance(owner, int):
        return owner
    return getattr(owner, "agency_id", None)


def _clean(text: str) -> str:
    return " ".join(_UNSAFE.sub("", str(text)).split())


def file_stem(
    owner: Any,
    subject: str,
    *,
    on: datetime.date | datetime.datetime | None = None,
    version: int | str = 1,
    number: str = "",
) -> str:
    """The name without extension. ``owner``: the agency's id, or anything with an
    ``agency_id`` (the person downloading, the document). ``on`` defaults to today."""
    if isinstance(on, datetime.datetime):
        on = timezone.localtime(on).date() if timezone.is_aware(on) else on.date()
    values = {
        "主题": _clean(subject)[:80],
        "日期": f"{on or timezone.localdate():%Y%m%d}",
        "版本": _clean(str(version)) or "1",
        "文号": _clean(number),
    }
    pattern = pattern_for(_agency_id(owner))
    parts = _TOKEN.split(pattern)  # literal, token, literal, token, …, literal
    out = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out += part
            continue
        value = values.get(part, "")
        if value:
            out += value
        elif index + 1 < len(parts):  # an empty token drops the separator after it
            parts[index + 1] = parts[index + 1].lstrip(_SEPARATORS)
    out = _RUN.sub(r"\1", _UNSAFE.sub("", out)).strip(_SEPARATORS)
    return out[:MAX_STEM] or values["日期"]


def file_name(
    owner: Any,
    subject: str,
    ext: str,
    *,
    on: datetime.date | datetime.datetime | None = None,
    version: int | str = 1,
    number: str = "",
) -> str:
    """``file_stem`` with its extension (``ext`` without the dot, or a name to take it from)."""
    suffix = ext.rsplit(".", 1)[-1].lower() if ext else ""
    suffix = re.sub(r"[^a-z0-9]", "", suffix)[:10]
    stem = file_stem(owner, subject, on=on, version=version, number=number)
    return f"{stem}.{suffix}" if suffix else stem


def subject_of(filename: str) -> str:
    """An uploaded file's own name without its extension: its 主题 when served."""
    return filename.rsplit(".", 1)[0] if "." in filename else filename


def ascii_fallback(filename: str) -> str:
    """For clients that do not read RFC 5987: the name's ASCII characters (the date, the
    version, the extension), never an empty or random one."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    kept = re.sub(r"[^A-Za-z0-9._\-]+", "_", stem)
    kept = re.sub(r"_+", "_", kept).strip("._-") or "file"
    return f"{kept}.{ext}" if ext else kept


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266 with an ASCII ``filename`` and the UTF-8 ``filename*`` (RFC 5987)."""
    kind = "inline" if inline else "attachment"
    utf8 = quote(filename, safe="")
    return f"{kind}; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{utf8}"


def upload_name(owner: Any, stored: Any, *, version: int | str = 1, number: str = "") -> str:
    """An uploaded file (a ``documents.StoredFile``) served by the rule: its own name is the
    主题, its upload day the 日期, its extension kept."""
    return file_name(
        owner,
        subject_of(stored.name),
        stored.name,
        on=stored.created_at,
        version=version,
        number=number,
    )
