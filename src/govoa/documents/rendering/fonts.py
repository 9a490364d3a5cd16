"""The fonts of the GB/T 9704 renderer: free faces standing in for the official ones
(docs/adr/0006-fonts.md). ``scripts/install-fonts`` puts them in ``settings.GOVOA_FONT_DIR``
(default ``var/fonts``); nothing is fetched at run time and no other face is used silently."""

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from unicodedata import east_asian_width

from django.conf import settings
from fontTools.ttLib import TTFont

from govoa.core.errors import GovOAError
from govoa.documents.rendering import official_fonts

# The face behind each family name the templates use.
FONT_FILES = {
    "仿宋": "FandolFang-Regular.otf",
    "宋体": "FandolSong-Regular.otf",
    "黑体": "FandolHei-Regular.otf",
    "楷体": "FandolKai-Regular.otf",
    "小标宋": "FandolSong-Bold.otf",
}
# The official names (as on an agency's Windows machines) and the family each maps to, so
# that the CSS of a form may say either ``font-family: "仿宋"`` or ``"仿宋_GB2312"``.
OFFICIAL_NAMES = {
    "仿宋_GB2312": "仿宋",
    "方正小标宋简体": "小标宋",
    "黑体": "黑体",
    "楷体_GB2312": "楷体",
    "宋体": "宋体",
}
# Family → the name written into a DOCX (Word and WPS find the official fonts by name).
DOCX_NAMES = {family: official for official, family in OFFICIAL_NAMES.items()}


class FontsMissing(GovOAError):
    code = "fonts_missing"
    status = 503

    def __init__(self, missing: list[str], directory: Path):
        self.missing = missing
        super().__init__(
            f"公文字体未安装，无法生成版式文件（在 {directory} 中缺少 {'、'.join(missing)}）。"
            "请系统管理员在服务器上运行 scripts/install-fonts 安装字体后重试。"
        )


def font_dir() -> Path:
    return Path(settings.GOVOA_FONT_DIR)


def font_paths() -> dict[str, Path]:
    """Each family's font file: the agency's licensed font where it has one
    (``official_fonts``), else the free face. Raises ``FontsMissing`` if a family has
    neither (a free face absent or empty)."""
    directory = font_dir()
    licensed = official_fonts.official_paths()
    paths = {family: licensed.get(family, directory / name) for family, name in FONT_FILES.items()}
    missing = sorted({p.name for p in paths.values() if not p.is_file() or p.stat().st_size == 0})
    if missing:
        raise FontsMissing(missing, directory)
    return paths


def font_roots() -> list[Path]:
    """The directories the PDF renderer may read fonts from."""
    roots = [font_dir().resolve()]
    directory = official_fonts.official_dir()
    if directory is not None and directory.is_dir():
        roots.append(directory.resolve())
    return roots


def substitutes() -> list[str]:
    """The official fonts the PDF does not have, each with the free face used instead, e.g.
    “方正小标宋简体（以 FandolSong-Bold 代替）”; empty when the agency's fonts cover all."""
    licensed = official_fonts.official_paths()
    return [
        f"{DOCX_NAMES[family]}（以 {Path(name).stem} 代替）"
        for family, name in FONT_FILES.items()
        if family not in licensed
    ]


def font_face_css() -> str:
    """``@font-face`` rules loading every family, under its own and its official names."""
    paths = font_paths()
    names = {family: [family] for family in FONT_FILES}
    for official, family in OFFICIAL_NAMES.items():
        if official not in names[family]:
            names[family].append(official)
    return "\n".join(
        f'@font-face {{ font-family: "{name}"; src: url("{paths[family].resolve().as_uri()}"); }}'
        for family, aliases in names.items()
        for name in aliases
    )


@lru_cache(maxsize=16)
def _widths(path: Path, mtime: int) -> dict[int, float]:
    """Advance width in em of every character the font maps (read once per file)."""
    font = TTFont(path, lazy=True, fontNumber=0)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    font.close()
    return widths


def advances() -> Callable[[str, str], float]:
    """``advance(char, family)``: the advance width in em with which the PDF draws ``char``
    in ``family`` (仿宋, 黑体 …); for a character the font lacks (drawn by a fallback), one
    em if East Asian wide, half an em otherwise."""
    tables = {
        family: _widths(path, path.stat().st_mtime_ns) for family, path in font_paths().items()
    }

    def advance(char: str, family: str) -> float:
        width = tables[family].get(ord(char))
        if width is None:
            return 1.0 if east_asian_width(char) in "FWA" else 0.5
        return width

    return advance
