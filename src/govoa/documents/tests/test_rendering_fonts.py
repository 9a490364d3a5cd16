"""The agency's licensed official fonts (issue 20, item 7): one setting points at them, the
PDF uses the ones present, and what still stands in for an official font is said."""

from pathlib import Path

import pymupdf
import pytest
from fontTools.ttLib import TTFont

from govoa.documents.rendering import fonts
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.tests import samples


def licensed_font(directory: Path, source: str, names: dict[int, str], filename: str) -> Path:
    """A stand-in for a licensed font: a free face renamed (name records in Chinese, as the
    official fonts carry them), so that the test can tell it from the default."""
    font = TTFont(fonts.font_dir() / source)
    for name_id, value in names.items():
        font["name"].setName(value, name_id, 3, 1, 0x804)
    path = directory / filename
    font.save(path)
    return path


def embedded_fonts(pdf: bytes) -> set[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return {
            pymupdf.Font(fontbuffer=document.extract_font(entry[0])[3]).name
            for page in document
            for entry in page.get_fonts(full=True)
        }


@pytest.fixture
def licensed(settings, tmp_path):
    directory = tmp_path / "正版字体"
    directory.mkdir()
    path = licensed_font(
        directory,
        "FandolHei-Regular.otf",  # the 请示 below has no 黑体 of its own
        {1: "方正小标宋简体", 4: "方正小标宋简体", 16: "方正小标宋简体"},
        "FZXBSJW.otf",
    )
    settings.GOVOA_OFFICIAL_FONT_DIR = str(directory)
    return path


def test_without_the_setting_every_official_font_has_a_stand_in(settings):
    settings.GOVOA_OFFICIAL_FONT_DIR = ""
    assert fonts.substitutes() == [
        "仿宋_GB2312（以 FandolFang-Regular 代替）",
        "宋体（以 FandolSong-Regular 代替）",
        "黑体（以 FandolHei-Regular 代替）",
        "楷体_GB2312（以 FandolKai-Regular 代替）",
        "方正小标宋简体（以 FandolSong-Bold 代替）",
    ]


def test_a_licensed_font_is_found_by_its_name_and_used_in_the_pdf(settings, licensed):
    assert fonts.font_paths()["小标宋"] == licensed
    assert fonts.font_paths()["仿宋"].name == "FandolFang-Regular.otf"
    assert "方正小标宋简体（以 FandolSong-Bold 代替）" not in fonts.substitutes()
    assert len(fonts.substitutes()) == 4
    used = embedded_fonts(render_pdf(samples.sample_request()))
    assert "FandolHei Regular" in used  # the licensed file draws the title and the mark
    assert "FandolSong Bold" not in used
    settings.GOVOA_OFFICIAL_FONT_DIR = ""
    assert "FandolSong Bold" in embedded_fonts(render_pdf(samples.sample_request()))


def test_a_font_named_by_its_file_and_unreadable_files_are_handled(settings, tmp_path):
    (tmp_path / "仿宋_GB2312.ttf").write_bytes(b"not a font")
    (tmp_path / "readme.txt").write_text("说明")
    settings.GOVOA_OFFICIAL_FONT_DIR = str(tmp_path)
    assert fonts.font_paths()["仿宋"].name == "FandolFang-Regular.otf"  # unreadable: unused
    settings.GOVOA_OFFICIAL_FONT_DIR = str(tmp_path / "不存在")
    assert len(fonts.substitutes()) == 5
