"""The DOCX as LibreOffice sets it (issue 20, item 5): converted to PDF by ``soffice``
headless and measured like the PDF renderer's output. LibreOffice must keep the 22 × 28 grid
(it read the former ``linesAndChars`` grid as 14 characters a line) and break the pages
where the PDF does.

``soffice`` is taken from ``GOVOA_SOFFICE`` (``scripts/test-all`` sets it through
``scripts/ensure-libreoffice``) or the PATH; without it the test is skipped with the reason.
The official font names are mapped to the Fandol files by a fontconfig file of the test's
own, as an agency's server would map them to its licensed fonts."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from govoa.documents.rendering import fonts
from govoa.documents.rendering.docx import render_docx
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.tests import samples
from govoa.documents.tests.geometry import TYPE_RIGHT, Line, Page, body_lines, read

CHAR = 156 / 28

SOFFICE = os.environ.get("GOVOA_SOFFICE") or shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    not SOFFICE,
    reason="LibreOffice（soffice）未安装：scripts/ensure-libreoffice 可安装它",
)

FAMILIES = {  # official name → the Fandol family that stands in for it
    "仿宋_GB2312": "FandolFang",
    "方正小标宋简体": "FandolSong",
    "黑体": "FandolHei",
    "楷体_GB2312": "FandolKai",
    "宋体": "FandolSong",
}
DOCUMENTS = {
    "通知": samples.sample_notice(pages=4),
    "请示": samples.sample_request(),
    "纪要": samples.sample_minutes(),
}


def _fontconfig(directory: Path) -> Path:
    aliases = "".join(
        f'<alias binding="same"><family>{official}</family>'
        f"<prefer><family>{family}</family></prefer></alias>\n"
        for official, family in FAMILIES.items()
    )
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<dir>{fonts.font_dir().resolve()}</dir>\n<cachedir>{directory}/cache</cachedir>\n"
        f"{aliases}</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, list[Page]]:
    """Each document's DOCX as LibreOffice prints it (one soffice run for all)."""
    directory = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for name, doc in DOCUMENTS.items():
        source = directory / f"{name}.docx"
        source.write_bytes(render_docx(doc))
        sources.append(str(source))
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(directory)), "HOME": str(directory)}
    command = [
        str(SOFFICE),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(directory / 'profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(directory),
        *sources,
    ]
    # The command is ours: the soffice found above and files this fixture wrote.
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)  # noqa: S603
    return {name: read((directory / f"{name}.pdf").read_bytes()) for name in DOCUMENTS}


def _text_pages(pages: list[Page]) -> int:
    """The last page that carries 三号 text outside the 版记 (the PDF may move the 版记 to
    a page of its own, which Word's layout cannot be told to do)."""
    return max(p.number for p in pages if any(line.size == 16.0 for line in p.body))


def _full_chinese_lines(pages: list[Page]) -> list[Line]:
    """Full lines (ending on the 版心's right edge) of 三号 Chinese text only, without a
    half-width character (whose width and spacing differ between the applications), and
    not followed by a number that was kept whole on the next line."""
    lines = body_lines(pages)
    return [
        line
        for line, after in zip(lines, [*lines[1:], None], strict=True)
        if line.x1 > TYPE_RIGHT - 1.5
        and not any(char.isascii() for char in line.plain)
        and not (after and after.plain[:1].isascii())
    ]


def _room(line: Line) -> int:
    """How many characters the 28-字 grid has from where the line starts (28 顶格, 26 after
    a paragraph's 2-字 indent)."""
    return round((TYPE_RIGHT - line.x0) / CHAR)


@pytest.fixture(scope="module")
def ours() -> dict[str, list[Page]]:
    return {name: read(render_pdf(doc)) for name, doc in DOCUMENTS.items()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_sets_28_characters_a_line(converted, ours, name):
    """A full line holds what the grid has room for (one less where 避头尾 pushed a
    character down), as in the PDF. (LibreOffice widens the gap between Chinese and digits
    whatever the DOCX says, so lines with digits, and the breaks after them, may differ.)"""
    for pages in (converted[name], ours[name]):
        lines = _full_chinese_lines(pages)
        assert lines, f"{name}: no full line to compare"
        assert all(_room(line) - 1 <= len(line.plain) <= _room(line) for line in lines), [
            (len(line.plain), _room(line), line.plain) for line in lines
        ]
        assert sum(len(line.plain) == _room(line) for line in lines) > len(lines) // 2


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_needs_as_many_pages_as_the_pdf(converted, ours, name):
    assert _text_pages(converted[name]) == _text_pages(ours[name])
    for line in body_lines(converted[name]):
        assert line.x1 <= TYPE_RIGHT + 0.5, line.text  # nothing past the 版心
