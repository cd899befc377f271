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
from collections.abc import Iterable
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


def read_csv(data: bytes | str, source: str = "agencies.csv") -> list[Agency]:
    """Registry rows from CSV text (``code,name[,name_en,kind,district_group]``); every bad row
    is reported with its line, and nothing is returned unless all rows are good. A file over
    :data:`MAX_CSV_BYTES` is refused before it is read: a registry of every agency is a few
    dozen kilobytes."""
    if len(data) > MAX_CSV_BYTES:
        size, limit = f"{len(data) / 1e6:.1f}", f"{MAX_CSV_BYTES / 1e6:g}"
        reason = f"the file is {size} MB, over the {limit} MB limit of an agency list"
        raise AgencyError(source, reason, code="too-large", params={"size": size, "limit": limit})
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    except UnicodeDecodeError as exc:  # Excel's plain "CSV" on a Thai Windows is cp874
        line = data[: exc.start].count(b"\n") + 1 if isinstance(data, bytes) else None
        raise AgencyError(source, "the file is not UTF-8 text: save it as CSV UTF-8", line, code="not-utf8") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        raise AgencyError(
            source, "the first line must name the columns, starting with code,name", 1, code="no-code-column"
        )
    rows: dict[str, Agency] = {}
    for row in reader:
        line = reader.line_num
        code = check_code(row.get("code") or "", source, line)
        kind = (row.get("kind") or "other").strip() or "other"
        if kind not in KINDS:
            raise AgencyError(
                source,
                f'kind "{kind[:20]}" is not one of {", ".join(KINDS)}',
                line,
                code="bad-agency-kind",
                params={"value": kind[:20], "kinds": ", ".join(KINDS)},
            )
        rows[code] = Agency(
            code, clean(row.get("name")), clean(row.get("name_en")), kind, clean(row.get("district_group"))
        )
    return list(rows.values())


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
    return str(neutralise(value))


def shipped() -> list[Agency]:
    """The default registry, ``data/agencies.csv``."""
    try:
        return read_csv(AGENCIES_CSV.read_bytes(), AGENCIES_CSV.name)
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


def upsert(conn: Connection, agencies: Iterable[Agency]) -> int:
    """Insert or update registry rows inside the caller's transaction (names :func:`clean`); the
    number changed."""
    agencies = [Agency(x.code, clean(x.name), clean(x.name_en), x.kind, clean(x.district_group)) for x in agencies]
    a = s.agencies
    known = {
        row.code: Agency(*row)
        for row in conn.execute(select(a.c.code, a.c.name, a.c.name_en, a.c.kind, a.c.district_group))
    }
    changed = 0
    for agency in agencies:
        values = {
            "name": agency.name,
            "name_en": agency.name_en,
            "kind": agency.kind,
            "district_group": agency.district_group,
        }
        if agency.code not in known:
            conn.execute(a.insert().values(code=agency.code, **values))
        elif known[agency.code] != agency:
            conn.execute(a.update().where(a.c.code == agency.code).values(**values))
        else:
            continue
        changed += 1
    return changed


def ensure(conn: Connection, code: str) -> None:
    """Make sure a code is in the registry (named from the shipped file when it knows it)."""
    a = s.agencies
    if conn.execute(select(a.c.code).where(a.c.code == code)).first() is None:
        known = {x.code: x for x in shipped()}
        upsert(conn, [known.get(code, Agency(code))])
