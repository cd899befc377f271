"""The schema's versions: what each added, and how an older database is brought up to date.

:func:`kpi_core.storage.store.create_schema` runs :func:`upgrade` in one write transaction when
:func:`schema_version` is behind; a migration that fails leaves the database as it was.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, inspect, select, text, update

from kpi_core.analysis.fold import fold, fold_tokens
from kpi_core.analysis.status import risk_flags
from kpi_core.analysis.vocabulary import raw_tokens
from kpi_core.reading.errors import ReportError
from kpi_core.reading.parse import parse_report
from kpi_core.reading.thai import HIDDEN_CHARACTERS as _HIDDEN
from kpi_core.reading.thai import normalise, repair, show_hidden
from kpi_core.storage import agencies as registry
from kpi_core.storage import schema as s
from kpi_core.storage.agencies import clean
from kpi_core.storage.versions import recompute

SCHEMA_VERSION = 12  # 2: versions per scope, agency registry; 3: login_throttle; 4: indicators.risks;
# 5: search_docs.folded with a trigram index; 6: settings and revoked_sessions (sign-in cookies);
# 7: indicators.keywords (computed at ingest; older rows keep NULL); 8: hidden characters out of
# stored texts, the unused token index dropped; 9: nameless passages scoped by their own bytes;
# 10: where a cut file ends (indicators.cut_line, cut_in, by_position; quarters.in_file);
# 11: an index on reports (agency_code, fiscal_year); 12: an index of whole words (the tokens)


def upgrade(conn: Connection) -> bool:
    """Create missing tables and bring an older database up to date, inside the caller's write
    transaction; True when the database was new."""
    new = not conn.dialect.has_table(conn, "meta")
    old = schema_version(conn)
    if not new and old < 2:
        _migrate(conn)
    if not new and old < 4:
        _add_risks(conn)
    if not new and old < 5:
        conn.execute(text("ALTER TABLE search_docs ADD COLUMN folded TEXT NOT NULL DEFAULT ''"))
    if not new and old < 7:
        conn.execute(text("ALTER TABLE indicators ADD COLUMN keywords TEXT"))
    if not new and old < 10:
        _add_cut_columns(conn)
    s.metadata.create_all(conn)  # tables added since (login_throttle, settings, …) need nothing more
    if not new and old < 11:  # create_all makes the indexes of new tables only
        next(ix for ix in s.reports.indexes if ix.name == "ix_reports_agency_year").create(conn, checkfirst=True)
    if not new and old < SCHEMA_VERSION:
        conn.execute(update(s.meta).where(s.meta.c.key == "schema_version").values(value=SCHEMA_VERSION))
    _create_search_indexes(conn)
    if not new and old < 5:
        _fold_stored_texts(conn)
    if not new and old < 8:
        _drop_token_index(conn)
        _take_out_hidden_characters(conn)
    if not new and old < 9:
        _scope_nameless_passages(conn)
    if not new and old < 10:
        _mark_cut_files(conn)
    if not new and old < 12:  # PostgreSQL built its index on creation; SQLite's FTS5 starts empty
        s.rebuild_text_indexes(conn)
    if new:
        conn.execute(insert(s.meta).values(key="data_version", value=0))
        conn.execute(insert(s.meta).values(key="schema_version", value=SCHEMA_VERSION))
        registry.upsert(conn, registry.shipped())
    return new


def schema_version(conn: Connection) -> int:
    """The schema version a database is at: -1 when it has no tables, 1 before versions were kept."""
    if not conn.dialect.has_table(conn, "meta"):
        return -1
    value = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 1


def _migrate(conn: Connection) -> None:
    """Schema 1 → 2: new columns, the current flag per scope, the registry's new columns.
    (Its schema_version row is raised to the newest by the caller.)"""
    for table, column, ddl in (
        ("agencies", "name_en", "TEXT NOT NULL DEFAULT ''"),
        ("agencies", "kind", "VARCHAR(16) NOT NULL DEFAULT 'other'"),
        ("agencies", "district_group", "TEXT NOT NULL DEFAULT ''"),
        ("reports", "agency_code_source", "VARCHAR(10) NOT NULL DEFAULT 'header'"),
        ("reports", "scope", "TEXT NOT NULL DEFAULT 'report'"),
        ("reports", "current_since", "INTEGER NOT NULL DEFAULT 0"),
        ("indicators", "current", "BOOLEAN NOT NULL DEFAULT false"),
    ):
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))
    conn.execute(text("DROP INDEX IF EXISTS uq_reports_current"))
    # Every version was of the whole agency-year: the old current report keeps that scope.
    conn.execute(update(s.reports).values(current_since=s.reports.c.id))
    conn.execute(
        update(s.indicators)
        .where(s.indicators.c.report_id.in_(select(s.reports.c.id).where(s.reports.c.current, ~s.reports.c.deleted)))
        .values(current=True)
    )
    # The shipped registry fills in what an older database knew only by code (or by the same name).
    stored = dict(conn.execute(select(s.agencies.c.code, s.agencies.c.name)).tuples().all())
    registry.upsert(conn, [a for a in registry.shipped() if stored.get(a.code, a.name) in ("", a.name)])
    conn.execute(insert(s.meta).values(key="schema_version", value=1))


def _create_search_indexes(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text(s.SQLITE_TRIGRAM))
        conn.execute(text(s.SQLITE_WORDS))
        return
    for statement in (*s.POSTGRES_TRIGRAM, *s.POSTGRES_WORDS):
        conn.execute(text(statement))


def _fold_stored_texts(conn: Connection) -> None:
    """Schema 5: the folded form of every stored search text, and its trigram index."""
    d = s.search_docs
    for row in conn.execute(select(d.c.id, d.c.body)).all():
        conn.execute(update(d).where(d.c.id == row.id).values(folded=fold(row.body)))
    s.rebuild_text_indexes(conn)


def _scope_nameless_passages(conn: Connection) -> None:
    """Schema 9: a passage that names no indicator (no code, no name) was scoped ``name:``, so a
    second such passage of the agency-year replaced the first. It is now a version of itself
    alone (``file:`` and its sha256): every one not deleted is current again, and the
    agency-years' views are recomputed; the data version moves on if anything changed."""
    r = s.reports
    touched: set[tuple[str, int]] = set()
    for row in conn.execute(select(r.c.id, r.c.scope, r.c.sha256, r.c.deleted, r.c.agency_code, r.c.fiscal_year)).all():
        keys = row.scope.split("|")
        if "name:" not in keys:
            continue
        scope = "|".join(sorted(f"file:{row.sha256}" if k == "name:" else k for k in keys))
        # A passage alone under "name:" was replaced only by another nameless one: it is current
        # again unless deleted. A page that also names indicators keeps what it was.
        current = {"current": not row.deleted} if keys == ["name:"] else {}
        conn.execute(update(r).where(r.c.id == row.id).values(scope=scope, **current))
        touched.add((row.agency_code, row.fiscal_year))
    for agency, year in sorted(touched):
        recompute(conn, agency, year)
    if touched:
        conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))


def _add_cut_columns(conn: Connection) -> None:
    """Schema 10: the columns that say where a cut file ends; every stored row starts unmarked.
    A column already there (a database that went back a version number) is left as it is."""
    have = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in ("indicators", "quarters")}
    for table, column, ddl in (
        ("indicators", "cut_line", "INTEGER"),
        ("indicators", "cut_in", "VARCHAR(16) NOT NULL DEFAULT ''"),
        ("indicators", "by_position", "BOOLEAN NOT NULL DEFAULT false"),
        ("quarters", "in_file", "BOOLEAN NOT NULL DEFAULT true"),
    ):
        if column not in have[table]:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _mark_cut_files(conn: Connection) -> None:
    """Schema 10: each stored file read again from its original bytes, to mark the indicators it
    was cut in and those whose narratives were placed by position. A stored indicator is marked
    only when the file reads again into an indicator of the same line and name; one that does not
    (a file the parser now reads otherwise, or refuses) stays unmarked, as it showed before. The
    data version moves on if anything was marked."""
    r, i, q = s.reports, s.indicators, s.quarters
    marked = 0
    for report in conn.execute(select(r.c.id, r.c.original, r.c.source_name)).all():
        try:
            parsed = parse_report(report.original, report.source_name)
        except ReportError:
            continue
        wanted = {(ind.line, ind.name): ind for ind in parsed.indicators if ind.cut_line or ind.by_position}
        if not wanted:
            continue
        stored = select(i.c.id, i.c.line, i.c.name, i.c.cut_line, i.c.cut_in, i.c.by_position)
        for row in conn.execute(stored.where(i.c.report_id == report.id)).all():
            ind = wanted.get((row.line, row.name))
            if ind is None:
                continue  # the file does not read again into this indicator: left unmarked
            values = {"cut_line": ind.cut_line, "cut_in": ind.cut_in, "by_position": ind.by_position}
            if values == {"cut_line": row.cut_line, "cut_in": row.cut_in, "by_position": row.by_position}:
                continue  # marked already (a database that went back a version number)
            conn.execute(update(i).where(i.c.id == row.id).values(**values))
            for quarter in ind.quarters:
                if not quarter.in_file:
                    where = (q.c.indicator_id == row.id) & (q.c.quarter == quarter.quarter)
                    conn.execute(update(q).where(where).values(in_file=False))
            marked += 1
    if marked:
        conn.execute(update(s.meta).where(s.meta.c.key == "data_version").values(value=s.meta.c.value + 1))


def _drop_token_index(conn: Connection) -> None:
    """Schema 8: the full-text index over search_docs.tokens, which no query has used since
    search moved to the trigram index (schema 5), and which PostgreSQL kept up at every insert."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TABLE IF EXISTS search_fts"))
    else:
        conn.execute(text("DROP INDEX IF EXISTS ix_search_docs_tsv"))


_TEXT_COLUMNS = (
    ("indicators", ("name", "name_detail", "eval_heading", "eval_label", "plan_dimension_title", "plan_goal_title",
                    "kpi_type", "unit", "summary", "supporting_projects", "definition")),
    ("quarters", ("report",)),
    ("agencies", ("name", "name_en", "district_group")),
)  # fmt: skip


def _take_out_hidden_characters(conn: Connection) -> None:
    """Schema 8: control and direction characters out of what was stored before the parser took
    them out (they could make a text read as another on a page), as it does now; file names keep
    them written out (``\\u202e``); the search texts of a changed text are made again."""
    for name, columns in _TEXT_COLUMNS:
        table = s.metadata.tables[name]
        keys = list(table.primary_key.columns)
        for row in conn.execute(select(*keys, *(table.c[c] for c in columns))).all():
            changed = {
                c: repair(v) if name != "agencies" else clean(v)
                for c, v in zip(columns, row[len(keys) :], strict=True)
                if isinstance(v, str) and _HIDDEN.search(v)
            }
            if changed:
                where = [k == v for k, v in zip(keys, row, strict=False)]
                conn.execute(update(table).where(*where).values(**changed))
    r = s.reports
    for row in conn.execute(select(r.c.id, r.c.source_name)).all():
        if _HIDDEN.search(row.source_name):
            conn.execute(update(r).where(r.c.id == row.id).values(source_name=show_hidden(row.source_name)))
    d = s.search_docs
    remade = 0
    for row in conn.execute(select(d.c.id, d.c.body)).all():
        if _HIDDEN.search(row.body):
            body = repair(row.body)
            values = {"body": body, "norm": normalise(body).lower(), "folded": fold(body)}
            conn.execute(update(d).where(d.c.id == row.id).values(tokens=fold_tokens(body, raw_tokens(body)), **values))
            remade += 1
    if remade:
        s.rebuild_text_indexes(conn)


def _add_risks(conn: Connection) -> None:
    """Schema 4: risk flags stored per indicator, read once from the stored narratives."""
    conn.execute(text("ALTER TABLE indicators ADD COLUMN risks TEXT NOT NULL DEFAULT ''"))
    texts: dict[int, list[str]] = {}
    for row in conn.execute(select(s.quarters.c.indicator_id, s.quarters.c.report)):
        texts.setdefault(row.indicator_id, []).append(row.report or "")
    for row in conn.execute(select(s.indicators.c.id, s.indicators.c.summary)).all():
        risks = ",".join(risk_flags([*texts.get(row.id, []), row.summary or ""]))
        if risks:
            conn.execute(update(s.indicators).where(s.indicators.c.id == row.id).values(risks=risks))
