"""What a spreadsheet does with text it is given: evaluate it, when it starts like a formula.

Report text and agency names are untrusted: ``=HYPERLINK("https://…","CLICK")`` in a CSV cell is
a live link, and a spreadsheet that trims leading spaces on import uncovers a formula behind them.
Every CSV the product writes (the indicator export, the agency registry) goes through
:func:`neutralise`, the OWASP CSV-injection rule; one rule, so that the two cannot drift apart.
"""

from __future__ import annotations

# A spreadsheet evaluates a cell that starts with one of these (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Some spreadsheets trim leading spaces on import, which would uncover a formula behind them.
_SPACES = " \t\r\n\u00a0"


def neutralise(value: object) -> object:
    r"""Text that a spreadsheet would evaluate, made inert with a leading ``'``; anything else as is.

    Only text is touched: a negative number stays a number.

    >>> neutralise('=HYPERLINK("https://x","CLICK")')
    '\'=HYPERLINK("https://x","CLICK")'
    >>> neutralise(' =HYPERLINK("https://x")')
    '\' =HYPERLINK("https://x")'
    >>> neutralise("- ดำเนินการจัดทำหลักสูตร"), neutralise("ร้อยละ"), neutralise(-5.0)
    ("'- ดำเนินการจัดทำหลักสูตร", 'ร้อยละ', -5.0)
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip(_SPACES).startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value
