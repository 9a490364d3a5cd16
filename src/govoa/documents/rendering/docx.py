"""DOCX per GB/T 9704-2012 with python-docx: the same structure as the PDF, for offices that
edit or print from Word/WPS. Fonts are named by their official names (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体_GB2312, 宋体) on every run, East Asian slot included."""

import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from govoa.core.text import xml_safe
from govoa.documents.rendering import content, ooxml
from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.fonts import DOCX_NAMES
from govoa.documents.structure import Layout, OfficialDocument, Paragraph

RED = RGBColor(0xFF, 0x00, 0x00)
HEADING_FACES = {"1": "黑体", "2": "楷体"}


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as a DOCX with the layout of GB/T 9704-2012 (A4, 37/35/28/26 mm)."""
    writer = _Writer(doc)
    writer.write()
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, doc: OfficialDocument):
        self.doc = doc
        self.document = Document()
        # The 版头 hangs from the mark, which is off the grid: its paragraphs keep their own
        # line spacing instead of snapping to the next grid line (LibreOffice would).
        self._snap = True
        self._setup()

    # ---- page, defaults, footers -------------------------------------------------------
    def _setup(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(g.PAGE_WIDTH), Mm(g.PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(g.MARGIN_TOP), Mm(g.MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Mm(g.MARGIN_LEFT), Mm(g.MARGIN_RIGHT)
        # The page number's top stands 7 mm below the 版心; Word measures the footer's bottom.
        section.footer_distance = Mm(g.MARGIN_BOTTOM - g.PAGE_NUMBER_GAP - g.SIZE_4 * g.PT)
        ooxml.document_grid(section)
        ooxml.set_default_fonts(self.document, DOCX_NAMES["仿宋"])

        normal = self.document.styles["Normal"]
        normal.font.size = Pt(g.SIZE_3)
        ooxml.set_fonts(normal.element.get_or_add_rPr(), DOCX_NAMES["仿宋"])
        ooxml.character_spacing(normal.element.get_or_add_rPr(), ooxml.GRID_SPACING)
        ooxml.no_autospace(normal.element.get_or_add_pPr())
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Mm(g.LINE)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False  # orphans/widows of one line keep the 22-line grid

        self.document.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
        if self.doc.layout == Layout.LETTER:
            section.different_first_page_header_footer = True
            section.header_distance = Mm(g.LETTER_MARK_TOP + g.MARGIN_TOP)

    def _page_number(self, paragraph: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
        """`— N —` in 4号 宋体, one character in from the outer edge (odd right, even left)."""
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(g.SIZE_4)
        else:
            fmt.left_indent = Pt(g.SIZE_4)
        self._run(paragraph, "— ", "宋体", g.SIZE_4)
        ooxml.page_field([self._run(paragraph, "", "宋体", g.SIZE_4) for _ in range(4)])
        self._run(paragraph, " —", "宋体", g.SIZE_4)

    # ---- helpers ----------------------------------------------------------------------
    def _run(
        self,
        paragraph: DocxParagraph,
        text: str,
        family: str,
        size: float = g.SIZE_3,
        color: RGBColor | None = None,
    ) -> Run:
        run = paragraph.add_run(xml_safe(text))
        run.font.size = Pt(size)
        ooxml.set_fonts(run._r.get_or_add_rPr(), DOCX_NAMES[family])
        if size != g.SIZE_3:  # the grid's spacing is for 三号 text only
            ooxml.character_spacing(run._r.get_or_add_rPr(), 0)
        if color is not None:
            run.font.color.rgb = color
        return run

    def _para(
        self,
        text: str = "",
        family: str = "仿宋",
        *,
        indent_chars: float = 0,
        left_chars: float = 0,
        align: WD_ALIGN_PARAGRAPH | None = None,
        size: float = g.SIZE_3,
        color: RGBColor | None = None,
    ) -> DocxParagraph:
        paragraph = self.document.add_paragraph()
        # Direct, not only in the style: LibreOffice reads the paragraph's own setting.
        ooxml.no_autospace(paragraph._p.get_or_add_pPr())
        if not self._snap:
            ooxml.paragraph_flag(paragraph._p.get_or_add_pPr(), "w:snapToGrid", False)
        if align is not None:
            paragraph.alignment = align
        if left_chars:
            paragraph.paragraph_format.left_indent = Mm(left_chars * g.CHAR)
        if indent_chars:
            ooxml.first_line_chars(paragraph, indent_chars)
        if text:
            self._run(paragraph, text, family, size, color)
        return paragraph

    def _blank(self, lines: int = 1) -> None:
        for _ in range(lines):
            self._para()

    # ---- the document -----------------------------------------------------------------
    def write(self) -> None:
        doc = self.doc
        self._snap = False
        if doc.layout == Layout.LETTER:
            self._letter_header()
        else:
            self._header()
        self._snap = True
        if doc.title:
            self._blank(2)
            title = self._para(align=WD_ALIGN_PARAGRAPH.CENTER)
            for index, line in enumerate(content.title_lines(doc)):
                if index:
                    title.runs[-1].add_break()
                self._run(title, line, "小标宋", g.SIZE_2)
        elif doc.layout == Layout.ORDER:
            self._blank(2)  # 令号下空二行编排正文
        if doc.recipients or doc.title:
            self._blank()  # 标题下空一行
        if doc.recipients:
            self._para(content.recipients_text(doc), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        self._paragraphs(doc.body)
        notes = content.attachment_notes(doc) if doc.attachments else []
        if notes:
            self._blank()
        for note in notes:
            # 附件：1. 名称 — later numbers under the first, wrapped lines under the name.
            number = 1 if note["number"] else 0
            paragraph = self._para(left_chars=5 + number, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            ooxml.first_line_chars(paragraph, -(3 + number) if note["label"] else -number)
            self._run(paragraph, f"{note['label']}{note['number']}{note['name']}", "仿宋")
        self._attendance()
        self._signature()
        if doc.note:
            self._para(content.note_text(doc), indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        for page in content.attachment_pages(doc):
            self._para(str(page["label"]), "黑体").paragraph_format.page_break_before = True
            self._blank()
            self._para(str(page["title"]), "小标宋", align=WD_ALIGN_PARAGRAPH.CENTER, size=g.SIZE_2)
            self._blank()
            self._parts(page["body"])  # type: ignore[arg-type]
        self._colophon()

    def _header(self) -> None:
        doc = self.doc
        header = g.header_geometry(doc)
        corner = [i for i in header.items if i.kind in ("copy_number", "classification", "urgency")]
        for item in corner:
            self._para(item.text, "仿宋" if item.kind == "copy_number" else "黑体")
        mark = header.item("mark")
        if len(doc.issuer_names) > 1:
            self._joint_mark([i for i in header.items if i.kind == "mark"], len(corner))
        elif mark:
            paragraph = self._para(
                mark.text, "小标宋", align=WD_ALIGN_PARAGRAPH.CENTER, size=mark.size, color=RED
            )
            fmt = paragraph.paragraph_format  # a 1.2 line: Word clips a line of exactly 1 em
            fmt.space_before = Mm(max(mark.top - len(corner) * g.LINE - 0.1 * mark.size * g.PT, 0))
            fmt.line_spacing = Pt(1.2 * mark.size)
        last = None
        if doc.layout == Layout.STANDARD and doc.upward:
            last = self._signer_lines()
        elif doc.doc_number:
            self._blank(2)
            last = self._para(doc.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
        if doc.layout != Layout.ORDER:
            if last is None:
                last = self._para()
            ooxml.paragraph_border(last, "bottom", "single", g.HEADER_RULE, space_mm=g.RULE_GAP)

    def _joint_mark(self, items: list[g.Item], corner: int) -> None:
        """The joint 发文机关标志 (7.2.4): a borderless table centred in the 版心, the names
        stacked in its first cell (lead first), “文件” in the second, centred vertically."""
        names, word = items[: len(self.doc.issuer_names)], items[len(self.doc.issuer_names) :]
        first = names[0]
        em = first.size * g.PT
        gap = first.top - corner * g.LINE
        if gap > 0:
            spacer = self._para()
            spacer.paragraph_format.line_spacing = Mm(gap)
        table = self.document.add_table(rows=1, cols=1 + len(word))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widest = max(g.text_width(n.text) for n in names) * em
        cells = table.rows[0].cells
        cells[0].width = Mm(widest + 1)
        for index, item in enumerate(names):
            paragraph = cells[0].paragraphs[0] if index == 0 else cells[0].add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(g.JOINT_PITCH * item.size)
            self._run(paragraph, item.text, "小标宋", item.size, RED)
        for item in word:
            cells[1].width = Mm(g.text_width(item.text) * em + g.JOINT_GAP * em)
            cells[1].vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = cells[1].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.line_spacing = Pt(g.JOINT_PITCH * item.size)
            self._run(paragraph, item.text, "小标宋", item.size, RED)

    def _signer_lines(self) -> DocxParagraph:
        """签发人 居右空一字, two names a line; 发文字号 居左空一字 on the last line."""
        self._blank(2)
        rows = g.signer_rows(self.doc.signers)
        row_width = g.text_width("签发人：") + max(
            sum(g.text_width(n) for n in row) + len(row) - 1 for row in rows
        )
        label_at = Mm((g.CHARS_PER_LINE - 1 - row_width) * g.CHAR)
        names_at = Mm((g.CHARS_PER_LINE - 1 - row_width + 4) * g.CHAR)
        paragraph = None
        for index, row in enumerate(rows):
            paragraph = self._para()
            stops = paragraph.paragraph_format.tab_stops
            stops.add_tab_stop(label_at)
            stops.add_tab_stop(names_at)
            if index == len(rows) - 1:
                self._run(paragraph, f"\u3000{self.doc.doc_number}", "仿宋")
            self._run(paragraph, "\t签发人：" if index == 0 else "\t\t", "仿宋")
            self._run(paragraph, "\u3000".join(row), "楷体")
        assert paragraph is not None
        return paragraph

    def _letter_header(self) -> None:
        """信函格式: the mark and the first double line in the first page's header, 30 mm
        from the paper's top; the second double line in its footer, 20 mm from the bottom."""
        doc = self.doc
        section = self.document.sections[0]
        head = section.first_page_header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = g.mark_size(doc.issuer_mark)
        head.paragraph_format.line_spacing = Pt(1.2 * size)
        self._run(head, doc.issuer_mark, "小标宋", size, RED)
        ooxml.widen(head)
        ooxml.paragraph_border(
            head, "bottom", "thickThinSmallGap", g.LETTER_RULE_HEIGHT, space_mm=g.RULE_GAP
        )
        foot = section.first_page_footer.paragraphs[0]
        foot.paragraph_format.line_spacing = Pt(1)
        ooxml.widen(foot)
        ooxml.paragraph_border(foot, "top", "thickThinSmallGap", g.LETTER_RULE_HEIGHT)
        section.first_page_footer.is_linked_to_previous = False
        # Footer distance is one per section, set for the page numbers; so Word puts this
        # double line about 3 mm higher than the PDF's 20 mm.
        first = True
        for kind, text in g.corner_lines(doc) or [("", "")]:
            paragraph = self._para(text, "仿宋" if kind in ("copy_number", "") else "黑体")
            if first and doc.doc_number:  # 发文字号 flush right on the same line
                paragraph.paragraph_format.tab_stops.add_tab_stop(
                    Mm(g.TYPE_WIDTH), WD_TAB_ALIGNMENT.RIGHT
                )
                self._run(paragraph, f"\t{doc.doc_number}", "仿宋")
            first = False

    def _paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> None:
        self._parts([content.paragraph_parts(p) for p in paragraphs])

    def _parts(self, paragraphs: list[dict[str, str]]) -> None:
        for parts in paragraphs:
            out = self._para(indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)  # 两端对齐
            if parts["head"]:
                self._run(out, parts["head"], HEADING_FACES.get(parts["level"], "仿宋"))
            if parts["rest"]:
                self._run(out, parts["rest"], "仿宋")

    def _attendance(self) -> None:
        rows = content.attendance_rows(self.doc)
        if rows:
            self._blank()
        for row in rows:
            paragraph = self._para(left_chars=5, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            ooxml.first_line_chars(paragraph, -3)
            self._run(paragraph, row["label"], "黑体")
            self._run(paragraph, row["names"], "仿宋")

    def _signature(self) -> None:
        block = content.signature_block(self.doc)
        if block is None:
            return
        self._blank(block.blank_lines)
        if block.order:
            [name] = block.names
            paragraph = self._para(left_chars=name.left)
            if block.post:
                self._run(paragraph, f"{block.post}\u3000\u3000", "仿宋")
            self._run(paragraph, name.text, "楷体")
        elif block.rows:
            # 联合行文 with seals: each row of 署名 on tab stops under its seals' columns.
            for index, row in enumerate(block.rows):
                if index:
                    self._blank(block.row_lines - 1)
                paragraph = self._para()
                for line in row:
                    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(line.left * g.CHAR))
                self._run(paragraph, "".join(f"\t{line.text}" for line in row), "仿宋")
                paragraph.paragraph_format.keep_with_next = True
        else:
            for line in block.names:
                self._para(line.text, left_chars=line.left).paragraph_format.keep_with_next = True
        if block.date:
            if block.order:
                self._blank()  # 命令格式: 空一行 before the date
            self._para(block.date.text, left_chars=block.date.left)

    def _colophon(self) -> None:
        """版记: a table floating at the bottom of the last page's 版心."""
        colophon = content.colophon(self.doc)
        if colophon is None:
            return
        letter = self.doc.layout == Layout.LETTER
        rows: list[list[str]] = []
        if colophon.cc:
            rows.append(["抄送：" + colophon.cc])
        if colophon.print_line:
            rows.append([colophon.printer, colophon.issued])
        table = self.document.add_table(rows=len(rows), cols=2)
        ooxml.float_at_bottom(table)
        for index, values in enumerate(rows):
            row = table.rows[index]
            row.height, row.height_rule = Mm(g.LINE), WD_ROW_HEIGHT_RULE.AT_LEAST
            cells = row.cells
            if len(values) == 1:
                cells = [cells[0].merge(cells[1])]
            for cell, value in zip(cells, values, strict=True):
                paragraph = cell.paragraphs[0]
                ooxml.no_autospace(paragraph._p.get_or_add_pPr())
                fmt = paragraph.paragraph_format
                fmt.left_indent = fmt.right_indent = Pt(g.SIZE_4)
                if value.startswith("抄送："):  # 回行与冒号后首字对齐
                    fmt.left_indent = Pt(4 * g.SIZE_4)
                    fmt.first_line_indent = Pt(-3 * g.SIZE_4)
                if cell is not cells[0]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._run(paragraph, value, "仿宋", g.SIZE_4)
            if not letter:  # thick first and last rules, thin between (7.4.1)
                for cell in {id(c._tc): c for c in row.cells}.values():  # merged: once
                    ooxml.cell_border(
                        cell, "top", g.COLOPHON_THICK if index == 0 else g.COLOPHON_THIN
                    )
                    if index == len(rows) - 1:
                        ooxml.cell_border(cell, "bottom", g.COLOPHON_THICK)
