"""BMA KPI dashboard: `streamlit run app.py`. Pages live in pages/, Streamlit glue in ui/."""

from pathlib import Path

import streamlit as st

from ui.i18n import t

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="ตัวชี้วัด กทม. | BMA KPI", page_icon=":material/monitoring:", layout="wide")
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title=t("nav_overview"), icon=":material/dashboard:", default=True),
        st.Page(PAGES / "indicator.py", title=t("nav_indicator"), icon=":material/description:"),
        st.Page(PAGES / "search.py", title=t("nav_search"), icon=":material/search:"),
        st.Page(PAGES / "compare.py", title=t("nav_compare"), icon=":material/compare_arrows:"),
    ]
)
navigation.run()
