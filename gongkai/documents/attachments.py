"""Check uploaded attachments by their content, and extract their text for search.

No Django here. The file name only says what the uploader claims; the bytes decide, because a
renamed HTML page or executable must never be published behind a ".pdf" link.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO
from xml.etree import ElementTree

import docx
import openpyxl
import pypdf
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from gongkai.core.errors import GongkaiError
from gongkai.documents.cleaning import clean_text

logger = logging.getLogger(__name__)


class AttachmentKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    OFD = "ofd"


ALLOWED_EXTENSIONS = {f".{kind}": kind for kind in AttachmentKind}  # .pdf .docx .xlsx .ofd
# How each kind is named to the user in the "does not match its extension" message.
KIND_LABELS = {
    AttachmentKind.PDF: "PDF 文件",
    AttachmentKind.DOCX: "Word 文档",
    AttachmentKind.XLSX: "Excel 表格",
    AttachmentKind.OFD: "OFD 文件",
}

MB = 1024 * 1024
# Declared sizes are a sound bound: zipfile never inflates a member past its declared size.
MAX_UNZIPPED_BYTES = 500 * MB
MAX_ZIP_MEMBERS = 10_000

UNSUPPORTED_TYPE = "不支持的文件类型：只接受 PDF、DOCX、XLSX、OFD 文件"
MISMATCH_TEMPLATE = "文件内容与扩展名不符：{filename} 实际不是 {label}"
EMPTY = "文件为空"
TOO_LARGE_TEMPLATE = "文件过大（上限 {limit}）"
CORRUPT = "文件已损坏，无法读取"
SUSPICIOUS_ZIP = "文件解压后体积异常，疑似恶意文件，已拒绝"
ENCRYPTED = "文件已加密，需要密码才能打开，请上传未加密的文件"

_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_SIGNATURES = {
    AttachmentKind.DOCX: ("[Content_Types].xml", "word/document.xml"),
    AttachmentKind.XLSX: ("[Content_Types].xml", "xl/workbook.xml"),
    AttachmentKind.OFD: ("OFD.xml",),
}


class AttachmentRejected(GongkaiError):
    """An upload refused; `message` is Chinese, shown to the uploader as is."""


def too_large_message(max_bytes: int) -> str:
    limit = f"{max_bytes / MB:g} MB" if max_bytes >= MB else f"{max_bytes} 字节"
    return TOO_LARGE_TEMPLATE.format(limit=limit)


@contextlib.contextmanager
def _stream(data: bytes | BinaryIO) -> Iterator[BinaryIO]:
    """A stream at offset 0 (files must be seekable, as Django's uploads are); a caller's file
    gets its position back afterwards, so checking an upload does not disturb saving it."""
    if isinstance(data, bytes | bytearray | memoryview):
        yield io.BytesIO(data)
        return
    position = data.tell()
    try:
        data.seek(0)
        yield data
    finally:
        data.seek(position)


def _zip_members(stream: BinaryIO) -> list[zipfile.ZipInfo] | None:
    """Members of a file that starts as a zip; None if it does not, or will not open. Requiring
    the magic at offset 0 refuses self-extracting EXEs and HTML pages with a zip appended."""
    stream.seek(0)
    try:
        if stream.read(4) == _ZIP_MAGIC:
            with zipfile.ZipFile(stream) as archive:
                return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass
    finally:
        stream.seek(0)
    return None


def _too_big(members: list[zipfile.ZipInfo]) -> bool:
    total = sum(member.file_size for member in members)
    return len(members) > MAX_ZIP_MEMBERS or total > MAX_UNZIPPED_BYTES


def sniff_kind(data: bytes | BinaryIO) -> AttachmentKind | None:
    """What the bytes are, ignoring any file name."""
    with _stream(data) as stream:
        if stream.read(5) == b"%PDF-":
            return AttachmentKind.PDF
        names = {member.filename for member in _zip_members(stream) or ()}
    for kind, required in _ZIP_SIGNATURES.items():
        if all(name in names for name in required):
            return kind
    return None


def check_attachment(
    filename: str, data: bytes | BinaryIO, *, max_bytes: int = 100 * MB
) -> AttachmentKind:
    """Return the kind of an acceptable upload, or raise AttachmentRejected saying why not."""
    # Browsers on Windows may send a full path; only the last part is the name.
    name = PureWindowsPath(PurePosixPath(filename).name).name
    expected = ALLOWED_EXTENSIONS.get(PurePosixPath(name.lower()).suffix)
    if expected is None:
        raise AttachmentRejected(UNSUPPORTED_TYPE)
    with _stream(data) as stream:
        size = stream.seek(0, io.SEEK_END)
        if size == 0:
            raise AttachmentRejected(EMPTY)
        if size > max_bytes:
            raise AttachmentRejected(too_large_message(max_bytes))
        kind = sniff_kind(stream)
        if kind is None and expected is not AttachmentKind.PDF:
            stream.seek(0)
            if stream.read(4) == _ZIP_MAGIC and _zip_members(stream) is None:
                raise AttachmentRejected(CORRUPT)  # claims to be a zip but will not open
        if kind is not expected:
            label = KIND_LABELS[expected]
            raise AttachmentRejected(MISMATCH_TEMPLATE.format(filename=name, label=label))
        _check_readable(stream, kind)
    return kind


def _check_readable(stream: BinaryIO, kind: AttachmentKind) -> None:
    """Open it as the indexer and citizens' viewers will: find damage at upload, not later."""
    try:
        if kind is AttachmentKind.PDF:
            reader = pypdf.PdfReader(stream)
            if reader.is_encrypted and not reader.decrypt(""):
                raise AttachmentRejected(ENCRYPTED)  # a user password: the public cannot open it
            if len(reader.pages) == 0:
                raise AttachmentRejected(CORRUPT)
            return
        if _too_big(_zip_members(stream)):
            raise AttachmentRejected(SUSPICIOUS_ZIP)
        with zipfile.ZipFile(stream) as archive:
            # Inflates every member once (bounded above) to catch damaged data via the CRCs.
            if archive.testzip() is not None:
                raise AttachmentRejected(CORRUPT)
            if kind is AttachmentKind.OFD:
                ElementTree.fromstring(archive.read("OFD.xml"))
        stream.seek(0)
        if kind is AttachmentKind.DOCX:
            docx.Document(stream)
        elif kind is AttachmentKind.XLSX:
            _open_workbook(stream).close()
    except AttachmentRejected:
        raise
    except pypdf.errors.DependencyError:
        # AES-encrypted (usually "owner password only", common for official PDFs) while the
        # optional `cryptography` package is missing: the file is fine, we just cannot read it.
        logger.warning("accepting an AES-encrypted PDF whose text cannot be extracted")
    except Exception as error:
        raise AttachmentRejected(CORRUPT) from error


def extract_text(
    data: bytes | BinaryIO, kind: AttachmentKind, *, max_chars: int = 2_000_000
) -> str:
    """Plain text for the search index, cleaned by `cleaning.clean_text` (PDF and OFD lines joined
    into paragraphs); "" when nothing can be read. Never raises, because a damaged attachment
    must not stop the publication it belongs to from being indexed."""
    collected = 0
    parts: list[str] = []
    try:
        kind = AttachmentKind(kind)
        with _stream(data) as stream:
            if kind is not AttachmentKind.PDF and _too_big(_zip_members(stream) or []):
                return ""
            for piece in _EXTRACTORS[kind](stream):
                parts.append(_normalise(piece))
                collected += len(parts[-1]) + 1
                if collected > max_chars:  # stop reading a huge file once we have enough
                    break
    except Exception:
        logger.warning("could not extract text from a %s attachment", kind, exc_info=True)
        return ""
    # Printed pages (PDF, OFD) come as one line per printed line; DOCX and XLSX as paragraphs.
    wrapped = kind in (AttachmentKind.PDF, AttachmentKind.OFD)
    return clean_text("\n".join(parts), wrapped=wrapped)[:max_chars]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # PostgreSQL text cannot hold NUL


def _normalise(piece: str) -> str:
    """A piece as read, without control characters (its length bounds the reading)."""
    return _CONTROL.sub("", piece.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))


def _pdf_text(stream: BinaryIO) -> Iterator[str]:
    for number, page in enumerate(pypdf.PdfReader(stream).pages, start=1):
        try:
            yield page.extract_text()
        except Exception:  # one broken page should not hide the rest of the document
            logger.warning("skipping unreadable PDF page %d", number, exc_info=True)


def _docx_text(stream: BinaryIO) -> Iterator[str]:
    document = docx.Document(stream)
    yield from _docx_blocks(document.element.body, document)


def _docx_blocks(element, parent) -> Iterator[str]:
    """Paragraphs and tables in reading order; a table row becomes one tab-separated line."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = ["\n".join(_docx_blocks(tc, parent)) for tc in row.iterchildren(qn("w:tc"))]
                yield "\t".join(filter(str.strip, cells))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent")):  # content controls wrap text
            yield from _docx_blocks(child, parent)


def _open_workbook(stream: BinaryIO):
    with warnings.catch_warnings():  # openpyxl warns about harmless styling quirks
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(stream, read_only=True, data_only=True)


def _xlsx_text(stream: BinaryIO) -> Iterator[str]:
    workbook = _open_workbook(stream)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                line = "\t".join(filter(str.strip, (_cell_text(v) for v in row if v is not None)))
                if line:
                    yield line
            yield ""
    finally:
        workbook.close()


def _cell_text(value) -> str:
    # Excel stores every number as a float; "2024" should not be indexed as "2024.0".
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _ofd_text(stream: BinaryIO) -> Iterator[str]:
    """Every Content.xml: the pages (Doc_0/Pages/Page_N/), and templates, which add a header."""
    with zipfile.ZipFile(stream) as archive:
        pages = [name for name in archive.namelist() if name.endswith("Content.xml")]
        for name in sorted(pages, key=lambda name: (len(name), name)):  # Page_9 before Page_10
            yield _ofd_page_text(ElementTree.fromstring(archive.read(name)))


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]  # OFD producers differ in namespace prefixes


def _ofd_page_text(content) -> str:
    """Join TextCode runs that share a baseline; start a new line when the baseline moves."""
    text, baseline = "", None
    for text_object in (e for e in content.iter() if _local(e) == "TextObject"):
        top = float((text_object.get("Boundary") or "0 0").split()[1])  # Boundary: "x y w h"
        for code in (e for e in text_object if _local(e) == "TextCode"):
            y = round(top + float(code.get("Y") or 0), 1)
            text += ("" if y == baseline else "\n") + (code.text or "")
            baseline = y
    return text


_EXTRACTORS = {
    AttachmentKind.PDF: _pdf_text,
    AttachmentKind.DOCX: _docx_text,
    AttachmentKind.XLSX: _xlsx_text,
    AttachmentKind.OFD: _ofd_text,
}
