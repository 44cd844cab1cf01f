"""The Chinese translation: complete, consistent with the sources, compiled, and used at run time.

When one of these fails after a UI change, refresh the translation (resources/translations/README.md):

    python resources/translations/update.py
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QWidget

from crm_desktop.services import auth
from crm_desktop.services.errors import ConnectionLost, CrmRefusal

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

def test_qm_is_compiled_from_the_ts(tmp_path):
    fresh = tmp_path / QM_FILE.name
    result = subprocess.run(update.lrelease_command(TS_FILE, fresh), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert QM_FILE.exists() and QM_FILE.read_bytes() == fresh.read_bytes(), \
        f"{QM_FILE.name} is not compiled from {TS_FILE.name}: run `python resources/translations/update.py --release-only`"


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
