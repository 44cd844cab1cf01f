"""The Chinese translation: complete, consistent with the sources, compiled, and used at run time.

When one of these fails after a UI change, refresh the translation (resources/translations/README.md):

    python resources/translations/update.py
"""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QWidget

from crm_desktop.services import auth
from crm_desktop.services.errors import ConnectionLost, CrmRefusal
from tests.support import TEST_PASSWORD

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
TS_FILE = TRANSLATIONS / "crm_desktop_zh_CN.ts"
QM_FILE = TRANSLATIONS / "crm_desktop_zh_CN.qm"
REFRESH = "run `python resources/translations/update.py` and translate what it lists"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load_update_script():
    name = "crm_translations_update"
    spec = importlib.util.spec_from_file_location(name, TRANSLATIONS / "update.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module          # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


update = _load_update_script()


@pytest.fixture(scope="module")
def ts():
    return update.TsFile.read(TS_FILE)


@pytest.fixture(scope="module")
def translations(ts) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of every message in use."""
    return {(context, m.findtext("source")): update.translation_texts(m)[0] for context, m in ts.active()}


def describe(items) -> str:
    return "\n".join(f"  [{item[0]}] {item[1]!r}" + (f" -> {item[2]!r}" if len(item) > 2 else "") for item in items)


# (a) the .ts itself ----------------------------------------------------------------------------------

def test_ts_is_chinese_from_english(ts):
    assert ts.attrib.get("language") == "zh_CN"
    assert ts.attrib.get("sourcelanguage") == "en"


def test_every_message_is_translated_and_finished(ts):
    bad = [(context, m.findtext("source"), update.message_state(m)) for context, m in ts.active()
           if update.message_state(m) != "finished"
           or not all(text.strip() for text in update.translation_texts(m))]
    assert not bad, f"unfinished or empty translations ({REFRESH}, then translate in pyside6-linguist):\n" \
                    + describe(bad)


PLACEHOLDER = re.compile(r"%(?:\d+|n)")


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))


def test_placeholders_accelerators_and_outer_spaces_match(ts):
    bad = []
    for context, m in ts.active():
        source = m.findtext("source") or ""
        for text in update.translation_texts(m):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                bad.append((context, source, f"placeholders differ: {text}"))
            if accelerators(source) != accelerators(text):
                bad.append((context, source, f"& accelerators differ: {text}"))
            # ' min' is a spin box suffix: the space belongs to the layout, not the language.
            if source[:1].isspace() != text[:1].isspace() or source[-1:].isspace() != text[-1:].isspace():
                bad.append((context, source, f"leading/trailing space differs: {text}"))
    assert not bad, "translations that do not fit their source:\n" + describe(bad)


# (b) the .qm is the compiled .ts -----------------------------------------------------------------------

@pytest.mark.parametrize("ts_file, qm_file", [(TS_FILE, QM_FILE),
                                              (update.QT_SUPPLEMENT_TS, update.QT_SUPPLEMENT_QM)])
def test_qm_is_compiled_from_the_ts(tmp_path, ts_file, qm_file):
    fresh = tmp_path / qm_file.name
    result = subprocess.run(update.lrelease_command(ts_file, fresh), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert qm_file.exists() and qm_file.read_bytes() == fresh.read_bytes(), \
        f"{qm_file.name} is not compiled from {ts_file.name}: run `python resources/translations/update.py --release-only`"


def test_qm_loads(qapp):
    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(TRANSLATIONS))
    assert not translator.isEmpty()
    assert translator.language() == "zh_CN"


# (d) the .ts holds every string of the sources -------------------------------------------------------

@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str, str]]:
    return update.extracted_keys(tmp_path_factory.mktemp("lupdate") / "extracted.ts")


def test_every_ui_string_is_in_the_ts(extracted, translations):
    missing = sorted(extracted - translations.keys())
    assert not missing, f"{len(missing)} UI strings are not in {TS_FILE.name} ({REFRESH}):\n" + describe(missing)


def test_the_ts_has_no_strings_the_ui_no_longer_uses(extracted, translations):
    stale = sorted(translations.keys() - extracted)
    assert not stale, f"{len(stale)} messages of {TS_FILE.name} are no longer in the UI ({REFRESH}):\n" \
                      + describe(stale)


# (c) at run time -------------------------------------------------------------------------------------

@pytest.fixture
def chinese(qapp):
    """Our translator installed the way app.install_translators loads it; removed afterwards."""
    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(TRANSLATIONS))
    assert QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def unreachable_profile() -> auth.ServerProfile:
    return auth.ServerProfile("x", {"host": "/nonexistent", "dbname": "crm"})


def test_login_dialog_is_chinese(qtbot, runner, chinese, translations):
    from crm_desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(runner, [unreachable_profile()])
    qtbot.addWidget(dialog)
    assert dialog.login_button.text() == "登录"
    assert dialog.windowTitle() == translations[("LoginDialog", "Branch CRM — Sign in")]
    assert dialog.quit_button.text() == translations[("LoginDialog", "Exit")]
    assert dialog.remember_login.text() == translations[("LoginDialog", "Remember my login")]
    assert dialog.login_edit.placeholderText() == translations[("LoginDialog", "employee login")]
    assert all(CJK.search(text) for text in (dialog.windowTitle(), dialog.quit_button.text(),
                                             dialog.forgot_button.text()))


def test_refusal_text_is_chinese(chinese, translations):
    from crm_desktop.ui.messages import refusal_text

    text = refusal_text(CrmRefusal("bad_credentials", "x"))
    assert text == translations[("Messages", "Wrong login or password.")]
    assert CJK.search(text)
    frozen = refusal_text(CrmRefusal("account_frozen", "x", detail="刘管理"))
    assert CJK.search(frozen) and "刘管理" in frozen and "Administrator" not in frozen


def test_base_class_texts_are_found_on_subclass_instances(qtbot, runner, chinese, translations):
    """self.tr() in AdminPage (lupdate context 'AdminPage') called on a LoginEventsPage instance."""
    from crm_desktop.ui.admin.login_events_page import LoginEventsPage

    tab = QWidget()
    qtbot.addWidget(tab)
    tab.runner = runner
    page = LoginEventsPage(tab)
    assert page.title == translations[("LoginEventsPage", "Login events")]
    page.show_failure(page.title, ConnectionLost("connection_lost", "gone"))
    assert page.status.text() == translations[("AdminPage", "Not connected: sign in again, then refresh.")]


def test_every_translation_is_found_at_run_time(chinese, translations):
    wrong = [(context, source, QCoreApplication.translate(context, source))
             for (context, source), text in translations.items()
             if QCoreApplication.translate(context, source) != text]
    assert not wrong, "the .qm does not give these translations:\n" + describe(wrong)


def test_removing_the_translator_restores_english(qtbot, runner, qapp):
    from crm_desktop.ui.login_dialog import LoginDialog

    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(TRANSLATIONS))
    QCoreApplication.installTranslator(translator)
    QCoreApplication.removeTranslator(translator)
    dialog = LoginDialog(runner, [unreachable_profile()])
    qtbot.addWidget(dialog)
    assert dialog.login_button.text() == "Sign in"


def test_install_translators_loads_our_file(qapp):
    """app.install_translators finds the .qm where it looks for it (and Qt's own Chinese texts)."""
    from crm_desktop.ui.app import install_translators

    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    try:
        assert install_translators(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("LoginDialog", "Sign in") == "登录"
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)
        QLocale.setDefault(locale)
    assert QCoreApplication.translate("LoginDialog", "Sign in") == "Sign in"


# (d) every screen in Chinese, walked ------------------------------------------------------------------

# English words that are names in Chinese screens too (codes, units, keys), and the walk's own data.
NAMES_IN_CHINESE = {"MAC", "MACs", "PNG", "CRM", "Ctrl", "Shift", "Enter", "Esc", "Alt", "Tab", "Space", "F5",
                    "Del", "PostgreSQL", "VIP", "SMS", "ID", "IP", "T", "xlsx", "png", "Excel", "CNY", "PC",
                    "KiB", "MiB", "KB", "MB", "GB", "QQ", "WeChat", "AND", "OR", "HQ", "BR", "SQL", "UTC",
                    "Delete", "English", "postgres"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Data, not words: a folder or file name, a MAC address.
DATA_PATTERNS = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s)）]*|(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}")
VIEW_ROWS_READ = 50


def _visible_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a user reads on `widget` and its visible children: labels,
    buttons, titles, tabs, placeholders, tooltips, combo items, view headers, menus."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu, QTabBar,
                                   QTableView, QTreeView)

    found: list[tuple[str, str]] = []

    def add(where: QWidget, kind: str, text) -> None:
        if text:
            found.append((f"{type(where).__name__}#{where.objectName()} {kind}", str(text)))

    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        add(child, "tooltip", child.toolTip())
        if child.isWindow():
            add(child, "title", child.windowTitle())
        if isinstance(child, QLabel):
            add(child, "text", child.text())
        elif isinstance(child, QAbstractButton):
            add(child, "text", child.text())
        elif isinstance(child, QGroupBox):
            add(child, "title", child.title())
        elif isinstance(child, QLineEdit):
            add(child, "placeholder", child.placeholderText())
        elif isinstance(child, QComboBox):
            for i in range(child.count()):
                add(child, "item", child.itemText(i))
        elif isinstance(child, QTabBar):
            for i in range(child.count()):
                add(child, "tab", child.tabText(i))
        elif isinstance(child, (QTableView, QTreeView)) and child.model() is not None:
            model = child.model()
            for column in range(model.columnCount(QModelIndex())):
                add(child, "header", model.headerData(column, Qt.Orientation.Horizontal))
                for row in range(min(model.rowCount(QModelIndex()), VIEW_ROWS_READ)):
                    add(child, "cell", model.index(row, column).data())
        for action in child.actions():
            add(child, "action", action.text())
            if isinstance(action.menu(), QMenu):
                for sub in action.menu().actions():
                    add(action.menu(), "action", sub.text())
    return found


def untranslated(widget: QWidget, data_words: set[str] = frozenset()) -> list[str]:
    allowed = NAMES_IN_CHINESE | set(data_words)
    return sorted({f"{where}: {text!r}" for where, text in _visible_texts(widget)
                   if any(w not in allowed for w in ENGLISH_WORD.findall(DATA_PATTERNS.sub("", text.replace("&", ""))))})


@pytest.fixture
def chinese_app(qapp):
    """Every translator the application installs for Chinese (ours, Qt's, the supplement)."""
    from crm_desktop.ui.app import install_translators

    before = set(qapp.findChildren(QTranslator))
    locale = QLocale()
    install_translators(qapp, "zh_CN")
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        QCoreApplication.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(locale)


def _walk_world(db) -> set[str]:
    """The demo (branches, staff, customers with facts, approvals, reservations: audited changes of
    every kind), an HQ administrator and analyst, a freeze and an unfreeze; returns the data's own
    English-letter words (logins, branch codes, host, flow codes)."""
    from crm_desktop.services import staff_admin
    from crm_desktop.tools import demo

    demo.seed(db.admin_url, customers=300, days=5, seed=4)
    db.make_staff("walk_hq", branch="HQ", name="总部管理员", staff_type="hq",
                  roles=("hq_admin", "analyst", "hq_marketing"), scope="all")
    db.make_staff("walk_mkt", name="营销甲")
    with db.session("walk_hq") as conn:
        staff_admin.freeze(conn, "walk_mkt", "休假")
        staff_admin.unfreeze(conn, "walk_mkt")
    with db.admin() as conn:
        logins = [r[0] for r in conn.execute("SELECT login FROM crm.staff")]
        codes = [r[0] for r in conn.execute("SELECT code FROM crm.branch UNION ALL SELECT code FROM crm.approval_flow")]
    # Logins, branch codes and the approval flows' codes (shown next to their names) are data.
    words = {w for text in (*logins, *codes, socket.gethostname()) for w in ENGLISH_WORD.findall(text)}
    return words | {"test", "pc", "pgdata", "crmtest"}


@pytest.mark.parametrize("screens", ["main", "login_texts"])
def test_every_screen_is_chinese(qtbot, db, runner, profile, chinese_app, screens):
    """Signed in as an HQ administrator and analyst: every tab, every administration page, the
    analysis pane with a report and its chart, the menus and Qt's file dialog show no English.
    `login_texts`: the login events and staff pages after a lockout."""
    import json

    from PySide6.QtWidgets import QFileDialog

    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.main_window import MainWindow

    data_words = _walk_world(db)
    if screens == "login_texts":
        failures = [{"kind": "failure", "user": "walk_mkt"}] * 6
        with db.admin() as conn:
            conn.execute("SELECT * FROM crm.agent_ingest_auth_log('walk.json', 0, 1, %s)", (json.dumps(failures),))
    conn, info = auth.sign_in(profile, "walk_hq", TEST_PASSWORD)
    connector = StaffConnector(profile, "walk_hq", TEST_PASSWORD)
    connector.adopt(conn)
    window = MainWindow(runner, connector, info, profile)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    problems: dict[str, list[str]] = {}
    try:
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            tab = window.tabs.widget(i)
            qtbot.waitUntil(lambda: not runner.busy, timeout=15000)
            key = tab.objectName()
            if key == "tab_analysis" and screens == "main":
                tab.run_report("loss_ranking")
                qtbot.waitUntil(lambda: tab.result is not None and tab.result.layout.rows == ("customer",)
                                and not tab.running, timeout=15000)
            if key == "tab_admin":
                for page in tab.all_pages():
                    if (screens == "login_texts") != (type(page).__name__ in ("LoginEventsPage", "StaffPage")):
                        continue
                    tab.show_page(page)
                    qtbot.waitUntil(lambda: not tab.busy, timeout=15000)
                    if type(page).__name__ == "StaffPage" and screens == "login_texts":
                        assert page.select_login("walk_mkt")
                    problems[f"{key}/{type(page).__name__}"] = untranslated(page, data_words)
            if screens == "main":
                problems[key] = untranslated(window, data_words)
        if screens == "main":
            dialog = QFileDialog(window, "导出", "", QCoreApplication.translate("AnalysisTab", "Excel workbook (*.xlsx)"))
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.show()
            problems["QFileDialog"] = untranslated(dialog, data_words)
            dialog.close()
    finally:
        runner.cancel_all()
        runner.wait(10000)
        connector.close()
    problems = {screen: texts for screen, texts in problems.items() if texts}
    assert not problems, "English in Chinese screens:\n" + "\n".join(
        f"{screen}:\n  " + "\n  ".join(texts) for screen, texts in problems.items())
