"""Raw bytes → text, and the name of the encoding they were in; or the reason they are not text.

Accepted: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
(Windows Notepad's "Unicode"), and Windows-1256, the legacy Arabic code page.
Windows-1256 maps almost every byte to some character, so a decode that "works" proves
nothing: the result must also read as Arabic text (mostly Arabic letters, no control
characters, few stray symbols), or the file is refused as undecodable.

UTF-8 Arabic that was once shown as Windows-1256 or Windows-1252 and saved again
("ط§ظ„ط¬ظٹط´", "Ø§Ù„Ø¬ÙŠØ´") is repaired when the round trip is exact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from builder.extract.arabic import ARABIC_LETTER

UTF8_BOM = b"\xef\xbb\xbf"
_MAGIC = {  # the first bytes of common binary formats a scraper folder may hold
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx)",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "a program",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
# What Arabic text is made of besides Arabic letters: the Arabic block (marks, digits,
# punctuation), ASCII, white space, and common typography.
_UNEXPECTED = re.compile(
    r"[^\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\x20-\x7E\s"
    r"«»“”‘’„–—…•·°×÷§\u00A0\u200B-\u200F\u2066-\u2069]"
)
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")
# In Arabic prose these ten letters are about two thirds of all letters (the five seeds: 66–69%);
# another code page's text decoded as Windows-1256 gives a few percent.
_COMMON_LETTERS = frozenset("اليونمهربت")
_MOJIBAKE_1256 = re.compile(r"[طظ][\u0600-\u06FF\u0080-\u00FF\u2010-\u203A\u0152-\u02DC]")
_MOJIBAKE_1252 = re.compile(r"[ØÙ][\u0080-\u00FF\u2010-\u203A\u0152-\u02DC\u0192]")


class Undecodable(ValueError):
    """The bytes are not text this tool can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "windows-1256"
    repaired: str = ""  # "windows-1256 mojibake" when UTF-8 shown as another code page was restored


def decode(data: bytes) -> Decoded:
    """The text of ``data``, or :class:`Undecodable` with a one-line reason."""
    if data.startswith(UTF8_BOM):
        return _checked(_strict(data[3:], "utf-8"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(_strict(data, "utf-16"), "utf-16")
    kind = binary_kind(data)
    if kind:
        raise Undecodable(f"binary file ({kind})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_problem = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    else:
        return _checked(text, "utf-8", _utf8_controls(data[:65536]))
    text = data.decode("cp1256", errors="replace")
    problem = arabic_problem(text)
    if problem:
        raise Undecodable(f"{utf8_problem}, and not Windows-1256 Arabic either ({problem})")
    return Decoded(text, "windows-1256")


def binary_kind(data: bytes) -> str:
    """What binary format ``data`` starts like ("a PDF document", "contains NUL bytes"), "" for none."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    return "contains NUL bytes" if b"\x00" in data[:65536] else ""


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise Undecodable(f"starts like {encoding.upper()} but is not ({exc.reason} at byte {exc.start})") from None


def _utf8_controls(data: bytes) -> int:
    """Control characters in UTF-8 bytes, counted on the bytes (C1 controls are C2 80–C2 9F)."""
    count = len(data) - len(data.translate(None, _C0_BYTES))
    if b"\xc2" in data:
        count += sum(data.count(bytes([0xC2, b])) for b in range(0x80, 0xA0))
    return count


def _checked(text: str, encoding: str, controls: int | None = None) -> Decoded:
    sample = text[:65536]
    if controls is None:
        controls = len(_CONTROL.findall(sample)) if _CONTROL.search(sample) else 0
    if controls > max(8, len(sample) // 100):
        raise Undecodable(f"binary file ({controls} control characters in {encoding.upper()} text)")
    repaired = _repair_mojibake(text)
    if repaired is not None:
        return Decoded(repaired[0], encoding, repaired[1])
    return Decoded(text, encoding)


def arabic_problem(text: str) -> str:
    """Why ``text`` does not read as Arabic text ("" when it does)."""
    sample = text[:8192]
    if _CONTROL.search(sample.replace("\x0c", "")):
        return "it holds control characters"
    if "\ufffd" in sample:
        return "it holds bytes Windows-1256 does not define"
    letters = _LETTER.subn("", sample)[1]
    arabic = ARABIC_LETTER.subn("", sample)[1]
    if not letters or arabic < 0.6 * letters:
        return f"only {arabic} of its {letters} letters would be Arabic"
    common = sum(sample.count(ch) for ch in _COMMON_LETTERS)
    if arabic >= 8 and common < 0.4 * arabic:
        return f"its Arabic letters would not spell Arabic words (only {100 * common // arabic}% are the common ones)"
    visible = len(sample) - _SPACE.subn("", sample)[1]
    odd = _UNEXPECTED.subn("", sample)[1]
    if odd > max(2, visible // 50):
        return f"{odd} of its {visible} characters would be stray symbols"
    if sample.count(" ") < visible // 25:
        return "its 'words' would have no spaces between them"
    return ""


def _repair_mojibake(text: str) -> tuple[str, str] | None:
    """Arabic UTF-8 once decoded as Windows-1256/1252 and saved again → the Arabic, if the round trip is exact."""
    sample = text[:65536]
    tell_1256 = sample.count("ط") + sample.count("ظ")  # lead bytes D8/D9 of Arabic UTF-8, as Windows-1256 shows them
    tell_1252 = sample.count("Ø") + sample.count("Ù")  # the same bytes as Windows-1252 shows them
    candidates = []
    if tell_1256 >= 4 and tell_1256 > 0.1 * len(sample):  # Arabic prose: under 2%; mojibake: about a third
        candidates.append(("cp1256", _MOJIBAKE_1256, "windows-1256"))
    if tell_1252 >= 4:
        candidates.append(("cp1252", _MOJIBAKE_1252, "windows-1252"))
    for codec, pattern, label in candidates:
        if len(pattern.findall(sample)) < 4:
            continue
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if not arabic_problem(unicodedata.normalize("NFC", fixed)):
            return fixed, f"UTF-8 shown as {label} and saved again"
    return None
