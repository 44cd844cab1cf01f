"""Workers of the 销售任务 tab (run on the runner's threads, each on that thread's connection)
and the texts both the tab and its dialogs show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from crm_desktop.services import pivot, sales_targets
from crm_desktop.services.tasks import TaskContext
from crm_desktop.ui.admin.common import chinese_ui


def load_page(ctx: TaskContext, connector, period_kind: str, period_start: date, sort: str, descending: bool,
              offset: int, limit: int, metric: str | None) -> tuple[list[dict], int]:
    conn = ctx.watch(connector.connection())
    return sales_targets.progress_page(conn, period_kind, period_start, sort=sort, descending=descending,
                                       offset=offset, limit=limit, metric=metric)


def load_mine(ctx: TaskContext, connector, period_kind: str, period_start: date) -> dict:
    conn = ctx.watch(connector.connection())
    return {"mine": sales_targets.my_progress(conn, period_kind, period_start),
            "setter": sales_targets.setter_kind(conn), "as_of": pivot.data_bounds(conn)[1]}


def elapsed_days(period_kind: str, period_start: date, as_of: date | None) -> tuple[int, int]:
    """(days of the period the loaded data covers, days of the period): completion is computed
    from the facts up to the last T+1 load, so early in a month 30 % can be on pace."""
    end = sales_targets.period_end(period_kind, period_start)
    total = (end - period_start).days
    if as_of is None or as_of < period_start:
        return 0, total
    return min(total, (as_of - period_start).days + 1), total


def set_target(ctx: TaskContext, connector, subject_kind: str, subject: str, period_kind: str, period_start: date,
               metric: str, value: str) -> int:
    conn = connector.connection()
    subject_id = sales_targets.resolve_subject(conn, subject_kind, subject)
    return sales_targets.set_target(conn, subject_kind, subject_id, period_kind, period_start, metric, value)


def delete_target(ctx: TaskContext, connector, target_id: int) -> None:
    sales_targets.delete_target(connector.connection(), target_id)


def load_weights(ctx: TaskContext, connector) -> dict:
    return sales_targets.contribution_weights(connector.connection())


def set_weights(ctx: TaskContext, connector, net_commission: str, interest_spread: str) -> None:
    sales_targets.set_contribution_weights(connector.connection(), net_commission, interest_spread)


def write_template(ctx: TaskContext, path: str, lang: str) -> str:
    return str(sales_targets.write_template(path, lang))


def import_targets(ctx: TaskContext, connector, path: str) -> sales_targets.ImportReport:
    return sales_targets.import_xlsx(connector.connection(), path)


def label(labels: dict[str, tuple[str, str]], key: str | None) -> str:
    if key is None:
        return ""
    zh, en = labels.get(key, (key, key))
    return zh if chinese_ui() else en


def metric_label(metric: str) -> str:
    return label(sales_targets.METRIC_LABELS, metric)


def subject_kind_label(kind: str) -> str:
    return label(sales_targets.SUBJECT_LABELS, kind)


def figure_text(metric: str, value: Any) -> str:
    """A target or actual value as users read it: 元 with two decimals, accounts as a count."""
    if value is None:
        return ""
    if metric in sales_targets.MONEY_METRICS:
        return f"{Decimal(value) / 100:,.2f}"
    return f"{int(value):,}"


def unit_text(metric: str) -> str:
    return (QCoreApplication.translate("SalesTargets", "yuan") if metric in sales_targets.MONEY_METRICS
            else QCoreApplication.translate("SalesTargets", "accounts"))


def percent_text(completion: Any) -> str:
    """One decimal; a loss too small to show is 0.0 %, not "-0.0%"."""
    if completion is None:
        return ""
    percent = round(Decimal(completion) * 100, 1)
    return f"{percent + 0:.1f}%" if percent else "0.0%"
