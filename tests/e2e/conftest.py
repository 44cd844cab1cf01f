from tests.gui.conftest import gate_password, isolated_settings, no_timers_left_behind, profile, runner  # noqa: F401 - shared fixtures
