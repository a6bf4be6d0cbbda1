"""Readers: every format to RawArticle, bad records reported with their place, bad inputs refused."""
import codecs
import gzip
import io
import logging
import sys
from pathlib import Path

import pytest

from claimledger.ingest import InputError, RawArticle, iter_articles, read_bytes, read_path
from claimledger.ingest.textutil import normalize_date, normalize_text, reads_as_headline

FIX = Path(__file__).parent / "fixtures" / "ingest"


def items(path, **kw):
    return list(read_path(path, **kw))


def articles(found):
    return [x for x in found if isinstance(x, RawArticle)]


def errors(found):
    return [str(x) for x in found if isinstance(x, InputError)]


# --- plain text -------------------------------------------------------------------------------

def test_txt_first_line_is_title_when_it_reads_as_a_headline():
    [art] = items(FIX / "flood.txt")
    assert art.title == "Flood defences fail as river bursts its banks in Yorkshire"
    assert art.text.startswith("Hundreds of homes were evacuated in the town of Selby")
    assert art.text.endswith('"We have never seen water levels like this," one resident told the BBC.')
    assert art.origin == str(FIX / "flood.txt")
    assert art.published is None and art.url is None


def test_txt_without_headline_keeps_whole_text_as_body():
    [art] = items(FIX / "statement.txt")
    assert art.title is None
    assert art.text.startswith("The central bank held its main interest rate at 4.5% on Thursday")
    assert art.text.count("\n") == 1


@pytest.mark.parametrize("line, expected", [
    ("Flood defences fail as river bursts its banks in Yorkshire", True),
    ("Is Pyongyang closed off amid coup rumours?", False),
    ("The minister resigned on Tuesday.", False),
    ('He told reporters: "We will not back down."', False),
    ("LATEST DEVELOPMENTS:", False),
    ("LONDON, Oct 24 -", False),
    ("Outrage as North Korean flag ‘flies’ on captured Ukrainian territory ‘confirming’ Kim Jong-un’s "
     "troops are helping Putin", True),
    ("word " * 26, False),
    ("Breaking", False),
    ("and then the rain came down all night", False),
])
def test_reads_as_headline(line, expected):
    assert reads_as_headline(line) is expected


def test_single_line_text_has_no_title():
    [art] = read_bytes(b"Storm batters the coast of Cornwall overnight", "one.txt")
    assert art.title is None and art.text == "Storm batters the coast of Cornwall overnight"


# --- HTML -------------------------------------------------------------------------------------

def test_html_page_body_title_date_url():
    [art] = items(FIX / "council.html")
    assert art.title == "Council approves £14m river bridge"
    assert art.published == "2024-10-24"          # from the page metadata, not "12 March 2023" in the body
    assert art.url == "https://gazette.example.org/news/2024/10/24/council-approves-bridge"
    assert art.text.startswith("The city council voted 7-2 on Thursday")
    assert "Opposition councillor Ruth Ahmed said" in art.text
    assert "All rights reserved" not in art.text and "Sport" not in art.text
    assert not art.text.startswith("Council approves")   # the headline is not repeated in the body


def test_html_fragment_too_short_for_trafilatura_is_still_read():
    [art] = read_bytes(b"<html><body><p>The mayor said the bridge will open in May.</p></body></html>", "x.html")
    assert art.text == "The mayor said the bridge will open in May."


def test_html_without_text_is_refused():
    with pytest.raises(InputError, match="empty.html: no article text"):
        list(read_bytes(b"<html><head><title></title></head><body><script>var a=1;</script></body></html>",
                        "empty.html"))


# --- JSON and JSON Lines ----------------------------------------------------------------------

def test_json_list_good_items_and_a_bad_one():
    found = items(FIX / "articles.json")
    first, third = articles(found)
    assert first.title == "Wildfire forces evacuation of mountain villages"
    assert first.published == "2024-08-11" and first.id == "wf-11"
    assert first.url == "https://news.example.com/wildfire-alora"
    assert "\r" not in first.text and first.text.count("\n") == 1
    assert first.origin == f"{FIX / 'articles.json'}:item 1"
    assert third.title == "Port strike ends after pay deal"      # "headline" key
    assert third.published == "2024-08-12"                       # RFC 2822 "Mon, 12 Aug 2024 07:00 +0100"
    assert third.text == ("Dock workers at the port of Felixstowe returned to work on Monday after accepting "
                          "a 7% pay rise, their union said.\nThe strike had lasted eight days.")
    assert errors(found) == [f"{FIX / 'articles.json'}:item 2: no text ('text' or 'html' field)"]


def test_json_single_object_without_text_raises():
    with pytest.raises(InputError, match=r"^one.json: no text"):
        list(read_bytes(b'{"title": "Only a title", "url": "https://x.example"}', "one.json"))


def test_invalid_json_file_raises_with_position():
    with pytest.raises(InputError, match=r"^bad.json: invalid JSON \(Expecting ',' delimiter: line 2"):
        list(read_bytes(b'{"title": "A",\n "text": "B" "url": 1}', "bad.json"))


def test_json_wrapper_object_with_articles_list():
    data = b'{"articles": [{"title": "Bridge opens", "text": "The bridge opened to traffic on Monday."}]}'
    [art] = read_bytes(data, "wrapped.json")
    assert art.title == "Bridge opens" and art.origin == "wrapped.json:item 1"


def test_jsonl_bad_lines_do_not_stop_the_rest():
    name = str(FIX / "articles.jsonl")
    found = items(FIX / "articles.jsonl")
    assert [a.origin for a in articles(found)] == [f"{name}:1", f"{name}:4"]
    assert [a.published for a in articles(found)] == ["2024-11-27", "2024-11-30"]
    assert errors(found) == [
        f"{name}:2: invalid JSON (Unterminated string starting at: column 36)",
        f"{name}:5: expected a JSON object, got list",
        f"{name}:6: no text ('text' or 'html' field)",
    ]


def test_iter_articles_hands_bad_records_to_on_error():
    seen = []
    arts = list(iter_articles(FIX / "articles.jsonl", on_error=seen.append))
    assert [a.title for a in arts] == ["Rail fares to rise by 4.6%", "Museum reopens"]
    prefix = f"{FIX / 'articles.jsonl'}:"
    assert [str(e)[len(prefix):].split(":")[0] for e in seen] == ["2", "5", "6"]


def test_iter_articles_logs_bad_records_by_default(caplog):
    with caplog.at_level(logging.WARNING, logger="claimledger.ingest"):
        arts = list(iter_articles(FIX / "articles.jsonl"))
    assert len(arts) == 2
    assert sum("invalid JSON" in r.getMessage() for r in caplog.records) == 1


# --- CSV --------------------------------------------------------------------------------------

def test_csv_text_and_id_columns():
    name = str(FIX / "bodies.csv")
    found = items(FIX / "bodies.csv", text_column="articleBody", id_column="Body ID")
    first, second = articles(found)
    assert first.origin == f"{name}:row 1 (Body ID 712)" and first.id == "712"
    assert first.text.startswith("Police in Lyon arrested three men on Friday")
    assert "\n\nThe suspects are due to appear" in first.text      # multi-line cell kept
    assert second.origin == f"{name}:row 3 (Body ID 714)"
    assert errors(found) == [f"{name}:row 2 (Body ID 713): empty text"]


def test_csv_without_the_text_column_raises_naming_the_columns():
    with pytest.raises(InputError, match=r"no column 'text' \(columns: Body ID, articleBody\)"):
        items(FIX / "bodies.csv")


def test_csv_title_and_date_columns_are_used():
    data = "id,title,date,text\n9,Dam bursts in Libya,11/09/2023,Floods swept through the city of Derna.\n"
    [art] = read_bytes(data.encode(), "news.csv", id_column="id")
    assert (art.title, art.published, art.id) == ("Dam bursts in Libya", "2023-11-09", "9")


def test_csv_fnc1_train_bodies(shared):
    found = items(shared / "data" / "fnc1" / "train_bodies.csv", text_column="articleBody", id_column="Body ID")
    assert errors(found) == []
    arts = articles(found)
    assert len(arts) == 1683
    assert arts[0].origin.endswith("train_bodies.csv:row 1 (Body ID 0)")
    assert arts[0].text.startswith("A small meteorite crashed into a wooded area in Nicaragua")


# --- WARC -------------------------------------------------------------------------------------

PAGE = """<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>
<p>{para}</p><p>Officials said the work would take about three months to complete.</p></article></body></html>"""


def _write_warc(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)

    def response(uri, body, ctype="text/html; charset=utf-8", status="200 OK", date="2024-10-24T10:00:00Z"):
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                        warc_headers_dict={"WARC-Date": date})
        writer.write_record(rec)

    writer.write_record(writer.create_warc_record("https://city.example/a", "request",
                                                  payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
    response("https://city.example/a", PAGE.format(
        title="Water main bursts in city centre",
        meta='<meta property="article:published_time" content="2024-09-30T08:00:00Z">',
        para="A water main burst under the high street on Monday, flooding shops, the water company said."
    ).encode())
    response("https://city.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png")
    response("https://city.example/gone", b"<html><body><p>Not found</p></body></html>", status="404 Not Found")
    response("https://city.example/b", PAGE.format(
        title="Library to close for repairs", meta="",
        para="The central library will close for repairs from next week, the council announced on Thursday."
    ).encode(), date="2024-10-03T12:00:00Z")
    return out.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles(gz, tmp_path):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_write_warc(gz))
    found = items(path)
    assert errors(found) == []
    first, second = articles(found)
    assert (first.url, first.published) == ("https://city.example/a", "2024-09-30")   # page date wins
    assert (second.url, second.published) == ("https://city.example/b", "2024-10-03")  # WARC-Date fallback
    assert second.title == "Library to close for repairs"
    assert second.text.startswith("The central library will close for repairs")
    # the origin's offset points at the record in the file
    from warcio.archiveiterator import ArchiveIterator
    for art in (first, second):
        name, _, offset = art.origin.rpartition("@")
        assert name == str(path)
        record = next(iter(ArchiveIterator(io.BytesIO(path.read_bytes()[int(offset):]))))
        assert record.rec_headers.get_header("WARC-Target-URI") == art.url


def test_warc_is_sniffed_from_content_on_stdin_like_input():
    arts = list(read_bytes(_write_warc(True), "<stdin>"))
    assert [a.url for a in arts] == ["https://city.example/a", "https://city.example/b"]


def test_damaged_warc_keeps_what_came_before():
    data = _write_warc(False)
    cut = data.index(b"WARC/1.0", data.index(b"https://city.example/logo.png") - 200)
    damaged = data[:cut] + b"this is not a record\r\n\r\n" + data[cut:]
    found = list(read_bytes(damaged, "broken.warc"))
    assert [a.url for a in articles(found)] == ["https://city.example/a"]
    [err] = errors(found)
    assert err.startswith("broken.warc@") and "damaged WARC record" in err


def test_garbage_named_warc_raises():
    with pytest.raises(InputError, match=r"^junk.warc.gz: not a (readable )?WARC file"):
        list(read_bytes(gzip.compress(b"hello, this is not a web archive\n"), "junk.warc.gz", fmt="warc"))


# --- feeds ------------------------------------------------------------------------------------

def test_rss_entries_content_summary_and_missing_body():
    name = str(FIX / "news.rss")
    found = items(FIX / "news.rss")
    tanker, airline = articles(found)
    assert tanker.title == "Tanker runs aground off Brittany coast"
    assert tanker.published == "2024-10-24"        # as written (-0500), not shifted to UTC
    assert tanker.url == "https://wire.example.com/tanker-brittany"
    assert tanker.text == ("A fuel tanker ran aground off the coast of Brittany late on Thursday, the French "
                           "coastguard said.\nAll 22 crew members were airlifted to safety, according to the "
                           "maritime prefecture.")
    assert tanker.origin == f"{name}:entry 1"
    assert airline.text.startswith("The airline said it would cancel 1,200 flights")
    assert errors(found) == [f"{name}:entry 3: no content or summary"]


def test_atom_entry():
    [art] = items(FIX / "updates.atom")
    assert (art.title, art.published) == ("Budget vote postponed", "2024-12-02")
    assert art.url == "https://cityhall.example.org/budget-vote"
    assert art.text.startswith("The council postponed its budget vote to 9 December")


def test_xml_that_is_not_a_feed_raises():
    with pytest.raises(InputError, match=r"^notes.xml: (not an RSS/Atom feed|the feed has no entries)"):
        list(read_bytes(b"<?xml version='1.0'?><notes><note>Buy milk</note></notes>", "notes.xml", fmt="feed"))


# --- sniffing and stdin -----------------------------------------------------------------------

@pytest.mark.parametrize("fixture, expected_title", [
    ("articles.json", "Wildfire forces evacuation of mountain villages"),
    ("articles.jsonl", "Rail fares to rise by 4.6%"),
    ("council.html", "Council approves £14m river bridge"),
    ("news.rss", "Tanker runs aground off Brittany coast"),
    ("updates.atom", "Budget vote postponed"),
    ("flood.txt", "Flood defences fail as river bursts its banks in Yorkshire"),
])
def test_format_sniffed_from_content_without_a_name(fixture, expected_title):
    found = list(read_bytes((FIX / fixture).read_bytes(), "<stdin>"))
    assert articles(found)[0].title == expected_title


def test_csv_sniffed_when_header_has_the_text_column():
    found = list(read_bytes((FIX / "bodies.csv").read_bytes(), "<stdin>", text_column="articleBody"))
    assert len(articles(found)) == 2


def test_stdin_dash(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO((FIX / "flood.txt").read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [art] = read_path("-")
    assert art.origin == "<stdin>" and art.title.startswith("Flood defences fail")


# --- folders ----------------------------------------------------------------------------------

def test_folder_walk_sorted_skips_hidden_and_unsupported_and_reports_bad_files():
    root = FIX / "folder"
    found = items(root)
    assert [a.origin for a in articles(found)] == [
        str(root / "flood.txt"), f"{root / 'sub' / 'articles.jsonl'}:1", f"{root / 'sub' / 'articles.jsonl'}:4"]
    assert errors(found)[-1] == f"{root / 'sub' / 'empty.txt'}: empty input"
    assert not any(".hidden" in (a.origin or "") or "notes.docx" in (a.origin or "") for a in articles(found))


# --- refused inputs ---------------------------------------------------------------------------

def test_empty_input_raises():
    with pytest.raises(InputError, match=r"^blank.txt: empty input$"):
        list(read_bytes(b"  \n\n ", "blank.txt"))


def test_binary_data_raises():
    with pytest.raises(InputError, match=r"image.txt: binary data \(NUL bytes\), not text"):
        items(FIX / "image.txt")
    with pytest.raises(InputError, match="binary data"):
        list(read_bytes(bytes(range(1, 32)) * 20, "noise.bin"))


def test_undecodable_bytes_raise():
    with pytest.raises(InputError, match=r"big5.txt: not UTF-8 text \(byte 0xa4 at offset 0\)"):
        items(FIX / "big5.txt")


def test_clear_cp1252_text_is_read():
    [art] = items(FIX / "cp1252.txt")
    assert art.text.startswith("Café owners in the old town")
    assert "“worrying”" in art.text


def test_byte_order_marks():
    text = "Tram line extended\nThe tram line will be extended by 4 km, the city said."
    for data in (codecs.BOM_UTF8 + text.encode("utf-8"), text.encode("utf-16")):
        [art] = read_bytes(data, "bom.txt")
        assert art.title == "Tram line extended" and art.text.endswith("the city said.")


def test_unknown_format_missing_file_and_plain_gzip_raise(tmp_path):
    with pytest.raises(InputError, match="unknown input format 'docx'"):
        list(read_bytes(b"text", "x", fmt="docx"))
    with pytest.raises(InputError, match="no such file or directory"):
        items(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="gzip-compressed data"):
        list(read_bytes(gzip.compress(b"plain words"), "story.txt.gz", fmt="txt"))


def test_empty_folder_raises(tmp_path):
    with pytest.raises(InputError, match="no readable files"):
        items(tmp_path)


# --- normalisation ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-10-24T10:00:00Z", "2024-10-24"),
    ("2024-10-24T23:30:00-05:00", "2024-10-24"),
    ("2024/10/24", "2024-10-24"),
    ("20241024", "2024-10-24"),
    ("Thu, 24 Oct 2024 10:00:00 GMT", "2024-10-24"),
    ("Thu, 24 Oct 2024 23:30:00 -0500", "2024-10-24"),
    ("October 24, 2024", "2024-10-24"),
    ("24 Oct 2024", "2024-10-24"),
    (1729764000, "2024-10-24"),
    ("October 2024", None),
    ("yesterday", None),
    ("2024-02-30", None),
    ("", None),
    (None, None),
])
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_normalize_text_line_endings_and_controls():
    assert normalize_text("\r\nOne\r\nTwo\rThree\u2028Four\x00 five\x07\n\n") == "One\nTwo\nThree\nFour five"


def test_single_article_path_does_not_import_the_ledger_extras():
    import subprocess
    code = ("import sys; from claimledger.ingest import read_bytes; "
            "list(read_bytes(b'Bridge opens\\nThe bridge opened on Monday.', 'a.txt')); "
            "print(sorted(m for m in ('warcio', 'feedparser', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
