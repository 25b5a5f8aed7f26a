"""Letters and reports on paper: the fonts, the PDF and the Word helpers every app shares.

Fonts come with the platform's own install, not from the system: the PyPI package
`pylopdf-fonts-zh-cn` ships Noto Serif SC and Noto Sans SC (SIL Open Font License). A PDF is laid
out by WeasyPrint with those two faces only, under the family names `PDF_SONG` (the serif, for the
宋体 and 仿宋 roles of GB/T 9704) and `PDF_HEI` (the sans, for 黑体), so a bare server without any
CJK font makes the same file as a desktop.

A PDF whose Chinese would show as boxes is never written:
- before layout, every character of the text must be in the bundled faces (a private-use glyph of
  a government font, say); otherwise `PrintFontError` names the characters;
- after layout, every font embedded in the file must be a bundled one (WeasyPrint fell back to a
  system font for something); otherwise `PrintFontError` names the font.

Word files cannot carry the fonts; they name 宋体/仿宋/黑体 on every run with the East-Asian slot set,
as Chinese Word installations have them, with `docx_fonts`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from gongkai.core.errors import GongkaiError

PDF_SONG = "Gongkai Song"
PDF_HEI = "Gongkai Hei"
DOCX_LATIN_FONT = "Times New Roman"

MSG_MISSING_GLYPHS = "文中有内置字体无法显示的字符：{chars}；请改用规范汉字后再生成"
MSG_FOREIGN_FONT = "生成的PDF使用了非内置字体（{fonts}），中文可能显示为方框，已拒绝保存"
MSG_NO_FONTS = "未安装内置中文字体（pylopdf-fonts-zh-cn），无法生成PDF"


_LAYOUT_LOCK = threading.Lock()


class PrintFontError(GongkaiError):
    """A PDF would not show its Chinese; `message` says which characters or fonts."""


@cache
def bundled_fonts() -> dict[str, Path]:
    """Family name → font file of the faces every PDF uses."""
    try:
        import pylopdf_fonts_zh_cn as fonts
    except ImportError as exc:  # pragma: no cover - a broken install
        raise PrintFontError(MSG_NO_FONTS) from exc
    return {PDF_SONG: fonts.serif_path(), PDF_HEI: fonts.sans_path()}


def _is_bundled(base_font: str) -> bool:
    """A PDF's /BaseFont (subset prefix removed) names a bundled face: WeasyPrint writes the
    @font-face family with hyphens for spaces, and a style it synthesised after it
    ("Gongkai-Hei-Bold")."""
    return any(
        base_font == name or base_font.startswith(name + "-")
        for name in (family.replace(" ", "-") for family in bundled_fonts())
    )


@cache
def _covered() -> frozenset[int]:
    """The code points every bundled face can draw (the families fall back to each other)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in bundled_fonts().values():
        points.update(TTFont(path, lazy=True).getBestCmap())
    return frozenset(points)


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` no bundled face can draw, in order of appearance, once each.
    Spaces, line breaks and other invisible format characters need no glyph."""
    covered = _covered()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) in covered or char.isspace():
            continue
        if unicodedata.category(char) in ("Cc", "Cf"):
            continue
        missing[char] = None
    return list(missing)


def _describe(chars: list[str]) -> str:
    shown = [f"“{c}”（U+{ord(c):04X}）" for c in chars[:10]]
    return "、".join(shown) + ("等" if len(chars) > 10 else "")


def font_face_css() -> str:
    """@font-face rules of the bundled faces, for a PDF's stylesheet."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}'
        for family, path in bundled_fonts().items()
    )


@cache
def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    allowed = {path.as_uri(): path for path in bundled_fonts().values()}

    class BundledOnly(URLFetcher):
        """A PDF references nothing but the bundled fonts; any other fetch is refused, never
        made (no network, no file of the server)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed.get(url)
            if path is None:
                raise URLFetchingError(f"documents are rendered offline; refused to fetch {url!r}")
            return URLFetcherResponse(url, body=path.read_bytes())

    return BundledOnly()


@cache
def _font_config() -> Any:
    """One WeasyPrint font configuration per process, with the bundled faces loaded once."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    CSS(string=font_face_css(), font_config=config, url_fetcher=_fetcher())
    return config


def embedded_fonts(pdf: bytes) -> set[str]:
    """The /BaseFont names (subset prefix removed) of the fonts a PDF embeds."""
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(re.sub(r"^/?([A-Z]{6}\+)?", "", base))
    return names


def foreign_fonts(pdf: bytes) -> list[str]:
    """The fonts a PDF embeds that are not the bundled faces (a fallback to a system font)."""
    return sorted(name for name in embedded_fonts(pdf) if not _is_bundled(name))


def pdf_from_html(html: str) -> bytes:
    """Lay out a standalone HTML page (its style inline, its font families `PDF_SONG` /
    `PDF_HEI`) as a PDF with the bundled faces embedded; `PrintFontError` if any Chinese of it
    would not show."""
    from django.utils.html import strip_tags
    from weasyprint import HTML

    text = strip_tags(re.sub(r"<style.*?</style>", "", html, flags=re.S | re.I))
    if missing := missing_glyphs(text):
        raise PrintFontError(MSG_MISSING_GLYPHS.format(chars=_describe(missing)))
    # One font configuration per process, shared: layouts take turns on it (fontconfig objects
    # are not safe to share between threads of a threaded server).
    with _LAYOUT_LOCK:
        config = _font_config()
        pdf = HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf(font_config=config)
    if foreign := foreign_fonts(pdf):
        raise PrintFontError(MSG_FOREIGN_FONT.format(fonts="、".join(foreign)))
    return bytes(pdf)


def docx_fonts(run_properties: Any, east_asia: str, size_pt: float | None) -> None:
    """Set a run's (or a style's) fonts: `east_asia` for Chinese, Times New Roman for Latin, the
    theme fonts removed (Word would otherwise pick a Latin theme font), the size in half points
    rounded to the nearest (三号 16 pt → 32), the East-Asian language zh-CN."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:ascii"), DOCX_LATIN_FONT)
    fonts.set(qn("w:hAnsi"), DOCX_LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size_pt is not None:
        run_properties.get_or_add_sz().set(qn("w:val"), str(round(size_pt * 2)))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def docx_document(
    *, margins_mm: tuple[float, float, float, float], normal_font: str, size_pt: float
) -> Any:
    """A new A4 Word document: margins (top, right, bottom, left), the theme fonts of the default
    style removed, the Normal style in `normal_font` at `size_pt` with no space around paragraphs."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, right, bottom, left = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and (fonts := defaults.find(".//" + qn("w:rFonts"))) is not None:
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    normal = document.styles["Normal"]
    docx_fonts(normal.element.get_or_add_rPr(), normal_font, size_pt)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    return document


def docx_bytes(document: Any) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
