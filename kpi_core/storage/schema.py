"""Database tables (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Report versions are immutable rows; "current" is a flag, so restoring an old version is a flag
flip and nothing is ever overwritten. Versions follow the documents (DESIGN.md §6): a file
replaces the current file of the same *scope* (``report`` for an agency report, the indicator's
key for a single-indicator page), and ``indicators.current`` holds the resulting view of each
agency-year, recomputed by :mod:`kpi_core.storage.versions` on every change. The search index
lives in ``search_docs`` (normalised text plus PyThaiNLP tokens joined by spaces) with an
engine-specific full-text index on top.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", Text, nullable=False, server_default=""),  # Thai name
    Column("name_en", Text, nullable=False, server_default=""),
    Column("kind", String(16), nullable=False, server_default="other"),  # district, department, other
    Column("district_group", Text, nullable=False, server_default=""),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(16), ForeignKey("agencies.code"), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("source_name", Text, nullable=False),
    Column("format", String(20), nullable=False),
    Column("fiscal_year_source", String(10)),
    Column("agency_code_source", String(10), nullable=False, server_default="header"),
    # What the file is the current version of: "report" (the agency-year's set of indicators) or
    # "kpi:<code>" / "name:<folded name>" (one indicator, from a single-indicator page) /
    # "file:<sha256>" (a passage that names no indicator: a version of itself alone).
    Column("scope", Text, nullable=False, server_default="report"),
    # data_version at which the file last became current: among current files, the later wins.
    Column("current_since", Integer, nullable=False, server_default="0"),
    Column("original", LargeBinary, nullable=False),
    Column("issues_json", Text, nullable=False, server_default="[]"),
    Column("uploaded_by", Text, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("current", Boolean, nullable=False, server_default=text("false")),
    Column("deleted", Boolean, nullable=False, server_default=text("false")),
)
# At most one current version per agency, fiscal year and scope, enforced by the database itself.
Index(
    "uq_reports_current_scope",
    reports.c.agency_code,
    reports.c.fiscal_year,
    reports.c.scope,
    unique=True,
    sqlite_where=reports.c.current,
    postgresql_where=reports.c.current,
)

# Every version of one agency-year (versions.recompute at every ingest): without it each ingest
# read the whole reports table, original bytes and all, 27 ms a file at the start of a national
# load and 273 ms at its end.
Index("ix_reports_agency_year", reports.c.agency_code, reports.c.fiscal_year)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    # Identity of "the same indicator" across versions and years: agency + code, or agency + name.
    Column("ident", Text, nullable=False, index=True),
    Column("seq", Integer),
    Column("kpi_code", String(32)),
    Column("name", Text, nullable=False),
    Column("name_detail", Text, nullable=False, server_default=""),
    Column("eval_heading", Text),
    Column("eval_dimension", Integer),
    Column("eval_label", Text, nullable=False, server_default=""),
    Column("plan_pillar", Integer),
    Column("plan_dimension_code", String(16)),
    Column("plan_dimension_title", Text, nullable=False, server_default=""),
    Column("plan_goal_code", String(16)),
    Column("plan_goal_title", Text, nullable=False, server_default=""),
    Column("plan_goal_truncated", Boolean, nullable=False, server_default=text("false")),
    Column("kpi_type", Text),
    Column("unit", Text, nullable=False, server_default=""),
    Column("target", Float),
    Column("result", Float),
    Column("summary", Text, nullable=False, server_default=""),
    Column("supporting_projects", Text, nullable=False, server_default=""),
    Column("definition", Text, nullable=False, server_default=""),
    Column("line", Integer, nullable=False),
    # In the current view of its agency-year: its file is current and no later current file
    # brings the same indicator (versions.recompute keeps this true).
    Column("current", Boolean, nullable=False, server_default=text("false"), index=True),
    # Risk flags read from its narratives at ingest (comma-separated codes): not per query.
    Column("risks", Text, nullable=False, server_default=""),
    # The indicator's keywords, best first, separated by a space; NULL for an indicator stored
    # before schema 7 (the app then reads them from its texts when it is shown).
    Column("keywords", Text),
    # Where the file ends inside this indicator when it was cut there (its last indicator), and the
    # section it ends in ("q3", "definition"; "" in a heading's first letters). NULL: not cut, or
    # stored before schema 10 from a file that no longer reads the same.
    Column("cut_line", Integer),
    Column("cut_in", String(16), nullable=False, server_default=""),
    # Its narratives were given to quarters by their order: the passage had no report headings.
    Column("by_position", Boolean, nullable=False, server_default=text("false")),
)

quarters = Table(
    "quarters",
    metadata,
    Column("indicator_id", Integer, ForeignKey("indicators.id"), primary_key=True),
    Column("quarter", Integer, primary_key=True),
    Column("value", Float),
    Column("sed_score", Float),
    Column("assessment_a", Float),
    Column("assessment_b", Float),
    Column("report", Text, nullable=False, server_default=""),
    Column("line", Integer),
    # False when the file was cut before this quarter's report: "not in the file", not "no report".
    Column("in_file", Boolean, nullable=False, server_default=text("true")),
)

directions = Table(
    "directions",
    metadata,
    Column("ident", Text, primary_key=True),
    Column("direction", String(4), nullable=False),
    Column("set_by", Text, nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("report_id", Integer),
    Column("sha256", String(64)),
    Column("detail", Text, nullable=False, server_default=""),
)

# Sign-in throttle: one row per user name, per client and one for everybody ("all"); the counts
# are read and raised in one write transaction, so parallel sessions cannot race past them.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("last_at", DateTime(timezone=True), nullable=False),
    Column("wait_until", DateTime(timezone=True)),
)

# Settings the app makes for itself and every replica must share, e.g. the key that signs
# sign-in cookies when none is configured (kpi_core.access.session). Never shipped in the repo.
settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Sign-in tokens ended by logging out, until they would have expired anyway (then purged): a
# copied cookie stops working on every replica.
revoked_sessions = Table(
    "revoked_sessions",
    metadata,
    Column("token_id", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

search_docs = Table(
    "search_docs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_id", Integer, ForeignKey("indicators.id"), nullable=False, index=True),
    Column("quarter", Integer),
    Column("field", String(24), nullable=False),
    Column("body", Text, nullable=False),  # the text as shown
    Column("norm", Text, nullable=False),  # normalised and lower-cased, for snippets
    Column("folded", Text, nullable=False, server_default=""),  # analysis.fold: what substring search matches
    Column("tokens", Text, nullable=False),  # PyThaiNLP tokens joined by spaces, for full-text search
)

# Substring search over the folded text from a trigram index: SQLite FTS5's trigram tokenizer
# (3.34+), PostgreSQL's pg_trgm with a GIN index (a trusted extension: the database owner may
# create it). Terms of one or two characters cannot use either and fall back to a bounded scan.
SQLITE_TRIGRAM = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_tri USING fts5("
    "folded, content='search_docs', content_rowid='id', tokenize='trigram')"
)
POSTGRES_TRIGRAM = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_docs_trgm ON search_docs USING GIN (folded gin_trgm_ops)",
)

# Whole words from an index of the tokens (schema 12), so that a text holding the word itself is
# found however many newer texts hold it inside a longer word (ปรึกษา in ที่ปรึกษา). SQLite: FTS5
# over the space-separated tokens, every letter, digit and mark a token character (Thai vowels and
# tone marks are marks, which unicode61 would otherwise split on). PostgreSQL: a GIN index of the
# token array. Either narrows; the exact test is a LIKE on the tokens.
SQLITE_WORDS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_words USING fts5("
    "tokens, content='search_docs', content_rowid='id', "
    "tokenize=\"unicode61 categories 'L* N* Co M*' separators ' '\")"
)
POSTGRES_WORDS = (
    "CREATE INDEX IF NOT EXISTS ix_search_docs_words ON search_docs USING GIN (string_to_array(tokens, ' '))",
)
SQLITE_INDEXES = ("search_tri", "search_words")  # FTS5 tables over search_docs


def rebuild_text_indexes(conn: Connection) -> None:
    """SQLite's FTS5 indexes read from search_docs again, after its texts changed in place
    (PostgreSQL's indexes follow every UPDATE)."""
    if conn.dialect.name == "sqlite":
        for index in SQLITE_INDEXES:
            conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))
