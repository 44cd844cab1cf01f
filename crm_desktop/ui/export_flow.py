"""The export flow of the customer list and its summary (issue #4, FAQ 8-9 and 11).

An export runs in a worker (services.export): the save dialog proposes a dated file name in the
last folder used, a progress dialog counts the rows and its Cancel cancels the PostgreSQL query;
the result is a message with "Open folder", a refusal or failure a clear message. `ExportFlow`
is the same flow for any export function (the list's Export… and the summary dialog's Export).
"""


from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from crm_desktop.services import export
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.replica import ReadRouter
from crm_desktop.ui.messages import refusal_text

FOLDER_KEY = "export/folder"


def ui_lang() -> str:
    from crm_desktop.ui.admin.common import chinese_ui

    return "zh" if chinese_ui() else "en"


def export_folder() -> str:
    folder = QSettings().value(FOLDER_KEY, "", str)
    if folder and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def ask_save_path(parent: QWidget, kind: str, title: str) -> str | None:
    """The save dialog: a dated default name in the last export folder; None when cancelled.
    (Tests replace this function.)"""
    default = str(Path(export_folder()) / export.default_file_name(kind, ui_lang(), dt.date.today()))
    path, _ = QFileDialog.getSaveFileName(parent, title, default, QCoreApplication.translate("CustomerExport", "Excel workbook (*.xlsx)"))
    return path or None


def open_folder(path: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


class ExportFlow(QObject):
    """One export at a time from one place: save dialog, worker, progress with Cancel, outcome.

    `start(kind, title, fn, *args)` runs ``fn(ctx, connector, *args, path, lang)`` (a plain
    function calling services.export) on the runner. `finished` carries the ExportResult, or
    the error (a CrmRefusal), or None when cancelled.
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget, runner, connector_of: Callable[[], Any]):
        super().__init__(parent)
        self.parent_widget = parent
        self.runner = runner
        self.connector_of = connector_of
        self.progress: QProgressDialog | None = None
        self.message: QMessageBox | None = None
        self.handle = None
        self.last_result: export.ExportResult | None = None
        self.last_error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def start(self, kind: str, title: str, fn: Callable[..., Any], *args: Any, path: str | None = None) -> bool:
        """Ask for the file (unless `path` is given) and start; False when nothing started."""
        if self.running:
            return False
        if path is None:
            path = ask_save_path(self.parent_widget, kind, title)
            if not path:
                return False
        QSettings().setValue(FOLDER_KEY, str(Path(path).parent))
        self.last_result = self.last_error = None
        progress = QProgressDialog(self.tr("Preparing the export…"), self.tr("Cancel"), 0, 0, self.parent_widget)
        progress.setObjectName("exportProgress")
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(0)
        self.progress = progress
        self.handle = self.runner.run(fn, self.connector_of(), *args, path, ui_lang(),
                                      on_success=self._succeeded, on_failure=self._failed,
                                      on_progress=self._progressed, key=f"export-{id(self)}")
        handle = self.handle
        progress.canceled.connect(lambda: self._cancel(handle))
        self.runner.unexpected_error.connect(self._maybe_crashed)
        progress.show()
        return True

    def cancel(self) -> None:
        if self.handle is not None:
            self._cancel(self.handle)

    def _cancel(self, handle) -> None:
        if handle is not self.handle or handle.done:
            return
        handle.cancel()          # cancels the running FETCH on the server
        self._close_progress()
        self.finished.emit(None)

    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        total = max(total, done, 1)
        if self.progress.maximum() != total:
            self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(self.tr("Exported %1 of about %2 rows…").replace("%1", f"{done:,}")
                                   .replace("%2", f"{total:,}"))

    def _close_progress(self) -> None:
        try:
            self.runner.unexpected_error.disconnect(self._maybe_crashed)
        except (RuntimeError, TypeError):
            pass
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None

    def _succeeded(self, result: export.ExportResult) -> None:
        self._close_progress()
        self.last_result = result
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export finished"),
                          self.tr("%1 rows exported to\n%2").replace("%1", f"{result.rows:,}").replace("%2", result.path),
                          QMessageBox.StandardButton.Close, self.parent_widget)
        box.setObjectName("exportDone")
        folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: open_folder(result.path))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show_message(box)
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        self.last_error = error
        if isinstance(error, CrmRefusal) and error.kind == "file_error":
            text = self.tr("The file could not be written: %1").replace("%1", error.message)
        elif isinstance(error, CrmRefusal) and error.kind == "not_permitted":
            text = self.tr("The server refused the export: you do not have the export permission (数据导出).")
        elif isinstance(error, CrmRefusal):
            text = self.tr("The export failed: %1").replace("%1", refusal_text(error))
        else:
            text = self.tr("The export failed: %1").replace("%1", str(error))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export"), text, QMessageBox.StandardButton.Close,
                          self.parent_widget)
        box.setObjectName("exportFailed")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show_message(box)
        self.finished.emit(error)

    def _maybe_crashed(self, error: BaseException) -> None:
        # A bug in the worker: the runner shows it; the progress dialog must not stay open.
        if self.handle is not None and self.handle.done and self.progress is not None:
            self._close_progress()
            self.last_error = error
            self.finished.emit(error)

    def _show_message(self, box: QMessageBox) -> None:
        if self.message is not None:
            try:
                self.message.close()
            except RuntimeError:
                pass
        self.message = box
        box.destroyed.connect(lambda *_: setattr(self, "message", None) if self.message is box else None)
        box.open()               # not exec(): never a nested event loop


# Worker functions (plain, Qt-free) ---------------------------------------------------------------

def export_customers(ctx, connector, query, personal_data, path, lang):
    """The right check and the log on the primary; the rows from a read replica when one is
    configured (services/replica.py), except full personal data (checked against the log row)."""
    primary = connector.connection()
    if personal_data:
        return export.export_customers(ctx, primary, query, path, lang, personal_data=True)
    return ReadRouter.of(connector).run(
        ctx, lambda rows_from: export.export_customers(ctx, primary, query, path, lang, rows_from=rows_from))


def export_table(ctx, connector, kind, details, headers, rows, formats, path, lang):
    return export.export_table(ctx, connector.connection(), kind, details, headers, rows, path, formats, lang)
