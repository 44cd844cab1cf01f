"""短信 › 黑名单与退订: the numbers no SMS goes to, newest first, PAGE_ROWS at a time (keyset: the
next page starts after the last row's (created_at, id), so a deep page costs what the first
does). HQ sees every entry; a sender or a branch administrator their branches' customers'
(crm.sms_block_list decides). Mobiles are masked; the reason, who and when are shown.

HQ blacklists a number (the number typed in full, with the reason); anybody who sees an entry
may try to lift it with a reason -- the server refuses a sender lifting HQ's blacklisting, or
an entry of a customer they do not see. A customer's own opt-out (退订短信) is set in the
customer window's 短信 page (ui/sms/customer_page.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from crm_desktop.ui.admin.common import Prompts
from crm_desktop.ui.customer_detail.common import fmt_datetime
from crm_desktop.ui.sms import common
from crm_desktop.ui.sms.common import block_kind_text
from crm_desktop.ui.sms.page import SmsPage
from crm_desktop.ui.table_model import Column, RowTableModel, make_table, set_column_widths

PAGE_ROWS = 100
VIEW_RIGHTS = ("sms_send", "admin_all", "admin_branch")


class BlocklistPage(SmsPage):
    def __init__(self, tab):
        super().__init__(tab, "smsBlocklist")
        self.prompts = Prompts()
        self.available = any(tab.info.can(right) for right in VIEW_RIGHTS)
        self.hq = tab.info.can("admin_all")
        self.loaded_once = False
        self.page_starts: list[tuple | None] = [None]     # the key each shown page starts after
        self.has_more = False

        self.model = RowTableModel([
            Column("mobile_masked", self.tr("Mobile")),
            Column("kind", self.tr("Kind"), block_kind_text),
            Column("customer_name", self.tr("Customer"),
                   tooltip=lambda r: None if r.get("customer_name") or not r.get("customer_id") else
                   self.tr("The customer is not visible to you")),
            Column("branch_name", self.tr("Branch")),
            Column("note", self.tr("Reason")),
            Column("created_by_name", self.tr("Recorded by"), tooltip=lambda r: r.get("created_by")),
            Column("created_at", self.tr("Recorded at"), fmt_datetime),
        ], self)
        self.view, self.proxy = make_table(self, self.model, "smsBlocklistTable")
        set_column_widths(self.view, [13, 22, 10, 14, 30, 10, 16])
        self.view.sortByColumn(6, Qt.SortOrder.DescendingOrder)      # the server's order: newest first
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button = QPushButton(self.tr("Blacklist a number…"), objectName="blocklistAdd")
        self.add_button.setToolTip(self.tr("HQ: no SMS goes to this number any more, for any customer"))
        self.add_button.setVisible(self.hq)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Lift…"), objectName="blocklistRemove")
        self.remove_button.setToolTip(self.tr("Messages go to the selected number again (a reason is required)"))
        self.remove_button.clicked.connect(self.remove)
        self.prev_button = QPushButton(self.tr("◀ Newer"), objectName="blocklistPrevious")
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QPushButton(self.tr("Older ▶"), objectName="blocklistNext")
        self.next_button.clicked.connect(lambda: self.go(1))
        self.page_label = QLabel(objectName="blocklistPageLabel")
        self.result = QLabel(objectName="blocklistResult")
        self.result.setStyleSheet("color: #1b5e20;")
        QShortcut(QKeySequence("Alt+Left"), self, activated=lambda: self.go(-1),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Alt+Right"), self, activated=lambda: self.go(1),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        top = QHBoxLayout()
        scope = (self.tr("Every blocked number (HQ).") if self.hq else
                 self.tr("The opt-outs and blacklisted numbers of your branches' customers."))
        top.addWidget(QLabel(scope), 1)
        top.addWidget(self.busy)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        pages = QHBoxLayout()
        pages.addWidget(self.page_label, 1)
        pages.addWidget(self.prev_button)
        pages.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.result)
        layout.addWidget(self.view, 1)
        layout.addLayout(pages)
        self.result.hide()
        self._update()

    # paging ------------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.loaded_once and not self.loading:
            self.reload()

    def reload(self) -> None:
        self.page_starts = [None]
        self._load()

    def go(self, step: int) -> None:
        if self.loading:
            return
        if step > 0 and self.has_more and self.model.rowCount():
            last = self.model.row(self.model.rowCount() - 1)
            self.page_starts.append((last["created_at"], last["id"]))
        elif step < 0 and len(self.page_starts) > 1:
            self.page_starts.pop()
        else:
            return
        self._load()

    def _load(self) -> None:
        def arrived(rows: list[dict]) -> None:
            self.loaded_once = True
            # One row more than a page was asked for: whether an older page exists.
            self.has_more = len(rows) > PAGE_ROWS
            self.model.set_rows(rows[:PAGE_ROWS])
            self._update()

        self.run(common.load_blocks, self.page_starts[-1], PAGE_ROWS + 1, on_success=arrived, key="blocks")
        self._update()

    def failed(self) -> None:
        self._update()

    def _update(self) -> None:
        shown = self.model.rowCount()
        first = (len(self.page_starts) - 1) * PAGE_ROWS
        if not self.loaded_once:
            self.page_label.setText(self.tr("Loading…") if self.loading else "")
        elif not shown:
            self.page_label.setText(self.tr("No blocked numbers."))
        else:
            self.page_label.setText(self.tr("Entries %1–%2, newest first").replace("%1", f"{first + 1:,}")
                                    .replace("%2", f"{first + shown:,}"))
        self.prev_button.setEnabled(not self.loading and len(self.page_starts) > 1)
        self.next_button.setEnabled(not self.loading and self.has_more)
        self.remove_button.setEnabled(not self.loading and bool(self.view.selectionModel().selectedRows()))

    # changes -----------------------------------------------------------------------------------------
    def _done(self, text: str) -> None:
        self.result.setText(text)
        self.result.show()
        self.reload()

    def add(self) -> None:
        mobile = self.prompts.ask_text(self, self.tr("Blacklist a number"), self.tr("Mobile number:"))
        if mobile is None or not mobile.strip():
            return
        reason = self.prompts.ask_text(self, self.tr("Blacklist a number"),
                                       self.tr("Why is %1 blacklisted (e.g. a complaint)?").replace("%1", mobile.strip()))
        if reason is None:
            return
        if not reason.strip():
            self.prompts.inform(self, self.tr("Blacklist a number"),
                                self.tr("Say why the number is blacklisted. Nothing was changed."))
            return
        self.run(common.blacklist_number, mobile.strip(), reason.strip(), key="block",
                 on_success=lambda changed: self._done(
                     (self.tr("The number is blacklisted: no SMS goes to it.") if changed
                      else self.tr("The number was already blacklisted."))))

    def remove(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        entry = self.proxy.row(rows[0])
        reason = self.prompts.ask_text(self, self.tr("Lift a block"),
                                       self.tr("Why may messages go to %1 again?").replace("%1", entry["mobile_masked"]))
        if reason is None:
            return
        if not reason.strip():
            self.prompts.inform(self, self.tr("Lift a block"), self.tr("Say why the block is lifted. Nothing was changed."))
            return
        self.run(common.lift_block, entry["id"], reason.strip(), key="unblock",
                 on_success=lambda changed: self._done(
                     (self.tr("Messages go to %1 again.") if changed else
                      self.tr("%1 was no longer blocked.")).replace("%1", entry["mobile_masked"])))

