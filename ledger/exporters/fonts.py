"""The documents' typeface: Noto Serif SC (思源宋体), installed with the project, never a system font.

The font comes from the ``pylopdf-fonts-zh-cn`` wheel (SIL Open Font License 1.1). It covers the
Unified Ideographs and Extension A whole and the 通用规范汉字表's characters in Extensions B–F: the
characters of GB 18030-2022 that names use (生僻字 such as 䶮, 龑, 喆, 𬌗). The wheel ships it with
PostScript (CFF) outlines; embedded so, a PDF's text reads back in some readers only (ADR 0013).
It is therefore converted once to TrueType outlines (quadratic curves, fontTools' cu2qu), embedded
as a CIDFontType2 with Identity-H, which every reader extracts. ``make`` converts it at setup; a
process that finds no converted copy converts it itself, under a lock, so a bare ``pip install``
works too (about a minute, once).
"""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

FAMILY = "NotoSerifSC"
SOURCE = "NotoSerifSC-Regular.otf"
CONVERTED = "NotoSerifSC-Regular.ttf"
MISSING = "〓"  # 〓 (geta mark): what Chinese typesetting prints for a character it has no type for
CONVERSION_ERROR = 1.0  # font units a quadratic curve may stray from the cubic it replaces


def source_font() -> Path:
    import pylopdf_fonts_zh_cn  # noqa: PLC0415 (a data-only package)

    return Path(pylopdf_fonts_zh_cn.__file__).with_name(SOURCE)


def font_dir() -> Path:
    """Where the converted font lives: ``LEDGER_FONT_DIR``, else beside the installation (the
    virtual environment's ``share/``), else the user's cache when that is not writable."""
    chosen = os.environ.get("LEDGER_FONT_DIR")
    if chosen:
        return Path(chosen)
    beside = Path(sys.prefix) / "share" / "rotation-ledger" / "fonts"
    if os.access(beside if beside.exists() else Path(sys.prefix), os.W_OK):
        return beside
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rotation-ledger" / "fonts"


def font_path() -> Path:
    """The converted font, made first if it is not there (one process converts; others wait)."""
    target = font_dir() / CONVERTED
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f"{CONVERTED}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            convert(source_font(), target)
    return target


def convert(source: Path, target: Path) -> None:
    """Writes ``source`` (CFF outlines) as a TrueType-outline font at ``target``, atomically."""
    from fontTools.pens.cu2quPen import Cu2QuPen  # noqa: PLC0415 (setup only)
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # noqa: PLC0415
    from fontTools.ttLib import TTFont, newTable  # noqa: PLC0415

    font = TTFont(source)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, CONVERSION_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["post"].formatType = 3.0  # no glyph names: a CID font has none
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as part:
        font.save(part)
    os.replace(part.name, target)


@cache
def characters() -> frozenset[int]:
    """The code points the font has a glyph for."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    return frozenset(TTFont(font_path(), lazy=True).getBestCmap())


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot show, each once, in order of appearance."""
    have = characters()
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in have and not ch.isspace()))


def printable(text: str) -> str:
    """``text`` with each character the font lacks printed as 〓, never silently dropped."""
    have = characters()
    return "".join(ch if ord(ch) in have or ch.isspace() else MISSING for ch in text)


if __name__ == "__main__":  # ``python -m ledger.exporters.fonts``: the setup step
    print(font_path())
