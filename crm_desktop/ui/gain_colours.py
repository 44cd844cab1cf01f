"""涨跌颜色: the one place that decides which colour a gain and a loss take, in every table and
chart (analysis grid and heat map, analysis chart, the customer's history).

Mainland Chinese convention (the default): gains red, losses green (红涨绿跌). The other
convention (gains green, losses red) is a per-PC setting under 视图 View; views repaint when it
changes (`notifier().changed`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

SETTING_KEY = "ui/gain_colours"
RED_GAINS = "red_gains"          # 红涨绿跌
GREEN_GAINS = "green_gains"      # gains green, losses red
CONVENTIONS = (RED_GAINS, GREEN_GAINS)
RED, GREEN = "#d0312d", "#1e8a4c"

# Measures whose sign is a gain or a loss (the others are amounts: a negative one is not a loss).
GAIN_LOSS_MEASURES = frozenset({"pnl"})


def convention_label(code: str) -> str:
    return {RED_GAINS: QCoreApplication.translate("GainColours", "Gains red, losses green"),
            GREEN_GAINS: QCoreApplication.translate("GainColours", "Gains green, losses red")}[code]


class _Notifier(QObject):
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def convention() -> str:
    code = QSettings().value(SETTING_KEY, RED_GAINS, str)
    return code if code in CONVENTIONS else RED_GAINS


def set_convention(code: str) -> None:
    if code not in CONVENTIONS:
        raise ValueError(f"unknown colour convention {code!r}")
    if code != convention():
        QSettings().setValue(SETTING_KEY, code)
        notifier().changed.emit()


def gain_colour() -> str:
    return RED if convention() == RED_GAINS else GREEN


def loss_colour() -> str:
    return GREEN if convention() == RED_GAINS else RED


def colour_of(value) -> str | None:
    """The colour of a gain (> 0) or a loss (< 0); None for zero or no value."""
    if value is None or value == 0:
        return None
    return gain_colour() if value > 0 else loss_colour()
