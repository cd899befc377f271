"""The agency registry: code, Thai and English name, kind, district group (DESIGN.md §6).

Reports carry only an 8-digit code; people read names. The registry ships as
``data/agencies.csv``, is loaded into a new database, and analysts keep it in the app: every
edit is audited and raises the data version. An agency nobody has named yet shows as
``หน่วยงาน 50010000`` (``Agency 50010000``), never as a bare code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from kpi_core.analysis.spreadsheet import neutralise
from kpi_core.reading.errors import KpiError
from kpi_core.reading.thai import normalise
from kpi_core.storage import schema as s

ROOT = Path(__file__).resolve().parents[2]
AGENCIES_CSV = ROOT / "data" / "agencies.csv"
KINDS = ("district", "department", "other")
COLUMNS = ("code", "name", "name_en", "kind", "district_group")
_CODE = re.compile(r"\d{8}")
UNNAMED = {"th": "หน่วยงาน {code}", "en": "Agency {code}"}


class AgencyError(KpiError):
    """An agency code or registry row that cannot be used."""


@dataclass(frozen=True)
class Agency:
    code: str
    name: str = ""
    name_en: str = ""
    kind: str = "other"
    district_group: str = ""

    def label(self, lang: str = "th") -> str:
        """The name people read, in the language asked for where the registry has it.

        >>> Agency("50010000").label()
        'หน่วยงาน 50010000'
        >>> Agency("50010000", "สำนักงานเขตพระนคร", "Phra Nakhon District Office").label("en")
        'Phra Nakhon District Office'
        """
        return display_name(self.code, self.name, self.name_en, lang)


def display_name(code: str, name: str | None, name_en: str | None = "", lang: str = "th") -> str:
    """``name`` (or ``name_en`` in English), else ``หน่วยงาน CODE``: never a bare code."""
    if lang == "en" and name_en:
        return name_en
    return name or UNNAMED.get(lang, UNNAMED["th"]).format(code=code)


def is_unnamed(code: str, name: str | None) -> bool:
    """Whether ``name`` says nothing more than the code: empty, or the ``หน่วยงาน CODE`` (or
    ``Agency CODE``) that :func:`display_name` and the indicator queries make up.

    >>> is_unnamed("08000000", "หน่วยงาน 08000000"), is_unnamed("03000000", "สำนักงาน ก.ก.")
    (True, False)
    """
    text = (name or "").strip()
    return not text or text in {unnamed.format(code=code) for unnamed in UNNAMED.values()}


def shown_name(code: str, name: str | None, lang: str = "th") -> str:
    """A name as the queries give it (with the Thai made-up name for an agency nobody named), for
    a page in ``lang``: a registered name as it is, the made-up one in that language.

    >>> shown_name("08000000", "หน่วยงาน 08000000", "en"), shown_name("03000000", "สำนักงาน ก.ก.", "en")
    ('Agency 08000000', 'สำนักงาน ก.ก.')
    """
    return display_name(code, None if is_unnamed(code, name) else name, "", lang)


def with_code(code: str, name: str | None, lang: str = "th") -> str:
    """Code and name for a pick list or a filter line; an agency without a name shows its code
    once, in its made-up name.

    >>> with_code("03000000", "สำนักงาน ก.ก."), with_code("07000000", "หน่วยงาน 07000000", "en")
    ('03000000 สำนักงาน ก.ก.', 'Agency 07000000')
    """
    return shown_name(code, name, lang) if is_unnamed(code, name) else f"{code} {(name or '').strip()}"


def check_code(code: str, source: str = "agency", line: int | None = None) -> str:
    """An 8-digit agency code, Thai digits and spaces allowed; a clear error otherwise.

    >>> check_code(" ๕๐๐๑๐๐๐๐ ")
    '50010000'
    >>> check_code("5001")
    Traceback (most recent call last):
    kpi_core.storage.agencies.AgencyError: agency: "5001" is not an agency code (8 digits, e.g. 50010000)
    """
    folded = normalise(code or "").strip().replace(" ", "")
    if not _CODE.fullmatch(folded):
        shown = code.strip()[:40]
        reason = f'"{shown}" is not an agency code (8 digits, e.g. 50010000)'
        raise AgencyError(source, reason, line, code="bad-agency-code", params={"value": shown})
    return folded


MAX_CSV_BYTES = 2_000_000  # 120 agencies are about 15 kB; a national registry well under 1 MB
MAX_NAME = 200  # characters in a name, English name or district group (the CLI's --agency-name too)
NAMES = ("name", "name_en", "district_group")


@dataclass(frozen=True)
class Change:
    """One registry row as an imported CSV gives it. ``None`` is a value the row does not give
    (its column is not in the file, or its cell is empty): the stored value stays, and a new
    agency gets :class:`Agency`'s default. ``""`` clears a name (the page's table, where an
    emptied cell means an emptied name).

    >>> Change("50010000", name="ใหม่").applied(Agency("50010000", "เก่า", "Old", "district"))
    Agency(code='50010000', name='ใหม่', name_en='Old', kind='district', district_group='')
    """

    code: str
    name: str | None = None
    name_en: str | None = None
    kind: str | None = None
    district_group: str | None = None

    @classmethod
    def whole(cls, agency: Agency) -> Change:
        """Every value of ``agency``, empty ones included: the row replaces what is stored."""
        return cls(agency.code, agency.name, agency.name_en, agency.kind, agency.district_group)

    def applied(self, stored: Agency | None) -> Agency:
        """The agency after this change: ``stored`` (or a new agency's defaults) where it gives no value."""
        base = stored or Agency(self.code)
        return Agency(
            self.code,
            base.name if self.name is None else clean(self.name),
            base.name_en if self.name_en is None else clean(self.name_en),
            base.kind if self.kind is None else self.kind,
            base.district_group if self.district_group is None else clean(self.district_group),
        )


def read_csv(data: bytes | str, source: str = "agencies.csv", *, table: bool = False) -> list[Change]:
    """Registry rows from CSV text (``code`` and any of ``name,name_en,kind,district_group``).

    A column the file does not have leaves the stored value alone, and so does an empty cell (a
    short row's missing cells too): an import adds and corrects, it never erases. A new agency
    gets the defaults (no name, kind ``other``) for what its row does not give. A cell that starts
    with the ``'`` the export puts before a name a spreadsheet would evaluate (``'=…``, ``'-…``)
    loses that one apostrophe, so export then import gives back the same names; an apostrophe
    before anything else (``'Ladprao``) is part of the name. With ``table`` the CSV is the page's
    editable table: each cell is the value itself, an emptied cell clears the name and an
    apostrophe stays.

    Every bad row is refused with its line and nothing is returned unless all rows are good: a
    code that is not 8 digits, an unknown kind, a name over :data:`MAX_NAME` characters, a code
    given twice, a row with more values than the heading has columns, a cell over the CSV
    reader's limit. A file over :data:`MAX_CSV_BYTES` is refused before it is read: a registry of
    every agency is a few dozen kilobytes."""
    if len(data) > MAX_CSV_BYTES:
        size, limit = f"{len(data) / 1e6:.1f}", f"{MAX_CSV_BYTES / 1e6:g}"
        reason = f"the file is {size} MB, over the {limit} MB limit of an agency list"
        raise AgencyError(source, reason, code="too-large", params={"size": size, "limit": limit})
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    except UnicodeDecodeError as exc:  # Excel's plain "CSV" on a Thai Windows is cp874
        line = data[: exc.start].count(b"\n") + 1 if isinstance(data, bytes) else None
        raise AgencyError(source, "the file is not UTF-8 text: save it as CSV UTF-8", line, code="not-utf8") from None
    records = _records(text, source)
    _, heading = next(records, (1, []))
    columns = {name.strip(): i for i, name in reversed(list(enumerate(heading)))}
    if "code" not in columns:
        raise AgencyError(
            source, "the first line must name the columns, starting with code,name", 1, code="no-code-column"
        )
    # A column the file does not have keeps the stored values: a misspelt one ("name_eng") would
    # then change nothing and say nothing.
    unknown = [name for name in columns if name and name not in COLUMNS]
    if unknown:
        said = {"value": unknown[0][:40], "columns": ",".join(COLUMNS)}
        reason = f'unknown column "{said["value"]}": the columns are {said["columns"]}'
        raise AgencyError(source, reason, 1, code="unknown-column", params=said)
    rows: dict[str, tuple[int, Change]] = {}
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if any(cell.strip() for cell in record[len(heading) :]):
            reason = f"the row has {len(record)} values, the heading {len(heading)} columns"
            params = {"n": len(record), "columns": len(heading)}
            raise AgencyError(source, reason, line, code="too-many-values", params=params)

        def cell(column: str, record: list[str] = record) -> str | None:
            return _value(record, columns.get(column), table=table)

        code = check_code(cell("code") or "", source, line)
        if code in rows:
            first = rows[code][0]
            reason = f"agency {code} is given twice (first on line {first})"
            raise AgencyError(source, reason, line, code="duplicate-agency", params={"code": code, "first": first})
        kind = (cell("kind") or "").strip() or None
        if kind is not None and kind not in KINDS:
            raise AgencyError(
                source,
                f'kind "{kind[:20]}" is not one of {", ".join(KINDS)}',
                line,
                code="bad-agency-kind",
                params={"value": kind[:20], "kinds": ", ".join(KINDS)},
            )
        names = {column: _name(cell(column), source, line) for column in NAMES}
        rows[code] = (line, Change(code, kind=kind, **names))
    return [change for _, change in rows.values()]


def _value(record: list[str], i: int | None, *, table: bool) -> str | None:
    """The cell at ``i`` as the registry takes it; ``None`` for no value (no such column, a short
    row, or, from a file, an empty cell), which leaves the stored value alone."""
    value = record[i] if i is not None and i < len(record) else None
    if value is None or table:
        return value
    return unprotect(value) if value.strip() else None


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records with the line each starts on; a record the reader refuses (a cell over
    its 131,072-character limit) is an :class:`AgencyError` with that line."""
    read = 0

    def lines() -> Iterator[str]:
        nonlocal read
        for line in io.StringIO(text, newline=None):  # a lone CR ends a line, as a spreadsheet saw it
            read += 1
            yield line

    reader = csv.reader(lines())
    while True:
        start = read + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" not in str(exc):  # the only error a non-strict reader of str has
                raise AgencyError(source, f"the line cannot be read as CSV ({exc})", start) from None
            limit = csv.field_size_limit()
            reason = f"a value is over {limit:,} characters, far longer than any agency name"
            raise AgencyError(source, reason, start, code="value-too-long", params={"limit": limit}) from None
        yield start, record


def _name(value: str | None, source: str, line: int | None) -> str | None:
    if value is None:
        return None
    name = clean(value)
    if len(name) > MAX_NAME:
        reason = f"a name of {len(name):,} characters; at most {MAX_NAME}"
        raise AgencyError(source, reason, line, code="name-too-long", params={"n": len(name), "limit": MAX_NAME})
    return name


def unprotect(value: str) -> str:
    """A cell without the apostrophe the export put before it (:func:`_cell`); any other as it is.

    >>> unprotect("'=SUM(A1)"), unprotect("'-สำนักงาน"), unprotect("'Ladprao"), unprotect("''-x")
    ('=SUM(A1)', '-สำนักงาน', "'Ladprao", "'-x")
    """
    text = value.strip()
    return text[1:] if text.startswith("'") and _protected(text[1:]) else value


def _protected(value: str) -> bool:
    """Whether the export writes ``value`` after an apostrophe: a spreadsheet would evaluate it,
    or it is apostrophes before such text (``'=x`` goes out as ``''=x``, import takes one off)."""
    rest = value.lstrip("'")
    return neutralise(rest) != rest


def to_csv(agencies: Iterable[Agency]) -> bytes:
    """The registry as UTF-8 CSV with a byte-order mark (Excel shows Thai)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in agencies:
        writer.writerow([_cell(v) for v in (a.code, a.name, a.name_en, a.kind, a.district_group)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    # A name a spreadsheet would evaluate is written as text: the exports' rule, leading spaces
    # included (" =HYPERLINK(…)" went out live when only the first character was looked at).
    # A name that starts with an apostrophe before such text gets one more, which import takes
    # off again (:func:`unprotect`): every name comes back as it went out.
    return "'" + value if _protected(value) else value


def shipped() -> list[Agency]:
    """The default registry, ``data/agencies.csv``."""
    try:
        return [change.applied(None) for change in read_csv(AGENCIES_CSV.read_bytes(), AGENCIES_CSV.name)]
    except OSError:
        return []


def registry(engine: Engine) -> list[Agency]:
    """Every agency the database knows, by code."""
    a = s.agencies
    with engine.connect() as conn:
        rows = conn.execute(select(a.c.code, a.c.name, a.c.name_en, a.c.kind, a.c.district_group).order_by(a.c.code))
        return [Agency(*row) for row in rows]


def clean(name: str | None) -> str:
    """A name as the registry keeps it: control and direction characters out (they would make it
    read as something else on a page), odd spaces folded.

    >>> clean(" Office\u202e A\x07 ")
    'Office A'
    """
    return normalise(name or "").strip()


def upsert(conn: Connection, agencies: Iterable[Agency | Change]) -> int:
    """Insert or update registry rows inside the caller's transaction (names :func:`clean`); the
    number added or changed. An :class:`Agency` replaces what is stored; a :class:`Change` sets
    only the values it gives (:meth:`Change.applied`)."""
    a = s.agencies
    changed = changes(conn, agencies)
    known = set(conn.execute(select(a.c.code)).scalars())
    for agency in changed:
        values = {
            "name": agency.name,
            "name_en": agency.name_en,
            "kind": agency.kind,
            "district_group": agency.district_group,
        }
        if agency.code in known:
            conn.execute(a.update().where(a.c.code == agency.code).values(**values))
        else:
            conn.execute(a.insert().values(code=agency.code, **values))
    return len(changed)


def changes(conn: Connection, agencies: Iterable[Agency | Change]) -> list[Agency]:
    """The agencies :func:`upsert` would add or change, as they would be stored; rows that
    would leave an agency as it is are not among them (what an import's preview counts)."""
    a = s.agencies
    known = {
        row.code: Agency(*row)
        for row in conn.execute(select(a.c.code, a.c.name, a.c.name_en, a.c.kind, a.c.district_group))
    }
    out: dict[str, Agency] = {}
    for x in agencies:
        change = Change.whole(x) if isinstance(x, Agency) else x
        stored = out.get(change.code, known.get(change.code))
        after = change.applied(stored)
        if after != known.get(change.code):
            out[change.code] = after
        else:
            out.pop(change.code, None)
    return list(out.values())


def rename(conn: Connection, code: str, typed: str, source: str = "agency") -> bool:
    """Give agency ``code`` the name an analyst typed for an upload (``--agency-name``, the
    upload page's field, which shows the stored name), inside the caller's transaction: whether
    the stored name changed. A name over :data:`MAX_NAME` characters is an :class:`AgencyError`,
    unless it is the name already stored."""
    name = clean(typed)
    a = s.agencies
    if not name or name == conn.execute(select(a.c.name).where(a.c.code == code)).scalar():
        return False
    _name(name, source, None)
    return upsert(conn, [Change(code, name=name)]) > 0


def ensure(conn: Connection, code: str) -> None:
    """Make sure a code is in the registry (named from the shipped file when it knows it)."""
    a = s.agencies
    if conn.execute(select(a.c.code).where(a.c.code == code)).first() is None:
        known = {x.code: x for x in shipped()}
        upsert(conn, [known.get(code, Agency(code))])
