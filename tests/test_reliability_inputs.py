"""Bounded reads and inputs that are not English news (issue 12, items 3 and 6): limits on a
file, a record, an HTML payload and standard input; special files refused without reading;
truncated WARC and gzip records skipped, never stored cut off; a gzip bomb not inflated;
links out of an ingested folder not followed; a large inline image does not swallow the
text after it; UTF-16 without a byte order mark; other languages and pages without an
article body refused with the reason."""
from __future__ import annotations

import base64
import codecs
import io
import os
import subprocess
import sys

import pytest

from claimledger.ingest import InputError, RawArticle, read_bytes, read_path
from claimledger.language import refusal_kind

PARAGRAPHS = [f"Paragraph {i}: the minister said on Tuesday that the plan for the harbour would go ahead "
              "despite the protests in the capital." for i in range(40)]
PAGE = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
ENGLISH = ("The coastguard said on Tuesday that a cargo ship lost dozens of containers in a storm off the "
           "Dutch coast, and officials warned that some of them may hold hazardous goods.")
GERMAN = ("Die Küstenwache teilte am Dienstag mit, dass ein Frachtschiff bei einem Sturm vor der "
          "niederländischen Küste Dutzende Container verloren habe. Einige davon könnten gefährliche "
          "Güter enthalten, warnten die Behörden am Abend.")


def warc(pages: list[bytes], gzip: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for i, page in enumerate(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "response",
                                                      payload=io.BytesIO(page), http_headers=http))
    return buffer.getvalue()


def items(data: bytes, name: str, **options) -> list:
    try:
        return list(read_bytes(data, name, **options))
    except InputError as error:
        return [error]


# -- limits and special files ------------------------------------------------------------

def test_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_MAX_FILE_MB", "0.001")
    big = tmp_path / "big.txt"
    big.write_text(ENGLISH * 20)
    with pytest.raises(InputError, match=r"big.txt: 0.0 MB, over the 0.001 MB file limit"):
        list(read_path(big))


def test_record_and_html_limits_name_the_record(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_MAX_RECORD_MB", "0.002")
    lines = [{"text": ENGLISH}, {"text": ENGLISH * 30}, {"html": PAGE}]
    data = "\n".join(__import__("json").dumps(line) for line in lines).encode()
    got = items(data, "feed.jsonl")
    assert isinstance(got[0], RawArticle)
    assert isinstance(got[1], InputError) and "feed.jsonl:2: the text is over the 0.002 MB record limit" in str(got[1])
    assert isinstance(got[2], InputError) and "feed.jsonl:3: HTML payload over the 0.002 MB record limit" in str(got[2])


def test_stdin_is_bounded(monkeypatch):
    code = ("import sys; from claimledger.ingest import read_path, InputError\n"
            "try:\n    list(read_path('-'))\nexcept InputError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], input=b"a" * 3000, capture_output=True, timeout=60,
                         env=dict(os.environ, CLAIMLEDGER_MAX_STDIN_MB="0.001"))
    assert out.stdout.decode().strip() == ("<stdin>: standard input is over the 0.001 MB limit "
                                           "(CLAIMLEDGER_MAX_STDIN_MB); not read")


def test_special_files_are_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer: opening it for reading would block for ever
    with pytest.raises(InputError, match="not a regular file \\(a FIFO\\)"):
        list(read_path(fifo))
    with pytest.raises(InputError, match="not a regular file \\(a character device\\)"):
        list(read_path("/dev/zero"))


# -- truncated and inflating archives ---------------------------------------------------

@pytest.mark.parametrize("gzip", [True, False])
def test_a_warc_cut_inside_a_record_never_stores_the_cut_page(gzip):
    second = PAGE.replace("minister", "mayor").encode()
    data = warc([PAGE.encode(), second], gzip=gzip)
    whole = items(data, "crawl.warc.gz", fmt="warc")
    assert [type(i) for i in whole] == [RawArticle, RawArticle]
    for cut in range(len(data) // 2, len(data) - 12, max(1, len(data) // 40)):
        got = items(data[:cut], "crawl.warc.gz", fmt="warc")
        for item in got:
            if isinstance(item, RawArticle):  # anything stored is a whole page
                assert item.text in (whole[0].text, whole[1].text), cut
        stored = [i for i in got if isinstance(i, RawArticle)]
        if len(stored) < 2:  # the lost record is reported, not silently dropped
            assert any(isinstance(i, InputError) and any(w in str(i) for w in ("truncated", " cut ", "damaged"))
                       for i in got), (cut, got)


def test_a_gzip_bomb_is_not_inflated(monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_MAX_RECORD_MB", "1")
    bomb = b"<html><body><p>" + b" " * 40_000_000 + b"</p></body></html>"
    data = warc([bomb, PAGE.encode()])
    assert len(data) < 200_000
    got = items(data, "bomb.warc.gz", fmt="warc")
    assert len(got) == 1 and isinstance(got[0], InputError)
    assert "bomb.warc.gz@0: HTML payload over the 1 MB record limit" in str(got[0])


# -- folders, inline images, encodings --------------------------------------------------

def test_links_out_of_an_ingested_folder_are_not_followed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ENGLISH)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "sub" / "b.txt").symlink_to(folder / "a.txt")  # inside: read
    got = list(read_path(folder))
    texts = [i.text for i in got if isinstance(i, RawArticle)]
    errors = [str(i) for i in got if isinstance(i, InputError)]
    assert texts == [ENGLISH, ENGLISH]
    assert any("passwd.txt: a link out of the folder (to /etc/passwd); not read" in e for e in errors)
    assert any("etc: a link out of the folder" in e for e in errors)
    assert not any("root:" in t for t in texts)


def test_a_paragraph_after_a_large_inline_image_is_kept():
    image = base64.b64encode(os.urandom(8_000_000)).decode()  # ~10.7 MB of base64, over libxml2's 10 MB node
    html = (f"<html><body><article><p>{PARAGRAPHS[0]}</p><p><img src=\"data:image/png;base64,{image}\"></p>"
            f"<p>{PARAGRAPHS[1]}</p></article></body></html>")
    [article] = items(html.encode(), "page.html")
    assert PARAGRAPHS[0] in article.text and PARAGRAPHS[1] in article.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(codec):
    data = (ENGLISH + "\n" + "Zoë and the café’s owner agreed.").encode(codec)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    [article] = items(data, "letter.txt")
    assert article.text.startswith("The coastguard said") and "café’s" in article.text


def test_binary_with_nul_bytes_is_still_binary():
    got = items(bytes(range(256)) * 20, "blob.txt")
    assert isinstance(got[0], InputError) and "binary data" in str(got[0])


# -- not English news ------------------------------------------------------------------

def test_other_languages_are_refused_english_is_not():
    kind, message = refusal_kind(GERMAN)
    assert kind == "language" and message.startswith("language de detected")
    assert refusal_kind(ENGLISH) is None
    assert refusal_kind("Trump wins") is None  # too short to tell: the benefit of the doubt


def test_pages_without_an_article_body():
    links = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Weather", "Contact us",
                       "Storm hits the coast", "Minister resigns", "Markets fall again"])
    kind, message = refusal_kind(links)
    assert kind == "no article body" and "short lines" in message
    kind, message = refusal_kind("Subscribe to continue reading. Already a subscriber? Sign in.")
    assert kind == "no article body" and "login" in message
    assert refusal_kind(ENGLISH + "\n" + ENGLISH) is None


def test_fnc1_english_bodies_are_not_refused(shared):
    """A slice of FNC-1 bodies (all English): none refused (the whole set: see README)."""
    import csv
    csv.field_size_limit(1 << 30)
    with open(shared / "data/fnc1/train_bodies.csv", encoding="utf-8", newline="") as handle:
        bodies = [row["articleBody"] for _, row in zip(range(300), csv.DictReader(handle))]
    refused = [(i, refusal_kind(b.strip())) for i, b in enumerate(bodies) if refusal_kind(b.strip())]
    assert refused == []


def test_cli_analyze_and_ingest_refuse_with_the_reason(tmp_path):
    german = tmp_path / "de.txt"
    german.write_text(GERMAN)
    out = subprocess.run([sys.executable, "-m", "claimledger.cli", "analyze", str(german)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.startswith(f"claimledger: {german}: language de detected")
    assert "claimledger analyses English news" in out.stderr
    db = tmp_path / "l.db"
    out = subprocess.run([sys.executable, "-m", "claimledger.cli", "ingest", str(german), "--no-progress",
                          "--no-stories", "--workers", "1", "--json", "--db", f"sqlite:///{db}"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert __import__("json").loads(out.stdout)["skipped_by_reason"] == {"language": 1}


def test_a_gzip_bomb_that_is_not_a_warc_is_refused_without_inflating():
    import gzip
    import time
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as packed:
        for _ in range(16):
            packed.write(b"a" * (1 << 24))  # 256 MB of one line
    started = time.perf_counter()
    got = items(buffer.getvalue(), "bomb.warc.gz")
    assert len(got) == 1 and "not a WARC file (gzip data without a WARC record header)" in str(got[0])
    assert time.perf_counter() - started < 5
