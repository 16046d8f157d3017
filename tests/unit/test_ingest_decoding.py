"""Bytes → text: which encodings are read, and which bytes are refused (builder.ingestion.decoding)."""

from __future__ import annotations

import random

import pytest

from builder.ingestion.decoding import Undecodable, arabic_problem, decode

ARABIC = "أعلنت الحكومة الليبية اليوم خطة لإعادة إعمار الجسور في مدينة درنة بعد السيول.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (ARABIC.encode(), "utf-8", ARABIC),
        (b"\xef\xbb\xbf" + ARABIC.encode(), "utf-8-sig", ARABIC),
        ("\ufeff".encode("utf-16-le") + ARABIC.encode("utf-16-le"), "utf-16", ARABIC),
        (ARABIC.encode("cp1256"), "windows-1256", ARABIC),
        ("مرحبا".encode("cp1256"), "windows-1256", "مرحبا"),  # one word is enough
        (ARABIC.replace("\n", "\r\n").encode("cp1256"), "windows-1256", ARABIC.replace("\n", "\r\n")),
    ],
)
def test_accepted_encodings(data, encoding, text):
    decoded = decode(data)
    assert (decoded.encoding, decoded.text, decoded.repaired) == (encoding, text, "")


@pytest.mark.parametrize("shown_as", ["cp1256", "cp1252"])
def test_utf8_once_shown_as_a_code_page_is_repaired(shown_as):
    mojibake = ARABIC.encode().decode(shown_as, errors="strict" if shown_as == "cp1256" else "ignore")
    decoded = decode(mojibake.encode())
    if shown_as == "cp1252":  # cp1252 cannot show every byte: no exact round trip, left as it is
        assert decoded.repaired == "" and decoded.text == mojibake
    else:
        assert decoded.text == ARABIC
        assert decoded.repaired == "UTF-8 shown as windows-1256 and saved again"


def test_windows_1252_mojibake_of_letters_it_can_show_is_repaired():
    text = "الجيش الليبي يعلن السيطرة"
    mojibake = text.encode().decode("cp1252", errors="strict").encode()
    assert decode(mojibake).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n...", "binary file (a PDF document)"),
        (b"PK\x03\x04rest", "binary file (a ZIP archive (or a .docx/.xlsx))"),
        (b"abc\x00def", "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 10, "binary file (270 control characters in UTF-8 text)"),
        (b"\xff\xfe\x00\xd8", "starts like UTF-16 but is not (unexpected end of data at byte 2)"),
    ],
)
def test_binary_is_refused(data, reason):
    with pytest.raises(Undecodable) as error:
        decode(data)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("text", "codec", "why"),
    [
        ("Le président a été reçu à l'Élysée hier soir.", "latin-1", "only 1 of its 35 letters would be Arabic"),
        ("Это русский текст для проверки кодировки файла.", "koi8_r", "would not spell Arabic words"),
        ("日本語のテキストです。これは試験です。", "shift_jis", "letters would be Arabic"),
    ],
)
def test_other_code_pages_are_not_taken_for_windows_1256(text, codec, why):
    with pytest.raises(Undecodable) as error:
        decode(text.encode(codec))
    assert str(error.value).startswith("not UTF-8") and why in str(error.value)


def test_random_bytes_are_never_taken_for_arabic():
    rng = random.Random(7)
    for _ in range(200):
        data = bytes(rng.randrange(128, 256) for _ in range(rng.randrange(20, 400)))
        with pytest.raises(Undecodable):
            decode(data)


def test_arabic_problem_accepts_arabic_with_some_latin_and_digits():
    assert arabic_problem("قال رئيس الوزراء في مؤتمر Reuters يوم 12/3/2024 إن الوضع هادئ.") == ""
