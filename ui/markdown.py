"""Untrusted text (report text, URL values) on Markdown-rendering elements: shown as written.

``st.markdown``, ``st.title``, ``st.caption``, the alerts, and the labels of metrics, page links,
pills and most widgets render Markdown, and Streamlit 1.67 adds its own on top: ``:red[…]``
directives, ``:material/…:`` icons, ``$…$`` LaTeX, ``:streamlit:``, arrows for ``->``. Whatever
came from a report file or a URL reaches such an element only through :func:`plain`; text that
needs no styling at all goes to ``st.text`` (no Markdown) or through ``highlight`` to ``st.html``.

Escaping alone is not enough: after parsing, in the text the escapes leave, Streamlit's Markdown
turns ``https://…``, ``www.…`` and ``name@host.tld`` into live links, ``:material_x:`` into an
icon, ``:streamlit:`` into a logo and ``->`` into an arrow. :func:`plain` therefore also puts an
invisible WORD JOINER (U+2060) where those patterns would match: it does not show, but it is
there when the text is copied, which is why long report text goes to ``st.text`` instead.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character: CommonMark lets a backslash escape each, and escaping all of
# them leaves no construct to think about (links, images, emphasis, code, tables, headings,
# setext underlines, entities, HTML, LaTeX, Streamlit directives and icons).
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
JOINER = "\u2060"  # WORD JOINER: zero width, no line break, not whitespace
# Where the post-parse rewrites would match the unescaped text: between a colon and a letter or a
# slash (https://, :material_x:, :streamlit:), between www and its dot, after the @ of an address,
# inside Streamlit's typographic arrows (->, <-, --, >=, <=, ~=).
_REWRITTEN = re.compile(r"(?<=:)(?=[\w/])|(?<=\bwww)(?=\.)|(?<=@)|(?<=[-<>~])(?=[->=])", re.IGNORECASE)


def plain(text: str) -> str:
    r"""Markdown-escape untrusted text so that it shows exactly as written, never as markup.

    >>> plain("**x** <b>")
    '\\*\\*x\\*\\* \\<b\\>'
    >>> plain("[ยืนยันตัวตน](https://evil.example)") == (
    ...     "\\[ยืนยันตัวตน\\]\\(https\\:" + JOINER + "\\/\\/evil\\.example\\)"
    ... )
    True
    """
    joined = _REWRITTEN.sub(JOINER, text)
    return _ASCII_PUNCTUATION.sub(r"\\\1", joined).replace("\n", "  \n")


def unplain(markdown: str) -> str:
    r"""What :func:`plain` text shows on the page (for tests and for reading it back).

    >>> unplain(plain("(8) :red[x] https://evil.example\nline")) == "(8) :red[x] https://evil.example\nline"
    True
    """
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace(JOINER, "")).replace("  \n", "\n")


def shorten(text: str, width: int = 60) -> str:
    r"""A value to echo back in a message, cut to ``width`` characters, control characters visible.

    >>> shorten("abc\x00" + "ก" * 100, 11)
    'abc\\x00กกก…'
    """
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"
