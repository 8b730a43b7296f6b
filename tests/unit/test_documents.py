"""Official documents as PDF (ledger.exporters.document, pdf, fonts): the masthead, number, date,
seal line and page numbers; Chinese set in the project's own embedded font, rare name characters
included; a character the font lacks printed as 〓 and named; the same document, the same bytes."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from ledger.domain.enums import Gender
from ledger.exporters import Document, Figures, Heading, Issuer, Paragraph, Sheet, Text, render, render_document
from ledger.exporters import fonts
from ledger.exporters.sheet import columns

ISSUER = Issuer("青山县教育局", "Qingshan County Education Bureau")
RARE = ["刘䶮", "张龑", "王喆", "李𬌗", "陈𫖯", "欧阳𬘭"]  # Extension A, the Unified block, Extension B–E


def people(n: int) -> Sheet:
    cols = columns(("rank", "number"), "teacher_id", "name", ("gender", Gender), "school_name", context="due")
    rows = [{"rank": i + 1, "teacher_id": f"T{i:04d}", "name": RARE[i % len(RARE)],
             "gender": "female" if i % 2 else "male", "school_name": "石门教学点"} for i in range(n)]
    return Sheet("people", Text("交流人员名单", "Who rotates"), cols, rows)


def notice(rows: int = 6, **changes: Any) -> Document:
    fields: dict[str, Any] = dict(
        name="notice-2026", title=Text("关于2026学年教师交流轮岗人员的公示", "Public notice of the 2026 rotation"),
        issuer=ISSUER, issued=date(2026, 12, 3), number="青教人〔2026〕12号",
        blocks=(Heading(Text("一、公示名单", "1. The list")),
                Paragraph(Text("公示期为5个工作日。", "The notice runs for five working days.")),
                Figures(((Text("交流人数", "Teachers rotating"), rows),)), people(rows)))
    return Document(**{**fields, **changes})


def text_of(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_a_document_carries_its_issuer_number_title_figures_table_seal_and_date() -> None:
    file = render_document(notice(), "zh")
    assert (file.filename, file.media_type, file.missing) == ("notice-2026.pdf", "application/pdf", ())
    (page,) = text_of(file.content)
    for expected in ("青山县教育局", "青教人〔2026〕12号", "关于2026学年教师交流轮岗人员的公示", "一、公示名单",
                     "公示期为5个工作日。", "交流人数", "姓名", "（盖章）", "2026年12月3日", "第 1 页 共 1 页"):
        assert expected in page, expected
    assert all(name in page for name in RARE), "every rare name character reads back from the PDF"
    assert "Public notice" not in page


def test_the_english_and_the_bilingual_documents_read_in_their_languages() -> None:
    (english,) = text_of(render_document(notice(), "en").content)
    assert "Qingshan County Education Bureau" in english and "3 December 2026" in english
    assert "(seal)" in english and "Page 1 of 1" in english and "青山县教育局" not in english
    (both,) = text_of(render_document(notice(), "both").content)
    assert "青山县教育局 / Qingshan County Education Bureau" in both and "姓名 / Name" in both


def test_the_font_embedded_is_the_projects_own_as_truetype_outlines() -> None:
    reader = PdfReader(io.BytesIO(render_document(notice(), "zh").content))
    font = reader.pages[0]["/Resources"]["/Font"]
    (only,) = [f.get_object() for f in font.values()]
    assert only["/BaseFont"].endswith(f"+{fonts.FAMILY}"), "a subset of the project's font, not a system one"
    descendant = only["/DescendantFonts"][0].get_object()
    assert descendant["/Subtype"] == "/CIDFontType2" and only["/Encoding"] == "/Identity-H"
    assert "/FontFile2" in descendant["/FontDescriptor"], "the font program is embedded"
    assert fonts.font_path().is_relative_to(fonts.font_dir())


def test_the_font_covers_the_gb18030_ideographs_names_use() -> None:
    have = fonts.characters()
    unified = [c for c in range(0x4E00, 0x9FA6) if c not in have]  # GB 18030's Unified Ideographs
    extension_a = [c for c in range(0x3400, 0x4DB6) if c not in have]
    assert (unified, extension_a) == ([], [])
    assert fonts.missing("".join(RARE)) == []


def test_a_character_the_font_lacks_prints_as_a_geta_mark_and_is_named() -> None:
    lacking = "\U000201d4"  # 𠇔, Extension B, outside the 通用规范汉字表
    assert fonts.missing(f"赵{lacking}") == [lacking]
    document = notice(blocks=(Paragraph(f"赵{lacking}"),))
    file = render_document(document, "zh")
    assert file.missing == (lacking,)
    (page,) = text_of(file.content)
    assert "赵〓" in page


def test_the_same_document_gives_the_same_bytes() -> None:
    assert render_document(notice(), "zh").content == render_document(notice(), "zh").content
    assert render_document(notice(), "zh").content != render_document(notice(issued=date(2026, 12, 4)), "zh").content


def test_a_long_table_runs_over_pages_with_its_header_on_each_and_numbered_pages() -> None:
    pages = text_of(render_document(notice(rows=120), "zh").content)
    assert len(pages) >= 3
    assert all("姓名" in page for page in pages), "the header row repeats on every page"
    assert all(f"第 {i} 页 共 {len(pages)} 页" in page for i, page in enumerate(pages, 1))
    assert "T0119" in pages[-1] and "（盖章）" in pages[-1]


def test_a_sheet_prints_its_printed_columns_and_a_wide_one_goes_landscape() -> None:
    base = people(3)
    narrow = Sheet(base.name, base.title, base.columns, base.rows, printed=("teacher_id", "name"))
    file = render(narrow, "pdf", "zh", issuer=ISSUER, issued=date(2026, 12, 3))
    (page,) = text_of(file.content)
    assert "教师编号" in page and "性别" not in page and "（盖章）" not in page, "a sheet alone has no seal line"
    box = PdfReader(io.BytesIO(file.content)).pages[0].mediabox
    assert box.width < box.height
    wide_cols = columns(*(f"c{i}" for i in range(12)))
    wide = Sheet("wide", Text("宽表", "Wide"), wide_cols, [{f"c{i}": i for i in range(12)}])
    box = PdfReader(io.BytesIO(render(wide, "pdf", "zh", issuer=ISSUER).content)).pages[0].mediabox
    assert box.width > box.height


@pytest.mark.parametrize("value", [0, None])
def test_figures_show_zero_and_leave_none_blank(value: Any) -> None:
    document = notice(blocks=(Figures(((Text("骨干教师", "Backbone"), value),)),))
    (page,) = text_of(render_document(document, "zh").content)
    assert ("骨干教师 0" in page) == (value == 0)
