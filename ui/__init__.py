"""Streamlit glue: cached store access, URL-bound filters, i18n, rendering helpers."""
