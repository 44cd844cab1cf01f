"""待人工确认 Review queue (FAQ 31): reservations the matcher could not decide (several accounts,
an older customer's mobile, already developed, a rejected approval), for the development
approvers of their branch. Each item's candidate accounts side by side with why each matched or
failed; confirm one (the development request starts as after an automatic match), reject with a
reason, or extend the matching window. The server re-checks everything
(crm.resolve_reservation); a second approver's click answers "already resolved"."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from crm_desktop.services import reservations as rs
from crm_desktop.ui.approvals import common
from crm_desktop.ui.approvals.common import chinese_ui, fmt_date, is_stale, reason_label, translate
from crm_desktop.ui.messages import error_text
from crm_desktop.ui.approvals.models import KeysetModel
from crm_desktop.ui.table_model import Column

CONFIRMABLE_COLOR = "#1b6b34"
DETAIL_REASONS = ("already_developed", "approval_rejected", "approval_failed")
BLOCKED_COLOR = "#8a1c1c"


def _queue_columns() -> list[Column]:
    return [
        Column("name", translate("Review", "Name")),
        Column("id_no", translate("Review", "ID number")),
        Column("mobile", translate("Review", "Mobile")),
        Column(lambda r: r.get("branch_name") or r.get("branch_code"), translate("Review", "Branch")),
        Column("staff_name", translate("Review", "Registered by")),
        Column("registered_on", translate("Review", "Registered on"), fmt_date),
        Column("window_end", translate("Review", "Window ends"), fmt_date),
        Column(lambda r: reason_label(r.get("reason")), translate("Review", "Why in review"),
               tooltip=lambda r: "\n".join(x for x in (reason_label(r.get("reason")), r.get("reason_detail") or "")
                                           if x) or None),
    ]


def _why(row: dict) -> str:
    return "；".join(row.get("why_zh") or ()) if chinese_ui() else "; ".join(row.get("why_en") or ())


def _candidate_columns() -> list[Column]:
    def verdict(row: dict) -> str:
        return translate("Review", "Can be confirmed") if row.get("confirmable") \
            else translate("Review", "Cannot be confirmed")

    color = (lambda r: CONFIRMABLE_COLOR if r.get("confirmable") else BLOCKED_COLOR)
    return [
        Column("account_no", translate("Review", "Account")),
        Column("name", translate("Review", "Customer name")),
        Column("id_no", translate("Review", "ID number")),
        Column("mobile", translate("Review", "Mobile")),
        Column("open_date", translate("Review", "Opened on"), fmt_date),
        Column(lambda r: r.get("branch_name") or r.get("branch_code"), translate("Review", "Branch")),
        Column(lambda r: r.get("developer_name") or translate("Review", "none"), translate("Review", "Developer")),
        Column(verdict, translate("Review", "Decision"), foreground=color),
        Column(_why, translate("Review", "Why it matched or failed"), tooltip=_why),
    ]


def _candidates(reservation_id: int, conn, after_id=None, limit: int = 200) -> list[dict]:
    """At most 50 candidates: one page (the next page, asked for by keyset, is empty)."""
    return [] if after_id is not None else rs.review_candidates(conn, reservation_id)


def _table(name: str, model: KeysetModel, widths: list[int]) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    unit = view.fontMetrics().horizontalAdvance("0")
    for column, chars in enumerate(widths):     # from the widest expected value, never the rows
        view.setColumnWidth(column, chars * unit + 16)
    return view


class ReviewPage(QWidget):
    def __init__(self, tab):
        super().__init__()
        self.tab = tab
        self.setObjectName("approvals_review")
        self.busy = False

        self.model = KeysetModel(tab.runner, tab.connection, _queue_columns(), fetch=rs.review_queue, parent=self)
        self.model.failed.connect(tab.show_refusal)
        self.view = _table("reviewTable", self.model, [9, 19, 12, 14, 12, 11, 11])
        self.candidates = KeysetModel(tab.runner, tab.connection, _candidate_columns(), parent=self,
                                      key="customer_id")
        self.candidates.failed.connect(tab.show_refusal)
        self.candidate_view = _table("reviewCandidates", self.candidates, [12, 13, 19, 12, 11, 14, 9, 18])

        self.count_label = QLabel(objectName="reviewCount")
        self.count_label.setStyleSheet("color: #666;")
        hint = QLabel(self.tr("Reservations the automatic match could not decide. Choose one to compare its "
                              "candidate accounts."))
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)

        self.reservation_label = QLabel(objectName="reviewReservation")
        self.reservation_label.setWordWrap(True)
        self.reservation_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_button = QPushButton(self.tr("Confirm this account"), objectName="reviewConfirm")
        self.confirm_button.setToolTip(self.tr("Start the development approval for the staff member who registered "
                                               "the reservation, as an automatic match does"))
        self.confirm_button.clicked.connect(self.confirm)
        self.reject_button = QPushButton(self.tr("Reject…"), objectName="reviewReject")
        self.reject_button.setToolTip(self.tr("End the reservation with a reason"))
        self.reject_button.clicked.connect(self.reject)
        self.days = QSpinBox(objectName="reviewDays", minimum=1, maximum=rs.MAX_EXTEND_DAYS, value=10)
        self.days.setSuffix(self.tr(" working days"))
        self.extend_button = QPushButton(self.tr("Extend"), objectName="reviewExtend")
        self.extend_button.setToolTip(self.tr("Open the reservation again: accounts opened within the extended "
                                              "window are matched after the next loads"))
        self.extend_button.clicked.connect(self.extend)

        box = QGroupBox(self.tr("Candidate accounts"))
        actions = QHBoxLayout()
        actions.addWidget(self.confirm_button)
        actions.addStretch(1)
        actions.addWidget(self.reject_button)
        actions.addWidget(self.days)
        actions.addWidget(self.extend_button)
        inner = QVBoxLayout(box)
        inner.addWidget(self.reservation_label)
        inner.addWidget(self.candidate_view, 1)
        inner.addLayout(actions)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(hint, 1)
        head.addWidget(self.count_label)
        top_layout.addLayout(head)
        top_layout.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)

        self.view.selectionModel().selectionChanged.connect(lambda *_: self._item_changed())
        self.candidate_view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._item_changed)
        self.model.loading_changed.connect(lambda _: self._update())
        self.candidates.modelReset.connect(self._update)
        self._shown_id: int | None = None
        self._update()

    # loading ---------------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.model.loaded_once and not self.model.loading:
            self.reload()

    def reload(self) -> None:
        self.model.reload()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def selected_candidate(self) -> dict | None:
        rows = self.candidate_view.selectionModel().selectedRows()
        return self.candidates.row(rows[0].row()) if rows else None

    def _item_changed(self) -> None:
        row = self.selected()
        reservation_id = row.get("id") if row else None
        if reservation_id != self._shown_id:
            self._shown_id = reservation_id
            if row is None:
                self.candidates.set_fetch(lambda conn, after_id=None, limit=200: [])
            else:
                self.candidates.set_fetch(partial(_candidates, reservation_id))
        self._update()

    def _update(self) -> None:
        row = self.selected()
        candidate = self.selected_candidate()
        self.count_label.setText(self.tr("%1 items").replace("%1", str(self.model.rowCount())) +
                                 ("+" if self.model.has_more else ""))
        self.confirm_button.setEnabled(not self.busy and row is not None and bool(candidate)
                                       and bool(candidate.get("confirmable")))
        self.reject_button.setEnabled(not self.busy and row is not None)
        self.extend_button.setEnabled(not self.busy and row is not None)
        self.days.setEnabled(row is not None)
        if row is None:
            self.reservation_label.setText(self.tr("Choose a reservation above."))
            return
        parts = [f"<b>{row.get('name', '')}</b>"] + [row[k] for k in ("id_no", "mobile") if row.get(k)]
        parts.append(self.tr("registered by %1 on %2").replace("%1", row.get("staff_name") or "")
                     .replace("%2", fmt_date(row.get("registered_on"))))
        parts.append(reason_label(row.get("reason")))
        # The matcher's own explanations are English sentences the reason already says in words;
        # a developer's name and an approver's comment are data worth showing.
        if row.get("reason_detail") and row.get("reason") in DETAIL_REASONS:
            parts.append(row["reason_detail"])
        self.reservation_label.setText(" · ".join(p for p in parts if p))
        self.reservation_label.setToolTip(row.get("reason_detail") or "")

    # decisions -----------------------------------------------------------------------------------------------
    def confirm(self) -> None:
        row, candidate = self.selected(), self.selected_candidate()
        if row is None or candidate is None or not self.confirm_button.isEnabled():
            return
        text = self.tr("Confirm account %1 (%2) as the reservation of %3? The development approval starts for %4.") \
            .replace("%1", candidate.get("account_no") or "").replace("%2", candidate.get("name") or "") \
            .replace("%3", row.get("name") or "").replace("%4", row.get("staff_name") or "")
        if not self.tab.prompts.confirm(self, self.tr("Confirm the match"), text, self.tr("Confirm")):
            return
        self._resolve(row, "confirm", customer_id=candidate["customer_id"])

    def reject(self) -> None:
        row = self.selected()
        if row is None or not self.reject_button.isEnabled():
            return
        reason = self.tab.prompts.ask_comment(self, self.tr("Reject the reservation"),
                                              self.tr("Reservation of %1").replace("%1", row.get("name") or ""),
                                              True, self.tr("Reject"))
        if reason is None:
            return
        self._resolve(row, "reject", reason=reason)

    def extend(self) -> None:
        row = self.selected()
        if row is None or not self.extend_button.isEnabled():
            return
        self._resolve(row, "extend", days=self.days.value())

    def _resolve(self, row: dict, action: str, **values) -> None:
        self.busy = True
        self._update()
        self.tab.run(common.resolve_review, row["id"], row["version"], action, values,
                     on_success=lambda request_id: self._resolved(row, action, request_id),
                     on_failure=self._failed, key="review-resolve")

    def _resolved(self, row: dict, action: str, request_id) -> None:
        self.busy = False
        name = row.get("name") or ""
        if action == "confirm":
            text = self.tr("%1 confirmed: development request #%2 is waiting for approval.") \
                .replace("%1", name).replace("%2", str(request_id))
        elif action == "reject":
            text = self.tr("The reservation of %1 was rejected.").replace("%1", name)
        else:
            text = self.tr("The reservation of %1 is open again for %2 more working days.") \
                .replace("%1", name).replace("%2", str(self.days.value()))
        self.tab.set_message(text)
        self.model.remove([row["id"]])
        self.tab.request_created()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.tab.set_message(error_text(error), error=True)
        if is_stale(error):
            self.reload()
        self._update()
