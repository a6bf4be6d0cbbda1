"""The error boundary (issue 12, item 1): every expected failure of every command is one
``claimledger: ...`` line on stderr with the documented exit code, no traceback unless
``--debug``; arguments are checked before anything is opened."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.cli import main

ARTICLE = ("Officials said on Monday that the bridge over the river would reopen next week "
           "after repairs, the council confirmed in a statement.\n")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("claimledger: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("argv, words", [
    (["claims", "--limit", "0"], "--limit: must be at least 1"),
    (["claims", "--limit", "-1"], "--limit: must be at least 1"),
    (["claims", "--limit", "many"], "whole number"),
    (["sources", "--limit", "0"], "--limit"),
    (["alerts", "--limit", "-1"], "--limit: must be at least 1"),
    (["alerts", "--db", "notaurl"], "not a database URL"),
    (["claims", "--since", "yesterday"], "YYYY-MM-DD"),
    (["claims", "--since", "2024-02-30"], "YYYY-MM-DD"),
    (["claims", "--story", "99999999999999"], "no such id"),
    (["claims", "--story", "-3"], "at least 1"),
    (["claims", "--search", "  "], "must not be empty"),
    (["story", ""], "must not be empty"),
    (["stats", "--db", "notaurl"], "not a database URL"),
    (["stats", "--db", "mysql://u@h/db"], "unsupported database"),
    (["stats", "--db", "postgresql://u@h:abc/db"], "malformed"),
    (["ingest", "x.txt", "--workers", "0"], "--workers"),
    (["ingest", "x.txt", "--format", "pdf"], "unknown input format"),
    (["analyze", "x.txt", "--published", "yesterday"], "YYYY-MM-DD"),
    (["analyze", "x.txt", "--url", "not a url"], "http(s) address"),
    (["analyze", "x.txt", "--format", "pdf"], "invalid choice"),
])
def test_bad_arguments_are_one_line_and_exit_2_before_anything_opens(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)  # the default ledger would be ./claimledger.db
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert words in one_line(err)
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_missing_sqlite_ledger_is_not_created_by_read_commands(capsys, tmp_path):
    missing = tmp_path / "typo.db"
    for command in (["stats"], ["claims"], ["sources"], ["stories"], ["story", "troops"],
                    ["export", "--format", "jsonl"]):
        code, _, err = run(capsys, *command, "--db", f"sqlite:///{missing}")
        assert code == 2, command
        assert f"no ledger at {missing}" in one_line(err)
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_unreachable_postgres_and_missing_database_are_one_line(capsys):
    code, _, err = run(capsys, "stats", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert code == 2 and "cannot reach the database server" in one_line(err)
    code, _, err = run(capsys, "stats", "--db", "postgresql+psycopg://postgres@127.0.0.1:5432/no_such_db_cl12")
    assert code == 2 and "does not exist" in one_line(err)


def test_export_into_a_missing_folder_names_the_folder(capsys, tmp_path):
    code, _, err = run(capsys, "export", "--format", "jsonl", "-o", str(tmp_path / "nope" / "out.jsonl"),
                       "--db", f"sqlite:///{tmp_path / 'l.db'}")
    assert code == 2 and f"the folder {tmp_path / 'nope'} does not exist" in one_line(err)


def test_analyze_unreadable_inputs_each_one_line_exit_2(capsys, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "analyze", str(fifo), "/dev/zero", str(tmp_path / "missing.txt"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in err
    assert "not a regular file (a FIFO)" in lines[0] and "a character device" in lines[1]
    assert "no such file" in lines[2]


def test_analyze_bom_junk_says_nothing_left_exit_2(capsys, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfeab")  # a UTF-16 BOM, then one character of a foreign script
    code, out, err = run(capsys, "analyze", str(junk), "--json")
    assert code == 2 and out == ""
    assert "nothing left to analyse" in one_line(err)


def test_invalid_json_date_and_numeric_title_are_warned_about(capsys, tmp_path):
    data = tmp_path / "a.jsonl"
    data.write_text('{"title": 42, "published": "soon", "text": %s}\n' % __import__("json").dumps(ARTICLE))
    code, out, err = run(capsys, "analyze", str(data), "--jsonl")
    assert code == 0 and out.strip()
    assert f"{data}:1: title 42 is a int, not text; ignored" in err
    assert f"{data}:1: published 'soon' is not a date; ignored" in err


def test_internal_errors_are_one_line_and_debug_shows_the_traceback(capsys, tmp_path, monkeypatch):
    text = tmp_path / "a.txt"
    text.write_text(ARTICLE)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr("claimledger.pipeline.analyze", broken)
    code, _, err = run(capsys, "analyze", str(text))
    assert code == 2 and "internal error (RuntimeError: boom)" in one_line(err) and "--debug" in err
    code, _, err = run(capsys, "--debug", "analyze", str(text))
    assert code == 2 and "Traceback" in err and "RuntimeError: boom" in err


def test_the_installed_command_prints_no_traceback(tmp_path):
    """The real entry point in a subprocess: a file that is not a database, as --db."""
    not_db = tmp_path / "notes.db"
    not_db.write_text("my notes\n")
    out = subprocess.run([sys.executable, "-m", "claimledger.cli", "claims", "--db", f"sqlite:///{not_db}"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip() == f"claimledger: {not_db} is not a SQLite database; it was left untouched " \
                                 "(choose another --db)"
    assert not_db.read_text() == "my notes\n"
