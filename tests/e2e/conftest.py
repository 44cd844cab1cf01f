from tests.gui.conftest import (gate_password, isolated_settings, no_modifier_keys_held,  # noqa: F401 - shared fixtures
                                  no_timers_left_behind, profile, runner)
