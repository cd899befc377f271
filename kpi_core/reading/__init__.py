"""Reading report files: bytes in, a :class:`~kpi_core.reading.model.Report` out (DESIGN.md §2, §4).

``thai`` decodes and repairs text and knows the Thai calendar, ``dates`` finds dated events,
``parse`` finds indicator blocks (``blocks``) and their quarter tables (``table``), ``limits``
says what a field may hold (code lengths, text lengths), ``model`` holds the frozen records,
``errors`` the error family every other subpackage raises, and ``names`` reads the agency code a
file name or address carries.

May import: the standard library, numpy, PyThaiNLP. Knows nothing of the database or the app.
"""
