import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from claimledger.nlp import get_nlp
    return get_nlp()


@pytest.fixture(scope="session")
def shared():
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED
