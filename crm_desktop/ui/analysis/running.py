"""Running the Analysis pane's layout: debounced after each change, guarded against results too
large to read (the user may take the top rows instead), cancellable (Esc), and its result shown
in the grid, the chart and the status line -- or its error in the status line.

Every run goes through the TaskRunner with one key, so a newer layout cancels the running
PostgreSQL query; a result that arrives after a newer run or a cancel is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox

from crm_desktop.services import pivot
from crm_desktop.services.pivot_layout import TOP_INSTEAD
from crm_desktop.ui.analysis import work
from crm_desktop.ui.analysis.common import period_text, source_text
from crm_desktop.ui.analysis.features import AnalysisPane

RUN_KEY = "analysis-run"
RUN_DEBOUNCE_MS = 200


class LayoutRun(QObject):
    def __init__(self, tab: AnalysisPane):
        super().__init__(tab)
        self.tab = tab
        self.handle = None
        self.serial = 0
        self.member_counts: dict | None = None     # what the user can see, for the size guard
        self.debounce = QTimer(tab, singleShot=True, interval=RUN_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_now)
        tab.refresh_button.clicked.connect(self.run_now)
        tab.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence("F5"), tab, activated=self.run_now)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), tab, activated=self.cancel)

    def start(self) -> None:
        """First shown: count what the user can see once, so the size guard can warn before a query."""
        self.tab.runner.run(work.member_counts, self.tab.connector, key="analysis-member-counts",
                            on_success=self._got_member_counts, on_failure=lambda _error: self.run_now())

    def _got_member_counts(self, counts: dict) -> None:
        self.member_counts = counts
        self.run_now()

    def run_now(self, confirmed: bool = False) -> None:
        tab = self.tab
        self.debounce.stop()
        layout = tab.layout_state
        if not layout.values:
            self._show_message(self.tr("Drag a measure (for example 佣金 commission) into Values to see numbers."))
            return
        if not confirmed:
            cells = tab.editor.oversized(self.member_counts)
            if cells is not None:
                self._guard(cells)
                return
        self.serial += 1
        serial = self.serial
        self._set_busy(True)
        tab.status.setStyleSheet("color: #555;")
        tab.status.setText(self.tr("Running…"))
        self.handle = tab.runner.run(work.run_layout, tab.connector, layout, key=RUN_KEY,
                                     on_success=lambda answer: self._show(answer, serial),
                                     on_failure=lambda error: self._failed(error, serial))

    def _guard(self, cells: int) -> None:
        choice = self.tab.ask_large(cells)
        if choice == "top":
            self.tab.apply_edit(self.tab.editor.top_instead)
        elif choice == "run":
            self.run_now(confirmed=True)
        else:
            self._set_busy(False)
            self.tab.status.setText(self.tr("Not run: the result would be too large."))

    def ask_large(self, cells: int) -> str:
        """Asked before running a layout of about `cells` cells (-1: one row per customer): 'top'
        (show the top rows instead), 'run' or 'cancel'."""
        if cells < 0:
            text = self.tr("This layout has one row per customer and may give many thousands of cells, which is "
                           "slow to show and hard to read. Show the top %3 rows by the first value instead?")
        else:
            text = self.tr("This layout gives about %1 cells (more than %2), which is slow to show and hard "
                           "to read. Show the top %3 rows by the first value instead?")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A large result"),
                          text.replace("%1", f"{cells:,}").replace("%2", f"{pivot.MAX_CELLS:,}")
                          .replace("%3", str(TOP_INSTEAD)), parent=self.tab)
        top = box.addButton(self.tr("Show top %1").replace("%1", str(TOP_INSTEAD)), QMessageBox.ButtonRole.AcceptRole)
        run = box.addButton(self.tr("Run anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return "top" if box.clickedButton() is top else "run" if box.clickedButton() is run else "cancel"

    def cancel(self) -> None:
        if self.handle is None or self.handle.done:
            return
        self.handle.cancel()
        self.serial += 1          # a result that was already on its way is dropped
        self._set_busy(False)
        self.tab.status.setStyleSheet("color: #8a6d00;")
        self.tab.status.setText(self.tr("Cancelled."))

    def _set_busy(self, busy: bool) -> None:
        self.tab.busy.setVisible(busy)
        self.tab.cancel_button.setVisible(busy)

    @property
    def running(self) -> bool:
        return self.tab.cancel_button.isVisible()

    def _show(self, answer: tuple[pivot.PivotResult, float], serial: int) -> None:
        if serial != self.serial:
            return
        tab = self.tab
        result, seconds = answer
        grid = result.grid()
        self._set_busy(False)
        tab.result, tab.elapsed = result, seconds
        tab.show_filter_labels(result.labels)
        tab.model.set_grid(grid)
        tab.view.horizontalHeader().setSortIndicatorShown(False)
        tab.chart.set_grid(grid, tab.model.order)
        if not result.records:
            self._show_message(self.tr("No data for this layout and period."))
        else:
            tab.message.hide()
            tab.view.show()
        self._fit_columns()
        text = self.tr("%1 · %2 s · %3 cells").replace("%1", source_text(result.source)) \
            .replace("%2", f"{seconds:.2f}").replace("%3", f"{grid.cell_count:,}")
        text = " · ".join(part for part in (tab.report_name(result.layout), period_text(result.period), text)
                          if part)
        if result.truncated:
            text += " · " + self.tr("truncated: narrow the layout")
        tab.status.setStyleSheet("color: #555;" if not result.truncated else "color: #b00020;")
        tab.status.setText(text)
        tab.status.setToolTip(self.tr("Which table answered and how long the server took"))
        tab.result_shown.emit()

    def _fit_columns(self) -> None:
        view = self.tab.view
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        for column in range(self.tab.model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 70), 260))

    def _show_message(self, text: str) -> None:
        self.tab.message.setText(text)
        self.tab.message.show()

    def _failed(self, error: BaseException, serial: int) -> None:
        if serial != self.serial:
            return
        self._set_busy(False)
        self.tab.status.setStyleSheet("color: #b00020;")
        self.tab.status.setText(self.tab.error_text(error))
        self.tab.status.setToolTip(self.tab.error_text(error))


def install(tab: AnalysisPane) -> LayoutRun:
    return LayoutRun(tab)
