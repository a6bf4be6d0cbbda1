"""The error boundary: expected failures to one line for the user and an exit code.

Exit codes (the CLI's contract, also in README "Limits and failure behaviour"):

* 0 everything was done;
* 1 some records were skipped (each reported on stderr with where it came from);
* 2 bad usage, or nothing could be done (an unreadable input, a database that cannot be
  reached or is not a claimledger ledger, a file that cannot be written);
* 130 interrupted (Ctrl-C); what was committed stays.

:func:`describe` maps the exception types a command meets in normal use (our own
:class:`ClaimledgerError` and :class:`~claimledger.ingest.InputError`, SQLAlchemy's
``ArgumentError``/``OperationalError``/``DatabaseError``, ``sqlite3.DatabaseError``,
``OSError`` and its kinds, ``MemoryError``) to that line.  Anything else is a bug: the
CLI shows a short line and, with ``--debug``, the traceback.
"""
from __future__ import annotations

import errno
import re
from typing import Optional

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class ClaimledgerError(Exception):
    """An expected failure with a message meant for the user (one line) and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(ClaimledgerError):
    """A bad argument, found before anything is opened."""


class LedgerError(ClaimledgerError):
    """A ledger that is missing, not ours, out of date, read-only or unreachable."""


def safe_url(url: str) -> str:
    """A database URL fit to print: the password masked."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", str(url))


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def describe(error: BaseException, db: Optional[str] = None) -> Optional[tuple[str, int]]:
    """(message, exit code) for an expected failure, None for anything else (a bug).

    ``db`` is the database URL the command used, named in database messages."""
    from claimledger.ingest.model import InputError
    where = safe_url(db) if db else "the database"
    if isinstance(error, ClaimledgerError):
        return str(error), error.exit_code
    if isinstance(error, InputError):
        return str(error), EXIT_USAGE
    if isinstance(error, MemoryError):
        return ("out of memory; lower the size limits (CLAIMLEDGER_MAX_RECORD_MB) or the number "
                "of --workers", EXIT_USAGE)
    message = _describe_database(error, where)
    if message:
        return message, EXIT_USAGE
    if isinstance(error, OSError):
        return describe_os_error(error), EXIT_USAGE
    return None


def describe_os_error(error: OSError, name: Optional[str] = None) -> str:
    """A file-system failure naming the file and what to do."""
    name = name or error.filename or "a file"
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"{name}: {reason}; free some space (nothing half-written was kept)"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{name}: {reason}; check its permissions or choose another path"
    if isinstance(error, FileNotFoundError):
        return f"{name}: no such file or directory"
    if isinstance(error, NotADirectoryError):
        return f"{name}: a part of the path is not a folder"
    return f"{name}: {reason}"


def _server_reason(text: str) -> str:
    """The server's own words from a libpq message ("FATAL:  role "x" does not exist")."""
    return text.split("FATAL:", 1)[-1].strip() if "FATAL:" in text else text


def _describe_database(error: BaseException, where: str) -> Optional[str]:
    """SQLAlchemy and DB-API failures in words."""
    import sqlite3
    try:
        from sqlalchemy import exc as sa_exc
    except ImportError:  # the ledger extra is not installed
        sa_exc = None
    if sa_exc is not None and isinstance(error, sa_exc.NoSuchModuleError):
        return (f"--db {where}: unknown database driver ({_first_line(error)}); use sqlite:///PATH or "
                "postgresql+psycopg://USER@HOST:PORT/DB")
    if sa_exc is not None and isinstance(error, sa_exc.ArgumentError):
        return (f"--db {where}: not a database URL; use sqlite:///PATH or "
                "postgresql+psycopg://USER@HOST:PORT/DB")
    original = getattr(error, "orig", None) or error
    if not (isinstance(original, sqlite3.Error) or (sa_exc is not None and isinstance(error, sa_exc.DBAPIError))
            or type(original).__module__.startswith("psycopg")):
        return None
    text = _first_line(original)
    low = str(original).lower()
    if "file is not a database" in low or "file is encrypted" in low:
        return f"{where} is not a SQLite database; it was left untouched (choose another --db)"
    if "database or disk is full" in low or "no space left" in low:
        return f"{where}: the disk is full; free some space and run again (committed articles are kept)"
    if "readonly database" in low or "read-only" in low:
        return f"{where} is read-only; reading works, writing needs write permission on the file and its folder"
    if "unable to open database file" in low:
        return f"{where}: cannot open the database file; check that its folder exists and is writable"
    if "database is locked" in low:
        return f"{where} is locked by another process; try again when it has finished"
    if "role" in low and "does not exist" in low or "password authentication failed" in low \
            or "no password supplied" in low:
        return f"{where}: {_server_reason(text)}; check the user name and password in the URL"
    if "does not exist" in low and "database" in low:
        return f"{where}: {text}; create it (createdb) or fix the database name"
    if ("connection refused" in low or "could not connect" in low or "connection failed" in low
            or "timeout" in low or "server closed the connection" in low or "connection is closed" in low
            or "name or service not known" in low or "could not translate host name" in low):
        return f"{where}: cannot reach the database server ({text}); is it running?"
    if sa_exc is not None and isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)) \
            or isinstance(original, sqlite3.OperationalError):
        return f"{where}: database error ({text})"
    if isinstance(original, sqlite3.DatabaseError):
        return f"{where}: damaged or foreign SQLite file ({text}); it was left untouched"
    return None
