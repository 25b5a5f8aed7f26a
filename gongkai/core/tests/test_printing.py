"""PDFs made with the fonts the platform brings: legible Chinese on a server with no CJK font,
and never a file whose Chinese would be boxes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from io import BytesIO

import pytest
from pypdf import PdfReader

from gongkai.core import printing
from gongkai.core.printing import PDF_HEI, PDF_SONG, PrintFontError, pdf_from_html

PAGE = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; @bottom-center {{ content: "— " counter(page) " —"; font-family: "{PDF_SONG}"; }} }}
html {{ font-family: "{PDF_SONG}"; }} h1 {{ font-family: "{PDF_HEI}"; font-weight: bold; }}
</style></head><body><h1>政府信息公开申请答复书</h1>
<p>甘政办发〔2021〕48号：你单位于2026年11月26日提出的申请（No. 12）已收悉。</p></body></html>"""


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_a_pdf_embeds_only_the_bundled_faces_and_its_chinese_reads_back():
    pdf = pdf_from_html(PAGE)
    assert printing.foreign_fonts(pdf) == []
    assert printing.embedded_fonts(pdf) >= {"Gongkai-Song"}
    text = _text(pdf)
    assert "政府信息公开申请答复书" in text and "甘政办发〔2021〕48号" in text


def test_a_character_no_bundled_face_has_is_refused_in_chinese_before_layout():
    with pytest.raises(PrintFontError) as refused:
        pdf_from_html("<p>中国\ue000甘肃</p>")  # a private-use glyph of an office font
    assert refused.value.message == printing.MSG_MISSING_GLYPHS.format(chars="“\ue000”（U+E000）")


def test_a_pdf_that_fell_back_to_another_font_is_refused(monkeypatch):
    monkeypatch.setattr(printing, "_is_bundled", lambda name: False)
    with pytest.raises(PrintFontError) as refused:
        pdf_from_html(PAGE)
    assert refused.value.message.startswith("生成的PDF使用了非内置字体（Gongkai-")


@pytest.mark.parametrize(
    ("name", "bundled"),
    [
        ("Gongkai-Song", True),
        ("Gongkai-Hei-Bold", True),
        ("DejaVuSans", False),
        ("NotoSerifCJKsc-Regular", False),
        ("Gongkai-SongX", False),
    ],
)
def test_only_the_bundled_families_count_as_bundled(name, bundled):
    assert printing._is_bundled(name) is bundled


def test_missing_glyphs_ignores_spaces_and_invisible_marks():
    assert printing.missing_glyphs("甲 乙\n丙\u3000丁\u200b") == []
    assert printing.missing_glyphs("\ue000a\ue000\U000f0000") == ["\ue000", "\U000f0000"]


def test_a_server_without_any_system_font_makes_the_same_legible_pdf(tmp_path):
    """fontconfig with no font directory at all: only the bundled faces exist."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    out = tmp_path / "letter.pdf"
    script = textwrap.dedent(
        f"""
        import django, pathlib
        django.setup()
        from gongkai.core.printing import pdf_from_html
        from gongkai.core.tests.test_printing import PAGE
        pathlib.Path({str(out)!r}).write_bytes(pdf_from_html(PAGE))
        """
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True)
        assert listed.stdout.strip() == ""  # truly no system font in that process
    pdf = out.read_bytes()
    assert printing.foreign_fonts(pdf) == []
    assert "政府信息公开申请答复书" in _text(pdf)
