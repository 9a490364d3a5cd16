"""The agency's licensed official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体),
found by their names in the directory ``settings.GOVOA_OFFICIAL_FONT_DIR`` points to. Where
one is there, the PDF uses it instead of the free face that stands in for it
(docs/adr/0006-fonts.md); the DOCX names the official fonts in any case."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont, TTLibError

# Renderer family → the names an installed font may carry, the preferred first: the name
# records (family, full name, typographic family; any language) or the file's stem.
WANTED = {
    "小标宋": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    "仿宋": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
    "楷体": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
    "黑体": ("黑体", "SimHei"),
    "宋体": ("宋体", "SimSun"),
}
SUFFIXES = {".ttf", ".otf", ".ttc"}
NAME_IDS = (1, 4, 16)  # family, full name, typographic family


def official_dir() -> Path | None:
    configured = str(getattr(settings, "GOVOA_OFFICIAL_FONT_DIR", "") or "")
    return Path(configured) if configured else None


def official_paths() -> dict[str, Path]:
    """Renderer family → the licensed font file found for it (none when not configured)."""
    directory = official_dir()
    if directory is None or not directory.is_dir():
        return {}
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    return dict(_match(tuple((p, p.stat().st_mtime_ns) for p in files)))


@lru_cache(maxsize=4)
def _match(files: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, Path], ...]:
    named = [(path, _names(path)) for path, _mtime in files]
    found = []
    for family, wanted in WANTED.items():
        for name in wanted:
            path = next((p for p, names in named if name in names), None)
            if path is not None:
                found.append((family, path))
                break
    return tuple(found)


def _names(path: Path) -> set[str]:
    """The names a font file answers to (a collection: its first face, the one the PDF
    renderer loads from it)."""
    names = {path.stem}
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError):
        return set()  # not a font we can read: never used
    try:
        for record in font["name"].names:
            if record.nameID in NAME_IDS:
                names.add(record.toUnicode().strip())
    except (KeyError, UnicodeDecodeError):
        return set()
    finally:
        font.close()
    return names
