"""BMA KPI dashboard: `streamlit run app.py`. Pages live in pages/, Streamlit glue in ui/."""

import streamlit as st

from ui import auth, data, filters, nav
from ui.i18n import t

# An emoji, not ":material/…:": Streamlit fetches a material favicon from fonts.gstatic.com, and
# the dashboard makes no request outside its own server (tests/app/test_browser_hostile.py).
st.set_page_config(page_title="ตัวชี้วัด กทม. | BMA KPI", page_icon="📊", layout="wide")
filters.language_switch()  # first, so that the page titles below are in the chosen language
auth.restore()  # the sign-in cookie: still signed in after a refresh or in a new tab
pages = [
    st.Page(nav.OVERVIEW, title=t("nav_overview"), icon=":material/dashboard:", default=True),
    st.Page(nav.INDICATOR, title=t("nav_indicator"), icon=":material/description:"),
    st.Page(nav.SEARCH, title=t("nav_search"), icon=":material/search:"),
    st.Page(nav.COMPARE, title=t("nav_compare"), icon=":material/compare_arrows:"),
    st.Page(nav.HISTORY, title=t("nav_history"), icon=":material/history:"),
    st.Page(nav.AGENCIES, title=t("nav_agencies"), icon=":material/apartment:"),
]
# The upload page is in every session's navigation, so that /upload opens it rather than
# Streamlit's English "Page not found"; for viewers it is hidden from the menu and says, in the
# page's language, that uploading needs an analyst's sign-in (the page checks the role itself).
upload_visibility = "visible" if auth.is_analyst() else "hidden"
pages.append(st.Page(nav.UPLOAD, title=t("nav_upload"), icon=":material/upload_file:", visibility=upload_visibility))
navigation = st.navigation(pages)
auth.sidebar()
navigation.run()
data.warm_up()  # after the page: keyword dictionaries load in the background, once per process
