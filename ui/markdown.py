"""Untrusted text (report text, URL values) on Markdown-rendering elements: shown as written.

``st.markdown``, ``st.title``, ``st.caption``, alerts, and the labels of metrics, page links and
most widgets all render Markdown. Whatever came from a report file or a URL reaches them
only through :func:`plain`.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    r"""Markdown-escape untrusted text so that it shows exactly as written.

    >>> plain("**x** <b>")
    '\\*\\*x\\*\\* \\<b\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def shorten(text: str, width: int = 60) -> str:
    r"""A value to echo back in a message, cut to ``width`` characters, control characters visible.

    >>> shorten("abc\x00" + "ก" * 100, 11)
    'abc\\x00กกก…'
    """
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"
