"""The detail pane beside the request lists: the customer, the staff involved, the note and the
flow's steps so far, as a vertical step list with state icons and colours."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QFrame, QGroupBox, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QScrollArea, QTableView, QVBoxLayout, QWidget)

from crm_desktop.ui.approvals.common import (COLORS, chinese_ui, flow_label, fmt_date, fmt_datetime, post_label,
                                             requester_text, status_label, translate)

# Flows whose request names its customers in a list (crm.approval_request_customer), not one.
BATCH_FLOWS = ("handover", "batch_entry")

BADGE = "border-radius: 9px; padding: 2px 10px; background: {1}; color: {0}; font-weight: 600;"
GLYPHS = {"approved": "✓", "rejected": "✗", "current": "…", "waiting": "", "withdrawn": "–", "failed": "!"}


def step_state(step: dict, request: dict) -> str:
    """approved / rejected / current / waiting (not reached yet) / withdrawn (never reached)."""
    decision = step.get("decision")
    if decision in ("approved", "rejected"):
        return decision
    state = step.get("state")
    if state in ("waiting", "later", "not_reached"):      # services.approvals.request_detail
        return {"waiting": "current", "later": "waiting", "not_reached": "withdrawn"}[state]
    status = request.get("status") or "pending"
    if status == "pending":
        return "current" if step.get("step_no") == request.get("current_step") else "waiting"
    return "withdrawn"


def state_icon(state: str, size: int = 22) -> QIcon:
    color, background = COLORS.get(state, COLORS["waiting"])
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    filled = state in ("approved", "rejected", "failed")
    painter.setPen(QPen(QColor(color), 2))
    painter.setBrush(QBrush(QColor(color if filled else background)))
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    glyph = GLYPHS.get(state, "")
    if glyph:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.6))
        painter.setFont(font)
        painter.setPen(QColor("white" if filled else color))
        painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), glyph)
    painter.end()
    return QIcon(pixmap)


def state_label(state: str) -> str:
    return {"approved": translate("Approvals", "Approved"), "rejected": translate("Approvals", "Rejected"),
            "current": translate("Approvals", "Waiting for a decision"),
            "waiting": translate("Approvals", "Not reached yet"),
            "withdrawn": translate("Approvals", "Not reached")}.get(state, state)


class StepList(QListWidget):
    """One line per step: post, state, who and when, comment."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stepList")
        self.setIconSize(QSize(22, 22))
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QListWidget { border: none; background: transparent; }")
        self.states: list[str] = []

    def show_steps(self, request: dict, steps: list[dict]) -> None:
        self.clear()
        self.states = []
        for step in steps:
            state = step_state(step, request)
            self.states.append(state)
            lines = [f"{step.get('step_no', '')}. {post_label(step.get('post') or step.get('post_code'), step)}"
                     f" — {state_label(state)}"]
            if state in ("approved", "rejected"):
                lines.append(translate("Approvals", "by %1 at %2").replace("%1", step.get("decided_by_name") or "")
                             .replace("%2", fmt_datetime(step.get("decided_at"))))
            if step.get("comment"):
                lines.append(f"“{step['comment']}”")
            item = QListWidgetItem(state_icon(state), "\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, state)
            color = COLORS.get(state, COLORS["waiting"])[0]
            item.setForeground(QBrush(QColor(color)))
            if state == "current":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)
        outcome = request.get("outcome")
        if request.get("status") in ("withdrawn", "failed") or outcome:
            text = status_label(request.get("status"))
            if request.get("decided_at"):
                text += " · " + fmt_datetime(request.get("decided_at"))
            if outcome:
                text += "\n" + outcome
            state = "failed" if request.get("status") == "failed" else "withdrawn"
            item = QListWidgetItem(state_icon(state), text)
            item.setForeground(QBrush(QColor(COLORS[state][0])))
            self.addItem(item)


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DetailPane(QScrollArea):
    """Empty until a request is chosen; `show_request(row)` at once from the list row, then
    `show_detail(detail)` when the server's detail arrives."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("approvalDetail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(300)
        body = QWidget()
        self.setWidget(body)

        self.placeholder = QLabel(self.tr("Choose a request to see its customer, the staff involved and its steps."),
                                  objectName="detailPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #777; padding: 24px;")

        self.title = QLabel(objectName="detailTitle")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.status_badge = QLabel(objectName="detailStatus")
        self.status_badge.setSizePolicy(self.status_badge.sizePolicy().horizontalPolicy(),
                                        self.status_badge.sizePolicy().verticalPolicy())

        self.customer_box = QGroupBox(self.tr("Customer"))
        form = QFormLayout(self.customer_box)
        self.customer_name = _value()
        self.customer_account = _value()
        self.customer_branch = _value()
        self.customer_extra = _value()
        form.addRow(self.tr("Name:"), self.customer_name)
        form.addRow(self.tr("Account:"), self.customer_account)
        form.addRow(self.tr("Branch:"), self.customer_branch)
        form.addRow(self.tr("Relationships:"), self.customer_extra)

        self.staff_box = QGroupBox(self.tr("Staff involved"))
        form = QFormLayout(self.staff_box)
        self.subject = _value()
        self.requester = _value()
        self.requested_at = _value()
        self.note = _value()
        self.payload = _value()
        form.addRow(self.tr("Staff concerned:"), self.subject)
        form.addRow(self.tr("Requested by:"), self.requester)
        form.addRow(self.tr("Requested at:"), self.requested_at)
        form.addRow(self.tr("Note:"), self.note)
        form.addRow(self.tr("Change:"), self.payload)

        self.reservation_box = QGroupBox(self.tr("Reservation (预约)"))
        self.reservation = _value()
        QVBoxLayout(self.reservation_box).addWidget(self.reservation)

        # The customers a hand-over or batch entry names: paged by the model the tab attaches.
        self.customers_box = QGroupBox(self.tr("Customers"))
        self.customers_count = QLabel(objectName="detailCustomerCount")
        self.customers_view = QTableView(objectName="detailCustomers")
        self.customers_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.customers_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.customers_view.verticalHeader().hide()
        self.customers_view.horizontalHeader().setStretchLastSection(True)
        self.customers_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.customers_view.setMinimumHeight(180)
        box = QVBoxLayout(self.customers_box)
        box.addWidget(self.customers_count)
        box.addWidget(self.customers_view)

        self.steps_box = QGroupBox(self.tr("Approval steps"))
        self.steps = StepList()
        QVBoxLayout(self.steps_box).addWidget(self.steps)

        self.loading = QLabel(self.tr("Loading…"), objectName="detailLoading")
        self.loading.setStyleSheet("color: #777;")
        self.loading.hide()

        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.title)
        layout.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.loading)
        layout.addWidget(self.customer_box)
        layout.addWidget(self.staff_box)
        layout.addWidget(self.reservation_box)
        layout.addWidget(self.customers_box)
        layout.addWidget(self.steps_box, 1)
        layout.addStretch(0)
        self.request: dict | None = None
        self.clear()

    def _content(self) -> list[QWidget]:
        return [self.title, self.status_badge, self.customer_box, self.staff_box, self.reservation_box,
                self.customers_box, self.steps_box]

    def attach_customers(self, model) -> None:
        """The (keyset) model of a batch request's customers; the tab points it at the request."""
        self.customers_view.setModel(model)
        unit = self.customers_view.fontMetrics().horizontalAdvance("0")
        for column, chars in enumerate((12, 10, 11, 10)):
            self.customers_view.setColumnWidth(column, chars * unit + 16)

    def _show_customers(self, request: dict) -> None:
        payload = request.get("payload") or {}
        if request.get("flow_code") not in BATCH_FLOWS or not isinstance(payload, dict):
            self.customers_box.hide()
            return
        self.customers_count.setText(self.tr("%1 customers").replace("%1", str(payload.get("customers", 0))))
        self.customers_box.show()

    def clear(self) -> None:
        self.request = None
        for widget in self._content():
            widget.hide()
        self.loading.hide()
        self.placeholder.show()

    def show_request(self, row: dict) -> None:
        """What the list row already knows, shown at once; the steps follow with the detail."""
        self.request = dict(row)
        self.placeholder.hide()
        self.title.setText(f"#{row.get('id')} {flow_label(row)}")
        self.title.show()
        self._show_status(row)
        self._show_customer(row, None)
        self._show_staff(row, None, None)
        self._show_customers(row)
        self.reservation_box.hide()
        self.steps.clear()
        self.steps_box.show()
        self.loading.show()

    def show_detail(self, detail: dict) -> None:
        request = dict(self.request or {})
        request.update({k: v for k, v in detail.items() if not isinstance(v, (dict, list))})
        self.request = request
        self.loading.hide()
        self.placeholder.hide()
        self.title.setText(f"#{request.get('id')} {flow_label(request)}")
        self.title.show()
        self._show_status(request)
        self._show_customer(request, detail.get("customer"))
        self._show_staff(request, detail.get("subject"), detail)
        reservation = detail.get("reservation")
        if reservation:
            parts = [reservation.get("name") or ""]
            for key in ("id_no", "mobile"):
                if reservation.get(key):
                    parts.append(reservation[key])
            if reservation.get("registered_on"):
                parts.append(self.tr("registered %1").replace("%1", fmt_date(reservation["registered_on"])))
            if reservation.get("staff_name"):
                parts.append(self.tr("by %1").replace("%1", reservation["staff_name"]))
            self.reservation.setText(" · ".join(p for p in parts if p))
            self.reservation_box.show()
        else:
            self.reservation_box.hide()
        self.steps.show_steps(request, detail.get("steps") or [])
        self.steps_box.show()

    def _show_status(self, request: dict) -> None:
        status = request.get("status") or "pending"
        color, background = COLORS.get(status, COLORS["pending"])
        self.status_badge.setText(status_label(status))
        self.status_badge.setStyleSheet(BADGE.format(color, background))
        self.status_badge.show()

    def _show_customer(self, request: dict, customer: dict | None) -> None:
        customer = customer or {}
        name = customer.get("name") or request.get("customer_name")
        account = customer.get("account_no") or request.get("account_no")
        if not (name or account):
            self.customer_box.hide()
            return
        self.customer_name.setText(name or "")
        self.customer_account.setText(account or "")
        self.customer_branch.setText(customer.get("branch") or request.get("branch_name") or "")
        extra = []
        if customer.get("developer"):
            extra.append(self.tr("developer: %1").replace("%1", customer["developer"]))
        elif "developer" in customer:
            extra.append(self.tr("public pool (no developer)"))
        if customer.get("service_staff"):
            extra.append(self.tr("service: %1").replace("%1", customer["service_staff"]))
        if customer.get("total_assets_cents") is not None:
            extra.append(self.tr("assets %1 on %2").replace("%1", f"{customer['total_assets_cents'] / 100:,.2f}")
                         .replace("%2", fmt_date(customer.get("assets_date"))))
        self.customer_extra.setText(" · ".join(extra) or "—")
        self.customer_box.show()

    def _show_staff(self, request: dict, subject: dict | None, detail: dict | None) -> None:
        subject = subject or {}
        name = subject.get("name") or request.get("subject_staff_name") or ""
        login = subject.get("login")
        text = f"{name} ({login})" if login else name
        staff_type = subject.get("type_zh" if chinese_ui() else "type_en") or subject.get("type")
        extra = [v for v in (subject.get("branch"), staff_type) if v]
        if extra:
            text += " · " + " · ".join(extra)
        self.subject.setText(text)
        self.requester.setText(requester_text(request))
        self.requested_at.setText(fmt_datetime(request.get("requested_at")))
        self.note.setText(request.get("note") or "—")
        self.payload.setText(self._payload_text(request, detail))
        self.staff_box.show()

    def _payload_text(self, request: dict, detail: dict | None) -> str:
        payload = (detail or {}).get("payload") or request.get("payload") or {}
        if not isinstance(payload, dict) or not payload:
            return "—"
        from crm_desktop.ui.approvals.common import kind_label

        if request.get("flow_code") == "handover":
            return self.tr("%1 customers of %2 (%3) from %4; their relationships end on the day before").replace(
                "%1", kind_label(payload.get("kind"))).replace("%2", str(payload.get("from_name") or "")).replace(
                "%3", str(payload.get("from_login") or "")).replace("%4", str(payload.get("effective_date") or ""))
        if request.get("flow_code") == "batch_entry":
            return self.tr("enter %1 relationships beginning %2").replace(
                "%1", kind_label(payload.get("kind"))).replace("%2", str(payload.get("effective_date") or ""))
        if payload.get("kind"):
            return self.tr("release the %1 relationship").replace("%1", kind_label(payload["kind"]))
        if payload.get("staff_type") or payload.get("branch_id"):
            to_type = payload.get("staff_type_name") or payload.get("staff_type") or ""
            to_branch = payload.get("branch_name") or payload.get("branch_code") or payload.get("branch_id") or ""
            from_type = payload.get("from_type_name") or payload.get("from_type") or ""
            from_branch = payload.get("from_branch_name") or payload.get("from_branch_id") or ""
            return self.tr("%1 at %2 → %3 at %4; their relationships are released first").replace(
                "%1", str(from_type)).replace("%2", str(from_branch)).replace("%3", str(to_type)).replace(
                "%4", str(to_branch))
        if request.get("flow_code") == "sms_subscription_move":
            return self.tr("move all %1 SMS subscriptions sent by %2 to %3").replace(
                "%1", f"{payload.get('subscriptions', 0):,}").replace("%2", str(payload.get("from_sender_name"))).replace(
                "%3", str(payload.get("to_sender_name")))
        return ", ".join(f"{k}: {v}" for k, v in payload.items())
