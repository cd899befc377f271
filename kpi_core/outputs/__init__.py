"""What people take away: ``charts`` (Plotly figures; ``progress`` the quarterly-progress lines,
``comparison`` the compare page's, ``plotting`` holds what they share, ``drill`` what a click on
one means), ``export`` (CSV, XLSX) and ``briefing`` (a self-contained HTML page).

May import: ``kpi_core.reading``, ``kpi_core.analysis``, ``kpi_core.storage``.
"""
