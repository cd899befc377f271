"""Where the page files are, as absolute paths: links work whatever the entry point's folder."""

from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / "pages"
OVERVIEW = PAGES / "overview.py"
INDICATOR = PAGES / "indicator.py"
SEARCH = PAGES / "search.py"
COMPARE = PAGES / "compare.py"
HISTORY = PAGES / "history.py"
UPLOAD = PAGES / "upload.py"
