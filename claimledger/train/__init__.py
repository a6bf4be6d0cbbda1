"""Training of claimledger's small learned parts, run by ``make train`` (CPU, reproducible)."""
