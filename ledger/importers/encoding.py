"""Which text encoding a CSV file is in: UTF-8 (with or without a byte-order mark), or GBK.

GBK decision (ADR 0007): Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK; bureaus
send such files every day. A file that is not valid UTF-8 is read as GB18030 (a superset of GBK)
only when a detector (charset-normalizer, ADR 0011) also takes it for GBK and it decodes cleanly:
Big5 and Shift-JIS text mostly decodes as GB18030 too, into other characters, so decoding alone
would import garbled names. Anything else is refused, naming the encoding it looks like.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ledger.importers.errors import ImportFileError

CHUNK = 1 << 20
SAMPLE = 256 * 1024  # what the detector reads: the file's first 256 KiB, cut at a line end
GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})
# how people call the encodings the detector names
KNOWN_AS = {"big5": "Big5", "cp950": "Big5", "big5hkscs": "Big5-HKSCS", "cp932": "Shift-JIS",
            "shift_jis": "Shift-JIS", "shift_jis_2004": "Shift-JIS", "shift_jisx0213": "Shift-JIS",
            "euc_jp": "EUC-JP", "cp949": "EUC-KR", "euc_kr": "EUC-KR", "cp1252": "Windows-1252",
            "latin_1": "ISO-8859-1", "cp1251": "Windows-1251", "koi8_r": "KOI8-R"}


def detect_encoding(path: Path) -> tuple[str, str]:
    """(codec, description) of a CSV file: UTF-8 (with or without BOM), else GBK; or refuses."""
    with path.open("rb") as f:
        head = f.read(SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8 (BOM)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError("file.utf16", file=path.name)
    if decodes(path, "utf-8"):
        return "utf-8", "utf-8"
    suspected = suspected_encodings(head)
    if suspected & GB_FAMILY and decodes(path, "gb18030"):
        return "gb18030", "GBK (GB18030)"
    if not suspected:
        raise ImportFileError("file.encoding", file=path.name)
    best = min(suspected, key=lambda codec: (codec not in KNOWN_AS, codec))
    raise ImportFileError("file.encoding_suspected", file=path.name, encoding=KNOWN_AS.get(best, best))


def suspected_encodings(head: bytes) -> set[str]:
    """The codecs the detector takes the sample for (its best guess and the codecs that read the
    sample alike); empty when it is not text at all."""
    cut = head.rfind(b"\n")
    guess = from_bytes(head[: cut + 1] if cut > 0 else head).best()
    if guess is None:
        return set()
    return {guess.encoding, *guess.could_be_from_charset}


def decodes(path: Path, codec: str) -> bool:
    """Whether the whole file decodes in ``codec`` (read in chunks: memory stays flat)."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
