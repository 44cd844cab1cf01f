from tests.gui.conftest import gate_password, isolated_settings, profile, runner  # noqa: F401 - shared fixtures
