"""Exports of article records: JSON Lines, CSV (one row per claim), brat standoff, and
schema.org ClaimReview JSON-LD.  Each works on :class:`claimledger.record.Record`
objects, so the ledger and the single-article CLI share them."""
