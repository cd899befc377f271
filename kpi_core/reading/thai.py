"""Thai text helpers: decoding, normalisation, digits, Buddhist-Era dates, tokenising.

Everything that knows about Thai script or the Thai calendar lives here, so the parser and the
search index agree on what a "normalised" string is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from kpi_core.reading.errors import GarbledTextError, NotTextError

if TYPE_CHECKING:
    from pythainlp.util import Trie

BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543

# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16's, which is its prefix
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"BM", "a bitmap image"),
)


def decode(data: bytes, source_name: str = "<bytes>") -> str:
    """Decode report bytes by BOM and validity, never by file name.

    UTF-8 (with or without BOM), UTF-16 with BOM and Thai Windows-874/TIS-620 are accepted;
    anything else raises :class:`NotTextError`. UTF-8 cut inside its last character (a broken
    download) loses that partial character; :func:`decode_cut` says how many bytes went.

    >>> decode("ตัวชี้วัด".encode("cp874"))
    'ตัวชี้วัด'
    >>> decode("ตัวชี้วัด".encode()[:-1])
    'ตัวชี้วั'
    """
    return decode_cut(data, source_name)[0]


def decode_cut(data: bytes, source_name: str = "<bytes>") -> tuple[str, int]:
    """:func:`decode`, plus the number of bytes of a cut-off last character that were dropped.

    >>> decode_cut("ผลงาน".encode()[:-2])
    ('ผลงา', 1)
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(codec), 0
            except UnicodeDecodeError as exc:
                cut = _utf8_cut(body, exc) if codec == "utf-8" else None
                if cut is not None:
                    return cut
                raise NotTextError(source_name, f"the file starts like {codec} but is not valid {codec}") from exc
    for magic, what in _MAGIC:
        if data.startswith(magic) and (magic != b"BM" or b"\x00" in data[:64]):
            raise NotTextError(source_name, f"this is {what}, not a text report")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise NotTextError(source_name, "this is a binary file (it contains NUL bytes), not a text report")
        return text, 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = _utf8_cut(data, exc)
        # Thai before the cut, or the bytes may be Windows-874 that merely ends in a lead byte.
        if cut is not None and _THAI_LETTER.search(cut[0]):
            return cut
    else:
        if _THAI_LETTER.search(text) or text.isascii():
            return text, 0
        if text.count(_GARBLED[0]) + text.count(_GARBLED[1]) >= 3:
            line = garbled_line(text)
            raise GarbledTextError(
                source_name,
                "the Thai text was garbled by a wrong conversion (it reads à¸…); save the page again as UTF-8",
                line,
                params={"line": line},
            )
        # Valid UTF-8 without one Thai letter: short cp874 text can look like that ("ยก" is
        # b"\xc2\xa1", "¡" in UTF-8). A Thai report in cp874 is then the likelier reading.
        return _cp874(data) or text, 0
    thai = _cp874(data)
    if thai is None:
        raise NotTextError(source_name, "the file is neither UTF-8, UTF-16 nor Thai Windows-874 text")
    return thai, 0


# Thai letters are U+0E00–U+0E7F, in UTF-8 E0 B8 xx and E0 B9 xx: read as Latin-1 or
# Windows-1252, each starts "à¸" or "à¹".
_GARBLED = ("\u00e0\u00b8", "\u00e0\u00b9")


def garbled_line(text: str) -> int:
    """The first line (from 1) where Thai garbled by a wrong conversion shows, counted as the
    parser counts lines (``\\r\\n``, ``\\r`` and ``\\n`` each end one).

    >>> garbled_line("Back Home\\r\\n\\r\\nà¸£à¸²à¸¢à¸‡à¸²à¸™")
    3
    """
    at = min((i for i in (text.find(g) for g in _GARBLED) if i >= 0), default=0)
    before = text[:at]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _utf8_cut(data: bytes, exc: UnicodeDecodeError) -> tuple[str, int] | None:
    """UTF-8 that is valid up to a character cut off by the end of the file, or None."""
    if exc.reason != "unexpected end of data" or exc.end != len(data):
        return None
    try:
        return data[: exc.start].decode("utf-8"), len(data) - exc.start
    except UnicodeDecodeError:
        return None


def _cp874(data: bytes) -> str | None:
    """Thai Windows-874 text, or None when the bytes do not read as mostly Thai in it."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return None
    # cp874 maps almost every byte; demand that the high bytes are mostly Thai letters.
    high = sum(1 for ch in text if ord(ch) > 0x7F)
    thai = sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f")
    return None if high and thai < 0.9 * high else text


_THAI_LETTER = re.compile("[\u0e00-\u0e7f]")  # anything in the Thai block


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark, recognised by decoding to clean text."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        clean = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        if "\x00" not in text and clean >= 0.98 * len(text):
            return text
    return None


# --------------------------------------------------------------------------- normalisation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")
_THAI_DIGIT_RUN = re.compile("[๐-๙]+")
# A tone mark typed before an above/below vowel: only PyThaiNLP's normalize reorders these.
_MISORDERED = re.compile("[\u0e48-\u0e4b\u0e4c][\u0e31\u0e34-\u0e3a]")
_SPACES = re.compile(" {2,}")


def thai_digits_to_arabic(text: str) -> str:
    """Replace Thai digits with Arabic ones.

    >>> thai_digits_to_arabic("๕.๓.๑")
    '5.3.1'
    """
    return _THAI_DIGIT_RUN.sub(lambda m: m.group().translate(_DIGIT_TABLE), text)


# Control characters (C0 but tab, line feed and carriage return; DEL; C1): never meant in a
# report, invisible on a page, and refused by Excel's file format (one U+001F from Word made the
# XLSX export of a whole year fail). They become spaces, as they often stood between words.
CONTROL_CODES = (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))
# Direction controls: embeddings, overrides, isolates and marks. Thai needs none of them, and an
# override reorders what follows (an indicator named "abc\u202eFDP.exe" shows as "abcexe.PDF").
DIRECTION_CODES = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
# The repairs work on UTF-16 code units, not code points: every code they look for or write is
# in the Basic Multilingual Plane, and neither half of a surrogate pair (a character beyond it,
# such as an emoji) is one of them, so the result is the same and each vector operation reads
# half the memory.
_UNITS = np.uint16
_SPACE_LIKE = np.array([0x09, 0x0B, 0x0C, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x3000, *CONTROL_CODES], dtype=_UNITS)
_INVISIBLE_CODES = np.array([0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *DIRECTION_CODES], dtype=_UNITS)
_MARK_CODES = np.array([0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)], dtype=_UNITS)


def _followed_by(codes: np.ndarray, at: np.ndarray, wanted: int) -> np.ndarray:
    """Of the positions ``at``, those whose next code unit is ``wanted``."""
    at = at[at + 1 < len(codes)]
    found: np.ndarray = at[codes[at + 1] == wanted]
    return found


def _moved(positions: np.ndarray, dropped: np.ndarray) -> np.ndarray:
    """Where positions are after ``dropped`` (sorted, none of them among ``positions``) went."""
    return positions - np.searchsorted(dropped, positions) if len(dropped) else positions


def _marks_and_next(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the tone marks and thanthakhat (่ ้ ๊ ๋ ์) not last, and the code after each."""
    at = np.flatnonzero((codes[:-1] - 0x0E48) <= 4)
    return at, codes[at + 1]


def _drop(codes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``codes`` without the units at ``positions`` (sorted, each once).

    A few positions in a long text (the usual case: a report's doubled marks) are cut around,
    one copy of the pieces between them; ``np.delete`` first builds a mask of the whole text (2
    of the 3 ms a drop took in a 10 MB report).
    """
    if not len(positions):
        return codes
    if len(positions) > len(codes) // 1000:
        return np.delete(codes, positions)
    cuts = positions.tolist()
    return np.concatenate([codes[a:b] for a, b in zip([0, *(p + 1 for p in cuts)], [*cuts, len(codes)], strict=True)])


# Anything _repair_codes would touch, or more: a text without any of it is returned as it is.
# One regex scan instead of a dozen array operations, for the many short texts (a narrative, a
# name, a query) that ingest and search normalise, most of them already repaired by the parser.
_NEEDS_REPAIR = re.compile(
    "[\t\x0b\x0c\xa0\u2000-\u200a\u202f\u3000"  # space-like
    "\x00-\x08\x0e-\x1f\x7f-\x9f"  # control characters
    "\xad\u200b-\u200d\u2060\ufeff"  # invisible
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # direction controls
    "\u0e50-\u0e59]"  # Thai digits
    "|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1"  # a doubled mark
    "|[\u0e4d\u0e33]\u0e32"  # ํา, ำา
    "|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a\u0e48-\u0e4b]"  # stacked or misordered tone marks
    "|\u0e40\u0e40"  # เเ
)


def repair(text: str) -> str:
    r"""Repair copy artefacts in a whole document, leaving line breaks alone.

    Zero-width characters and direction controls go, odd spaces and control characters become
    spaces, Thai digits Arabic ones, doubled marks single, ``ํา`` and ``ำา`` become ``ำ``,
    stacked tone marks keep the last one typed (as PyThaiNLP's ``normalize`` does) and a
    doubled sara e (``เเ``) becomes sara ae (``แ``). The
    text is worked on as an array of UTF-16 code units (numpy): a handful of vector operations find
    the few places to touch, where Python's regexes scanned the whole text once per repair
    (60 ms for 10 MB). PyThaiNLP's slow ``normalize`` runs only on lines with a tone mark typed
    before a vowel.

    >>> repair("กรุุงเทพ ให้อำานาจ อํานาจ ๒๕๖๓")
    'กรุงเทพ ให้อำนาจ อำนาจ 2563'
    >>> repair("ร่้อยละ เเผนงาน")
    'ร้อยละ แผนงาน'
    >>> repair("ข้อความ\x1fจาก Word abc\u202eFDP.exe\u202c")
    'ข้อความ จาก Word abcFDP.exe'
    """
    if not text or not _NEEDS_REPAIR.search(text):
        return text
    return repair_all(text)


def repair_all(text: str) -> str:
    """:func:`repair` without its first look for something to repair (a test holds the two equal)."""
    return _repair_whole(text)[0]


def repair_telling(text: str) -> tuple[str, bool]:
    """:func:`repair`, and whether it took out control or direction characters: the parser then
    looks for them line by line, and otherwise spares a scan of the whole file.

    >>> repair_telling("ข้อความ\x1fจาก Word"), repair_telling("๒๕๖๓")
    (('ข้อความ จาก Word', True), ('2563', False))
    """
    if not text or not _NEEDS_REPAIR.search(text):
        return text, False
    return _repair_whole(text)


def _repair_whole(text: str) -> tuple[str, bool]:
    text, misordered, hidden = _repair_codes(text)
    if misordered:
        text = "\n".join(_settle(ln) if _MISORDERED.search(ln) else ln for ln in text.split("\n"))
    return text, hidden


# What the repairs do with a code unit that is neither printable ASCII nor Thai (every line feed
# is one), looked up in one table: three set tests over those units took 2 ms of a 10 MB report.
_HIDDEN, _SPACE, _INVISIBLE = 1, 2, 4  # control or direction character; becomes a space; goes
_KINDS = np.zeros(0x10000, dtype=np.uint8)
_KINDS[[*CONTROL_CODES, *DIRECTION_CODES]] |= _HIDDEN
_KINDS[_SPACE_LIKE] |= _SPACE
_KINDS[_INVISIBLE_CODES] |= _INVISIBLE


def _repair_codes(text: str) -> tuple[str, bool, bool]:
    """The vector repairs of :func:`repair`, whether a tone mark still stands before a vowel, and
    whether there were control or direction characters."""
    a = np.frombuffer(text.encode("utf-16-le"), dtype=_UNITS)  # read-only until copied
    # Neither printable ASCII nor Thai: rare, so what each is is looked up for those alone.
    # (Unsigned arithmetic: a - 0x20 wraps below the space and a - 0x0E00 below the Thai block,
    # so one test covers both ends of each range.)
    odd = np.flatnonzero(((a - 0x20) > 0x7E - 0x20) & ((a - 0x0E00) > 0x7F))
    kinds = _KINDS[a[odd]]
    hidden = bool((kinds & _HIDDEN).any())
    spaces = odd[(kinds & _SPACE) != 0]
    invisible = odd[(kinds & _INVISIBLE) != 0]
    digits = np.flatnonzero((a - 0x0E50) < 10)
    # Order matters for idempotence: invisible characters first (they can sit between ำ and า),
    # then doubled marks (ํํา), then the sara-am repairs, which leave nothing for the others.
    # Spaces and digits are neither, so they are rewritten after these two drops, which copy
    # the array (the copy a rewrite needs) in most files.
    a = _drop(a, invisible)
    spaces, digits = _moved(spaces, invisible), _moved(digits, invisible)
    same = np.flatnonzero(a[1:] == a[:-1])  # i where a[i] == a[i + 1]
    sara_e_twice = bool(np.any(a[same] == 0x0E40))  # เเ; the drops below never make new ones
    doubled = same[np.isin(a[same], _MARK_CODES)] + 1
    a = _drop(a, doubled)
    spaces, digits = _moved(spaces, doubled), _moved(digits, doubled)
    if not a.flags.writeable:
        a = a.copy()
    a[spaces] = 0x20
    a[digits] -= 0x0E50 - 0x30
    nikhahit = _followed_by(a, np.flatnonzero(a == 0x0E4D), 0x0E32)  # ํ + า, the decomposed ำ
    a[nikhahit] = 0x0E33
    a = _drop(a, nikhahit + 1)
    am = np.flatnonzero(a == 0x0E33)
    while len(extra := _followed_by(a, am, 0x0E32) + 1):  # the า of อำานาจ, once or more
        a = _drop(a, extra)
        am -= np.searchsorted(extra, am)  # where each ำ moved to: no ำ was dropped
    tones, after = _marks_and_next(a)
    # ร่้อยละ: a tone mark typed over another; the one typed last is meant (PyThaiNLP agrees).
    stacked = tones[((after - 0x0E48) < 4) & (a[tones] != 0x0E4C)]
    if len(stacked):
        a = _drop(a, stacked)
        tones, after = _marks_and_next(a)
    misordered = bool(np.any(((after - 0x0E34) < 7) | (after == 0x0E31)))  # before ั or ิ … ฺ
    text = codecs.decode(a.data, "utf-16-le")  # from the array's memory: no copy as bytes
    if sara_e_twice:  # two sara e typed for sara ae; str.replace pairs a run of three as แเ
        text = text.replace("เเ", "แ")
    return text, misordered, hidden


_SETTLE_ROUNDS = 32  # real lines settle in one or two; runs of misordered marks take more


def _settle(line: str) -> str:
    """PyThaiNLP's ``normalize`` and the vector repairs, again until the line stops changing.

    ``normalize`` alone is not idempotent on runs of misordered marks (``่ิ่ิ`` → ``ิ่ิ่`` → ``ิ่``),
    and :func:`repair` must be. Only the rare lines with a tone mark before a vowel come here.
    """
    for _ in range(_SETTLE_ROUNDS):
        settled, misordered, _ = _repair_codes(_pythainlp_normalize(line))
        if settled == line:
            break
        line = settled
        if not misordered:  # repair leaves such a line alone: so must this
            break
    return line


def _pythainlp_normalize(line: str) -> str:
    from pythainlp.util import normalize

    return str(normalize(line))


# What repair takes out that hid in the text: control characters and direction controls.
HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


_ONE_HIDDEN = re.compile(HIDDEN_CHARACTERS.pattern.removesuffix("+"))


def hidden_characters(text: str) -> dict[int, str]:
    r"""The control characters and direction controls :func:`repair` takes out, by 0-based line:
    what a reader cannot see may still change what the text says, so the parser names them.

    >>> hidden_characters("ตัวชี้วัด\nabc\u202eFDP.exe\u202c ข้อความ\x1fจาก Word\n")
    {1: '\u202e\u202c\x1f'}
    """
    if not _ONE_HIDDEN.search(text):  # the usual answer; a search for one is 3x faster than for runs
        return {}
    runs: dict[int, list[str]] = {}
    line, pos = 0, 0
    for m in HIDDEN_CHARACTERS.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        runs.setdefault(line, []).append(m.group())
    return {n: "".join(found) for n, found in runs.items()}


def show_hidden(text: str) -> str:
    r"""``text`` with its control characters and direction controls written out, for a message
    that quotes a line as the file has it (an override would reverse the quote itself).

    >>> show_hidden("abc\u202eFDP.exe\u202c ก\x1fข")
    'abc\\u202eFDP.exe\\u202c ก\\x1fข'
    """
    return HIDDEN_CHARACTERS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def fold_spaces(text: str) -> str:
    """Collapse runs of spaces and trim; a lone ``-`` means "nothing here".

    >>> fold_spaces("  สำนักงานเขต   เป็นหน่วย ")
    'สำนักงานเขต เป็นหน่วย'
    >>> fold_spaces(" - ")
    ''
    """
    text = text.strip()
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return "" if text == "-" else text


def normalise(text: str) -> str:
    """Everything at once, for short strings such as a search query."""
    return fold_spaces(repair(text.replace("\r\n", "\n").replace("\r", "\n")))


# --------------------------------------------------------------------------- calendar


def be_to_ad(year: int) -> int:
    """Buddhist-Era year to Gregorian.

    >>> be_to_ad(2563)
    2020
    """
    return year - BE_OFFSET


def ad_to_be(year: int) -> int:
    """Gregorian year to Buddhist Era.

    >>> ad_to_be(2020)
    2563
    """
    return year + BE_OFFSET


def fiscal_year(day: date) -> int:
    """B.E. fiscal year of a (Gregorian) date; the year runs 1 October to 30 September.

    >>> fiscal_year(date(2019, 12, 9))  # 9 ธันวาคม 2562
    2563
    """
    return ad_to_be(day.year) + (1 if day.month >= 10 else 0)


def fiscal_quarter(day: date) -> int:
    """Quarter of the fiscal year: Q1 = October to December.

    >>> fiscal_quarter(date(2020, 4, 2))
    3
    """
    return (day.month - 10) % 12 // 3 + 1


# --------------------------------------------------------------------------- tokenising

PROJECT_WORDS: tuple[str, ...] = (
    "ตัวชี้วัด",
    "สำนักงานเขต",
    "กรุงเทพมหานคร",
    "กทม.",
    "ก.ก.",
    "สยป.",
    "ปีงบประมาณ",
    "ไตรมาส",
    "ผู้ว่าราชการกรุงเทพมหานคร",
    "ที่ปรึกษา",
    "โควิด",
    "ขยายสัญญา",
    "งบประมาณ",
    "ตัวชี้วัดเจรจา",
    "ผลการดำเนินงาน",
    "สำนักการแพทย์",
    "สำนักอนามัย",
    "สำนักการโยธา",
)


@lru_cache(maxsize=1)
def _trie() -> Trie:
    """PyThaiNLP's word list plus the project's words, built once (it takes ~0.3 s)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | set(PROJECT_WORDS))


# --------------------------------------------------------------------------- shortening

ELLIPSIS = "…"
_NEAR = 15  # how far back from the width a cut may move to find a space or a word's end
_LEANING = frozenset("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")  # vowels and marks that belong to the letter before them
_LEADING = frozenset("เแโใไ")  # vowels written before the consonant they belong to


def clip(text: str, width: int = 80) -> str:
    """``text`` as it is if it fits in ``width`` characters; else cut where a reader would cut it
    (a space, else the end of a Thai word, else between letters with their vowels and marks,
    never orphaning one) and ended with "…", the whole at most ``width`` long.

    >>> clip("ร้อยละของบริการสาธารณะ", 80)
    'ร้อยละของบริการสาธารณะ'
    >>> clip("ร้อยละของบริการสาธารณะที่มีการสำรวจ", 12)
    'ร้อยละของ…'
    >>> clip("ร้อยละ ของบริการสาธารณะ", 14)
    'ร้อยละ…'
    """
    if len(text) <= width:
        return text
    cut = max(1, width - len(ELLIPSIS))
    space = text.rfind(" ", 0, cut + 1)
    if space > 0 and space >= cut - _NEAR:
        return text[:space].rstrip() + ELLIPSIS
    word_end = _word_end(text, cut)
    if word_end >= cut - _NEAR and word_end > 0:
        return text[:word_end] + ELLIPSIS
    while cut > 1 and (text[cut] in _LEANING or unicodedata.category(text[cut]) == "Mn"):
        cut -= 1
    while cut > 1 and text[cut - 1] in _LEADING:
        cut -= 1
    return text[:cut] + ELLIPSIS


def _word_end(text: str, cut: int) -> int:
    """The end of the last whole word (PyThaiNLP's) before ``cut``; 0 if there is none."""
    from pythainlp.tokenize import word_tokenize

    end = 0
    for word in word_tokenize(text[: cut + 40], custom_dict=_trie(), engine="newmm", keep_whitespace=True):
        if end + len(word) > cut:
            break
        end += len(word)
    return end
