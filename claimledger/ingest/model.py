"""The readers' two types; re-exported by :mod:`claimledger.ingest`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


class InputError(ValueError):
    """Input that cannot be read as an article; the message is shown to the user as is.

    Raised for an input that cannot be read at all; yielded (not raised) by the readers
    for one bad record of a multi-record input, so that the other records still come.
    """


@dataclass
class RawArticle:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    url: Optional[str] = None
    origin: Optional[str] = None  # where it came from: "file.jsonl:12", "crawl.warc.gz@1234"
    id: Optional[str] = None  # the record's own id when the input has one (CSV id column, JSON "id")
    # what was ignored in a usable record ("published 'soon' is not a date"), each naming the record
    warnings: list[str] = field(default_factory=list)
