import pytest

from tests.security.helpers import build_world


@pytest.fixture
def world(db):
    return build_world(db)
