"""The story vector index (claimledger/ledger/vector_index.py) on its own: upsert replaces a
key's vector in place (batch membership test), remove, save + view/load round trip with
``covered_seq``, a damaged file rebuilt as empty."""
from __future__ import annotations

import numpy as np

from claimledger.ledger.vector_index import VectorIndex

DIMS = 32


def _unit(rng, n):
    vectors = rng.standard_normal((n, DIMS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_upsert_replaces_present_keys_and_adds_new_ones():
    rng = np.random.default_rng(3)
    first = _unit(rng, 20)
    index = VectorIndex(DIMS)
    index.upsert(range(100, 120), first)
    assert len(index) == 20
    moved = _unit(rng, 3)
    # two keys already present (105, 110) and one new (500) in one batch
    index.upsert([105, 110, 500], moved)
    assert len(index) == 21
    for key, vector in zip((105, 110, 500), moved):
        best, similarity = index.search(vector, 1)[0]
        assert best == key and similarity > 0.95
    # the old vector of 105 no longer leads to 105
    assert all(key != 105 or sim < 0.95 for key, sim in index.search(first[5], 3))
    index.remove([110, 999])
    assert len(index) == 20
    assert 110 not in [key for key, _ in index.search(moved[1], 20)]


def test_saved_index_is_viewed_and_loaded_with_its_covered_seq(tmp_path):
    rng = np.random.default_rng(4)
    vectors = _unit(rng, 50)
    path = tmp_path / "ledger.db.stories.usearch"
    index = VectorIndex(DIMS, path)
    index.upsert(range(1, 51), vectors)
    index.covered_seq = 77
    index.save()
    for view in (True, False):
        again = VectorIndex(DIMS, path, view=view)
        assert len(again) == 50 and again.covered_seq == 77 and again.read_only is view
        assert again.search(vectors[9], 1)[0][0] == 10
    # another dimension (another embedding model): the file is ignored, rebuilt from the database
    assert len(VectorIndex(DIMS * 2, path)) == 0
    path.write_bytes(b"not an index")
    damaged = VectorIndex(DIMS, path)
    assert len(damaged) == 0 and damaged.covered_seq == 0
