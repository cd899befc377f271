"""Command-line arguments, checked as argparse reads them: a wrong one is the same one line
``error: …`` as every other failure, and nothing is opened, created or written before it is known
to be right. The rules themselves are :mod:`kpi_core.analysis.validators`, shared with the app.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn, TypeVar

from kpi_core.analysis import validators as v
from kpi_core.reading.errors import KpiError

EXIT_DONE = 0
EXIT_UNEXPECTED = 1  # a fault of ours or of the machine: worth a bug report
EXIT_USAGE = 2  # bad input (an argument, a file, a database address) or nothing matched
DEBUG_ENV = "KPI_DEBUG"  # set to 1 to see the traceback behind an unexpected error
T = TypeVar("T")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the same one line as every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see: {self.prog} --help)\n")


def _arg(check: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse ``type`` from a validator: its sentence becomes the usage error."""

    def convert(value: str) -> T:
        try:
            return check(value)
        except v.InputError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None

    convert.__name__ = getattr(check, "__name__", "value")
    return convert


def between(low: int, high: int) -> Callable[[str], int]:
    return _arg(lambda value: v.whole_number(value, "value", low, high))


def size_mb(value: str) -> float:
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not 0.01 <= size <= 1000:
        raise argparse.ArgumentTypeError(f"{value} is not between 0.01 and 1000")
    return size


fiscal_year = _arg(v.fiscal_year)
report_id = _arg(v.record_id)
search_query = _arg(v.search_query)
agency_code = _arg(v.agency_code)
plan_dimension = _arg(v.plan_dimension)


def text(max_length: int) -> Callable[[str], str]:
    return _arg(lambda value: v.text(value, "value", max_length))


def check_database_url(url: str, *, explicit: bool) -> str:
    """The URL, if this tool can open it; else :class:`KpiError` saying what to give instead.

    SQLite files and PostgreSQL through psycopg 3 only. An ``explicit`` SQLite file (``--db``,
    ``KPI_DATABASE_URL``) must be in a folder that exists: a typo in a path would otherwise make
    folders and an empty database, and the command would report on nothing. The password never
    appears in a message.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    hint = "give sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise KpiError("--db", f"not a database URL; {hint}") from None
    shown = parsed.render_as_string(hide_password=True)
    backend, _, driver = parsed.drivername.partition("+")  # not get_driver_name(): it imports the driver
    if backend == "postgresql" and driver != "psycopg":
        raise KpiError(shown, "PostgreSQL goes through psycopg 3: write postgresql+psycopg://…")
    if (backend, driver) not in (("sqlite", ""), ("sqlite", "pysqlite"), ("postgresql", "psycopg")):
        raise KpiError(shown, f"not a database URL this tool opens; {hint}")
    database = parsed.database or ""
    if backend == "sqlite" and database not in ("", ":memory:") and not database.startswith("file:"):
        path = Path(database)
        if path.is_dir():
            raise KpiError(shown, "that is a folder, not a database file")
        if explicit and not path.parent.is_dir():
            raise KpiError(shown, f"the folder {path.parent} does not exist")
    return url


ENV_URL = "KPI_DATABASE_URL"  # kpi_core.storage.store.ENV_URL; here so that --help imports nothing
SECRETS = Path(".streamlit") / "secrets.toml"


def secrets_files(home: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """Where ``streamlit run`` reads ``st.secrets`` from, in its order: the user's file, then the
    project's (``.streamlit/secrets.toml`` in the folder the command runs in), which wins."""
    return [(home or Path.home()) / SECRETS, (cwd or Path.cwd()) / SECRETS]


def secrets_url(files: list[Path] | None = None) -> tuple[str, Path] | None:
    """``KPI_DATABASE_URL`` from the secrets files the app reads, and the file it came from.

    Read with tomllib, as Streamlit reads them, so that the command line and the app open the
    same database without the core importing streamlit. A file that is not TOML is an error,
    not a silent fall back to another database.
    """
    found: tuple[str, Path] | None = None
    for path in files if files is not None else secrets_files():
        try:
            doc: Mapping[str, object] = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise KpiError(str(path), f"cannot read the secrets file ({first_line(exc)})") from None
        value = doc.get(ENV_URL)
        if isinstance(value, str) and value.strip():
            found = (value.strip(), path)
    return found


def database_choice(flag: str | None, env: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """The database a command opens and where that came from, first found wins: ``--db``, then
    ``KPI_DATABASE_URL`` in the environment, then in ``.streamlit/secrets.toml`` (as the app
    reads it), then the default SQLite file (``None``: the store creates and seeds it)."""
    environ = os.environ if env is None else env
    if flag:
        return flag, "--db"
    if environ.get(ENV_URL):
        return environ[ENV_URL], ENV_URL
    from_secrets = secrets_url()
    if from_secrets is not None:
        return from_secrets[0], str(from_secrets[1])
    return None, "default"


def hidden_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def first_line(exc: BaseException) -> str:
    """The driver's own sentence: SQLAlchemy appends the SQL and a web address on further lines."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0][:300] if lines else type(cause).__name__


def output_path(name: str) -> Path:
    """Where a command writes a file: refused before any work when it cannot be written there."""
    path = Path(name)
    if path.is_dir():
        raise KpiError(name, "that is a folder; give a file name")
    if not path.parent.is_dir():
        raise KpiError(name, f"the folder {path.parent} does not exist")
    return path


def one_line(exc: Exception) -> str:
    """One line for any failure: ours carry their own; the database's and the disk's are named."""
    if isinstance(exc, KpiError):
        return exc.message
    if isinstance(exc, OSError):
        return f"{exc.filename or 'file'}: {exc.strerror or exc}"
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        return f"database: {first_line(exc)}"
    return f"unexpected {type(exc).__name__}: {first_line(exc)} ({DEBUG_ENV}=1 shows the traceback)"
