"""claimledger: news articles to an auditable ledger of claims.

``claimledger.analyze(text, title=None, published=None, url=None)`` returns the typed
:class:`claimledger.record.Record` of one article (schema ``claimledger/1``).
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["analyze", "__version__"]


def analyze(text, title=None, published=None, url=None):
    """Analyse one article; see :func:`claimledger.pipeline.analyze`."""
    from .pipeline import analyze as _analyze
    return _analyze(text, title=title, published=published, url=url)
