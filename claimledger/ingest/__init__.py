"""Readers: files in many formats to :class:`RawArticle`.

``read_path`` picks a reader by extension and content; every reader raises
:class:`InputError` (one clear line, no traceback at the CLI) on bad input.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


class InputError(ValueError):
    """Input that cannot be read as an article; the message is shown to the user as is."""


@dataclass
class RawArticle:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    url: Optional[str] = None
    origin: Optional[str] = None  # where it came from: "file.jsonl:12", "crawl.warc.gz@1234"
