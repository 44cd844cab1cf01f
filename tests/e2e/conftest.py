from tests.gui.conftest import gate_password, isolated_settings  # noqa: F401 - shared fixtures
