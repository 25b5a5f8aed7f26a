"""Attachments are judged by their bytes, and their text is extracted for search."""

import importlib.util
import io

import pypdf
import pytest

from gongkai.documents import attachments
from gongkai.documents.attachments import (
    ALLOWED_EXTENSIONS,
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    MB,
    MISMATCH_TEMPLATE,
    SUSPICIOUS_ZIP,
    UNSUPPORTED_TYPE,
    AttachmentKind,
    AttachmentRejected,
    check_attachment,
    extract_text,
    sniff_kind,
    too_large_message,
)
from gongkai.documents.tests.fixtures import samples
from gongkai.documents.tests.fixtures.samples import PHRASE

PDF, DOCX, XLSX, OFD = AttachmentKind

HTML = b"<!DOCTYPE html><html><head><title>\xe9\x80\x9a\xe7\x9f\xa5</title></head></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"This program cannot be run in DOS"


def good(kind: AttachmentKind) -> bytes:
    builders = {
        PDF: samples.pdf_bytes,
        DOCX: samples.docx_bytes,
        XLSX: samples.xlsx_bytes,
        OFD: samples.ofd_bytes,
    }
    return builders[kind]()


def mismatch(filename: str, kind: AttachmentKind) -> str:
    return MISMATCH_TEMPLATE.format(filename=filename, label=attachments.KIND_LABELS[kind])


def rejection(filename: str, data: bytes, **options) -> str:
    with pytest.raises(AttachmentRejected) as caught:
        check_attachment(filename, data, **options)
    return caught.value.message


def user_password_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(samples.PDF_PATH))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_user_facing_messages_read_as_agreed():
    assert UNSUPPORTED_TYPE == "不支持的文件类型：只接受 PDF、DOCX、XLSX、OFD 文件"
    assert mismatch("通知.docx", DOCX) == "文件内容与扩展名不符：通知.docx 实际不是 Word 文档"
    assert EMPTY == "文件为空"
    assert too_large_message(100 * MB) == "文件过大（上限 100 MB）"
    assert CORRUPT == "文件已损坏，无法读取"


def test_the_allowed_extensions_are_the_four_kinds():
    assert ALLOWED_EXTENSIONS == {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".ofd": OFD}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(lambda: good(PDF), PDF, id="pdf"),
        pytest.param(lambda: good(DOCX), DOCX, id="docx"),
        pytest.param(lambda: good(XLSX), XLSX, id="xlsx"),
        pytest.param(lambda: good(OFD), OFD, id="ofd"),
        pytest.param(lambda: HTML, None, id="html"),
        pytest.param(lambda: EXE, None, id="exe"),
        pytest.param(lambda: b"", None, id="empty"),
        pytest.param(lambda: samples.zip_bytes({"readme.txt": "你好"}), None, id="plain-zip"),
        pytest.param(lambda: EXE + good(DOCX), None, id="docx-behind-exe-stub"),
    ],
)
def test_it_tells_the_kind_from_the_content_alone(data, expected):
    assert sniff_kind(data()) is expected
    assert sniff_kind(io.BytesIO(data())) is expected


@pytest.mark.parametrize("kind", list(AttachmentKind))
def test_it_accepts_a_real_file_of_each_kind(kind):
    assert check_attachment(f"政务公开通知.{kind}", good(kind)) is kind


@pytest.mark.parametrize(
    "filename",
    ["C:\\Users\\办公室\\通知.PDF", "/home/user/通知.Pdf", "a.b.c.pdf"],
)
def test_it_judges_the_extension_of_the_last_path_part_in_any_case(filename):
    assert check_attachment(filename, good(PDF)) is PDF


def test_it_accepts_an_aes_encrypted_pdf_that_anyone_can_open():
    data = samples.AES_PDF_PATH.read_bytes()
    assert check_attachment("通知.pdf", data) is PDF
    # Decrypting AES needs the optional `cryptography` package; without it the text is lost.
    has_cryptography = importlib.util.find_spec("cryptography") is not None
    assert (PHRASE in extract_text(data, PDF)) is has_cryptography


def test_it_leaves_an_uploaded_files_position_where_it_was():
    upload = io.BytesIO(good(DOCX))
    upload.seek(7)
    assert check_attachment("通知.docx", upload) is DOCX
    assert PHRASE in extract_text(upload, DOCX)
    assert upload.tell() == 7


def case(id: str, filename: str, data, message: str):
    return pytest.param(filename, data, message, id=id)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        case("legacy-doc", "通知.doc", lambda: good(DOCX), UNSUPPORTED_TYPE),
        case("exe", "setup.exe", lambda: EXE, UNSUPPORTED_TYPE),
        case("no-extension", "通知", lambda: good(PDF), UNSUPPORTED_TYPE),
        case("empty", "通知.pdf", lambda: b"", EMPTY),
        case("html-as-pdf", "通知.pdf", lambda: HTML, mismatch("通知.pdf", PDF)),
        case("exe-as-pdf", "通知.pdf", lambda: EXE, mismatch("通知.pdf", PDF)),
        case("docx-as-pdf", "通知.pdf", lambda: good(DOCX), mismatch("通知.pdf", PDF)),
        case("xlsx-as-docx", "通知.docx", lambda: good(XLSX), mismatch("通知.docx", DOCX)),
        case("exe-stub-docx", "通知.docx", lambda: EXE + good(DOCX), mismatch("通知.docx", DOCX)),
        case(
            "plain-zip",
            "通知.docx",
            lambda: samples.zip_bytes({"a.txt": "x"}),
            mismatch("通知.docx", DOCX),
        ),
        case("docx-as-xlsx", "目录.xlsx", lambda: good(DOCX), mismatch("目录.xlsx", XLSX)),
        case("pdf-as-ofd", "公文.ofd", lambda: good(PDF), mismatch("公文.ofd", OFD)),
        case("pdf-garbage", "通知.pdf", lambda: b"%PDF-1.7\n" + b"garbage " * 50, CORRUPT),
        case("pdf-half", "通知.pdf", lambda: good(PDF)[: len(good(PDF)) // 2], CORRUPT),
        case("zip-truncated", "通知.docx", lambda: good(DOCX)[:-200], CORRUPT),
        case(
            "docx-bad-crc",
            "通知.docx",
            lambda: samples.with_flipped_byte(good(DOCX), "word/document.xml"),
            CORRUPT,
        ),
        case(
            "xlsx-bad-crc",
            "目录.xlsx",
            lambda: samples.with_flipped_byte(good(XLSX), "xl/workbook.xml"),
            CORRUPT,
        ),
        case(
            "ofd-bad-xml", "公文.ofd", lambda: samples.ofd_bytes(ofd_xml="<OFD><unclosed>"), CORRUPT
        ),
        case("pdf-password", "通知.pdf", user_password_pdf, ENCRYPTED),
    ],
)
def test_it_rejects_a_file_with_a_clear_message(filename, data, message):
    assert rejection(filename, data()) == message


def test_it_rejects_a_pdf_that_is_really_html():
    assert rejection("通知.pdf", HTML) == mismatch("通知.pdf", PDF)


def test_it_rejects_a_docx_that_is_really_a_renamed_xlsx():
    assert (
        rejection("通知.docx", good(XLSX)) == "文件内容与扩展名不符：通知.docx 实际不是 Word 文档"
    )


def test_it_rejects_a_file_over_the_size_limit_before_reading_it():
    data = b"%PDF-" + b"\0" * MB
    assert rejection("通知.pdf", data, max_bytes=MB) == too_large_message(MB)
    assert too_large_message(MB) == "文件过大（上限 1 MB）"


def test_it_rejects_a_zip_that_declares_a_huge_member():
    bomb = samples.with_declared_size(good(DOCX), "word/document.xml", 600 * MB)
    assert rejection("通知.docx", bomb) == SUSPICIOUS_ZIP
    assert extract_text(bomb, DOCX) == ""


def test_it_rejects_a_zip_that_really_inflates_past_the_limit(monkeypatch):
    bomb = samples.zip_bytes({"OFD.xml": "<OFD/>", "Doc_0/zeros.bin": b"\0" * (2 * MB)})
    assert len(bomb) < 20_000
    monkeypatch.setattr(attachments, "MAX_UNZIPPED_BYTES", MB)
    assert rejection("公文.ofd", bomb) == SUSPICIOUS_ZIP


def test_it_rejects_a_zip_with_too_many_members(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ZIP_MEMBERS", 3)  # the sample has 4
    assert rejection("公文.ofd", good(OFD)) == SUSPICIOUS_ZIP


@pytest.mark.parametrize("kind", list(AttachmentKind))
def test_it_extracts_the_chinese_text_of_each_kind(kind):
    assert PHRASE in extract_text(good(kind), kind)


def test_it_reads_a_word_document_in_order_with_table_rows_as_tab_separated_lines():
    text = extract_text(good(DOCX), DOCX)
    assert text.splitlines() == [
        "关于做好政务公开工作的通知",
        f"根据{PHRASE}，行政机关应当主动公开下列信息。",
        "序号\t公开事项",
        "1\t机构职能",
        "附件：政府信息公开目录",
    ]


def test_it_reads_every_non_empty_spreadsheet_cell_under_its_sheet_name():
    assert extract_text(good(XLSX), XLSX) == (
        f"公开目录\n序号\t依据\t年度\n1\t{PHRASE}\t2024\n备注\n\n附表\n主动公开"
    )


def test_it_reads_ofd_pages_in_order_joining_runs_on_one_baseline():
    assert extract_text(good(OFD), OFD) == (
        f"关于做好政务公开工作的通知\n根据{PHRASE}，\n第二页：政府信息公开目录"
    )


def test_it_reads_the_pdf_text_that_an_embedded_cjk_font_maps_to_unicode():
    text = extract_text(good(PDF), PDF)
    assert f"根据{PHRASE}，行政机关应当主动公开下列信息。" in text.splitlines()


def test_it_collapses_runs_of_spaces_but_keeps_line_breaks():
    data = samples.docx_bytes("公开  \u3000\u3000 目录  ", "", "", "", "结束")
    assert extract_text(data, DOCX).endswith("附件：政府信息公开目录\n公开 目录\n\n结束")


def test_it_drops_the_control_characters_a_pdf_font_without_a_unicode_map_yields():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(samples.PDF_PATH))
    font = writer.pages[0]["/Resources"]["/Font"]["/F1"].get_object()
    del font["/ToUnicode"]
    out = io.BytesIO()
    writer.write(out)
    text = extract_text(out.getvalue(), PDF)
    assert PHRASE not in text
    assert not [char for char in text if ord(char) < 32 and char not in "\n\t"]


def test_it_cuts_the_text_at_the_limit():
    assert extract_text(good(DOCX), DOCX, max_chars=6) == "关于做好政务"


@pytest.mark.parametrize("kind", list(AttachmentKind))
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: b"", id="empty"),
        pytest.param(lambda: HTML, id="html"),
        pytest.param(lambda: EXE, id="exe"),
        pytest.param(lambda: b"%PDF-1.7\n" + b"garbage " * 50, id="broken-pdf"),
        pytest.param(lambda: good(DOCX)[:-200], id="truncated-zip"),
        pytest.param(lambda: samples.zip_bytes({"OFD.xml": "<broken"}), id="broken-xml"),
    ],
)
def test_it_returns_no_text_for_garbage_without_raising(kind, data):
    assert extract_text(data(), kind) == ""


@pytest.mark.parametrize(("data", "kind"), [(DOCX, PDF), (PDF, DOCX), (DOCX, XLSX), (XLSX, OFD)])
def test_it_returns_no_text_when_told_the_wrong_kind(data, kind):
    assert extract_text(good(data), kind) == ""
