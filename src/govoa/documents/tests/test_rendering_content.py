"""What the PDF and DOCX renderers both lay out: the signature block and the 版记."""

from dataclasses import replace

from govoa.documents.rendering import content
from govoa.documents.rendering import geometry as g
from govoa.documents.tests import samples


def test_the_signature_block_of_a_sealed_document_centres_the_name_over_the_date():
    doc = samples.sample_notice(pages=1)
    block = content.signature_block(doc)
    assert block is not None
    layout = g.signature_layout(tuple(s.name for s in doc.signatories), doc.date, sealed=True)
    assert (block.order, block.post, block.blank_lines) == (False, "", layout.blank_lines)
    assert [(line.text, line.left) for line in block.names] == [
        (s.name, left) for s, left in zip(doc.signatories, layout.names_left, strict=True)
    ]
    assert block.date == content.SignatureLine(doc.date, layout.date_left)


def test_an_order_is_signed_by_its_signer_with_the_post_before_the_name():
    doc = samples.sample_order()
    layout = g.order_signature_layout("刘某某", "市长", doc.date)
    block = content.signature_block(doc)
    assert block == content.SignatureBlock(
        blank_lines=layout.blank_lines,
        order=True,
        names=(content.SignatureLine("刘某某", layout.names_left[0]),),
        post="市长",
        date=content.SignatureLine(doc.date, layout.date_left),
    )
    without_post = content.signature_block(replace(doc, extra={}))
    assert without_post is not None
    assert without_post.names[0].left == layout.names_left[1]


def test_nothing_to_sign_gives_no_signature_block():
    doc = replace(samples.sample_notice(pages=1), signatories=(), date="")
    assert content.signature_block(doc) is None
    dated = content.signature_block(replace(doc, date="2026年11月23日"))
    assert dated is not None
    assert dated.names == ()


def test_the_colophon_holds_cc_and_the_print_line_but_a_letter_has_no_print_line():
    doc = replace(
        samples.sample_notice(pages=1),
        cc=("市人民政府办公室", "市财政局"),
        printer="某办公室",
        print_date="2026年11月23日",
    )
    assert content.colophon(doc) == content.Colophon(
        cc="市人民政府办公室，市财政局。",
        print_line=True,
        printer="某办公室",
        issued="2026年11月23日印发",
    )
    letter = replace(samples.sample_letter(), printer="某办公室", print_date="2026年11月23日")
    assert content.colophon(letter) == content.Colophon(
        cc=content.cc_text(letter),
        print_line=False,
        printer="某办公室",
        issued="2026年11月23日印发",
    )
    assert content.colophon(replace(letter, cc=())) is None
    assert content.colophon(replace(doc, cc=(), print_date="")) == content.Colophon(
        cc="", print_line=True, printer="某办公室", issued=""
    )
