"""Where the page files are, as absolute paths: links work whatever the entry point's folder."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).resolve().parents[1] / "pages"
OVERVIEW = PAGES / "overview.py"
INDICATOR = PAGES / "indicator.py"
SEARCH = PAGES / "search.py"
COMPARE = PAGES / "compare.py"
HISTORY = PAGES / "history.py"
AGENCIES = PAGES / "agencies.py"
UPLOAD = PAGES / "upload.py"


def ensure_entry_point() -> None:
    """Make sure app.py ran: call first thing in every page file.

    Streamlit 1.67 keeps a legacy mode for apps with a ``pages/`` folder: when the first request
    a freshly started server gets is a deep link (``/indicator?id=8``), it runs that page file
    on its own and lists every file in ``pages/`` — skipping app.py, so no sign-in and no
    role-based navigation. app.py's ``st.navigation`` switches that mode off for the process;
    a page that finds it still on switches it off itself and reruns through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
