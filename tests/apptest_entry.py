"""Entry point for AppTest: runs the real app.py from a folder without a ``pages/`` directory.

Why: AppTest (Streamlit 1.67) resets ``PagesManager.uses_pages_directory`` on every run, finds
``pages/`` beside app.py and from the second run on executes the page script alone, skipping
app.py (navigation, sign-in). Pages then switch the legacy mode off and rerun
(``ui.nav.ensure_entry_point``), which a real server needs once per process; under AppTest it
would happen on every run and swallow the click that started it. From this folder, which has
no ``pages/``, AppTest runs app.py every time, as ``streamlit run`` does.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")
