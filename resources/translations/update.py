#!/usr/bin/env python3
"""Refresh the Chinese translation of the UI: extract, merge, compile.

    python resources/translations/update.py                 # refresh the .ts, then compile the .qm
    python resources/translations/update.py --release-only  # only compile the .qm (after editing the .ts)
    python resources/translations/update.py --check         # exit 1 when the .ts or .qm is out of date

1. pyside6-lupdate extracts every tr()/translate() literal of crm_desktop/ui/**/*.py into a
   fresh .ts (source language en, target zh_CN, absolute locations);
2. messages that lupdate files under the empty context because they go through a module-level
   tr() wrapper are moved to the context the wrapper uses at run time (FREE_TR_CONTEXTS);
3. the translations of crm_desktop_zh_CN.ts are carried over: the same (context, source,
   comment) keeps its translation and state; a new message whose source text is translated in
   another context, or is close to a removed message of its context, gets that translation
   marked unfinished (with <oldsource>) for review; translations of removed messages are
   dropped and listed;
4. the .ts is written in lupdate's layout (only when it changed) and pyside6-lrelease compiles
   it to crm_desktop_zh_CN.qm (replaced only when the bytes differ).

The tools are looked up next to this Python (a virtualenv's bin/) and then on PATH.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
UI_DIR = REPO / "crm_desktop" / "ui"
TS_FILE = HERE / "crm_desktop_zh_CN.ts"
QM_FILE = HERE / "crm_desktop_zh_CN.qm"
# Qt's own texts its shipped catalog leaves in English; written by hand, only compiled here.
QT_SUPPLEMENT_TS = HERE / "qt_supplement_zh_CN.ts"
QT_SUPPLEMENT_QM = HERE / "qt_supplement_zh_CN.qm"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGE = "zh_CN"

# pyside6-lupdate gives the calls of a module-level `tr(text)` wrapper the empty context, but
# the wrapper calls QCoreApplication.translate(<context>, text). File (relative to the repository)
# -> the context its wrapper uses.
FREE_TR_CONTEXTS = {"crm_desktop/ui/messages.py": "Messages", "crm_desktop/ui/refusal_words.py": "Refusal"}

SIMILARITY = 0.8   # how close a removed message's source must be to offer its translation


# Tools ------------------------------------------------------------------------------------------

def tool(name: str) -> str:
    """pyside6-<name> next to this interpreter (venv/bin), else on PATH."""
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}",
                      Path(sys.executable).parent / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found (install PySide6 in this environment)")
    return found


def ui_sources() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def lupdate_command(ts_path: Path, sources: list[Path] | None = None) -> list[str]:
    files = [os.path.relpath(p, REPO) for p in (sources if sources is not None else ui_sources())]
    return [tool("lupdate"), "-silent", "-source-language", SOURCE_LANGUAGE, "-target-language", TARGET_LANGUAGE,
            "-locations", "absolute", "-no-obsolete", *files, "-ts", str(ts_path)]


def lrelease_command(ts_path: Path, qm_path: Path) -> list[str]:
    return [tool("lrelease"), "-silent", str(ts_path), "-qm", str(qm_path)]


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:1])} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    if result.stderr.strip():
        print(result.stderr.rstrip(), file=sys.stderr)


# The .ts model ------------------------------------------------------------------------------------

@dataclass
class TsFile:
    attrib: dict
    contexts: list[tuple[str, list[ET.Element]]] = field(default_factory=list)   # (name, messages)

    @classmethod
    def read(cls, path: Path) -> "TsFile":
        root = ET.parse(path).getroot()
        ts = cls(dict(root.attrib))
        for context in root.iter("context"):
            ts.contexts.append((context.findtext("name") or "", list(context.iter("message"))))
        return ts

    def messages(self):
        """(context, message) in file order."""
        for name, messages in self.contexts:
            for message in messages:
                yield name, message

    def active(self):
        """Messages still in the sources (not obsolete/vanished)."""
        for name, message in self.messages():
            if message_state(message) not in ("obsolete", "vanished"):
                yield name, message


def message_key(context: str, message: ET.Element) -> tuple[str, str, str]:
    return context, message.findtext("source") or "", message.findtext("comment") or ""


def message_state(message: ET.Element) -> str:
    """'finished', 'unfinished', 'obsolete' or 'vanished' (from the <translation> type)."""
    translation = message.find("translation")
    return (translation.get("type") if translation is not None else None) or "finished"


def translation_texts(message: ET.Element) -> list[str]:
    """The translation, or its numerus forms."""
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def location_files(message: ET.Element, ts_dir: Path) -> set[str]:
    """The source files of a message, relative to the repository, with '/'."""
    files = set()
    ts_dir = ts_dir.resolve()
    for location in message.findall("location"):
        name = location.get("filename")
        if name:
            path = Path(os.path.normpath(ts_dir / name))
            try:
                files.add(path.relative_to(REPO).as_posix())
            except ValueError:
                files.add(path.as_posix())
    return files


# Extraction ------------------------------------------------------------------------------------------

def fix_free_tr_contexts(ts: TsFile, ts_dir: Path) -> None:
    """Move messages of module-level tr() wrappers from the empty context to their run-time one."""
    moved: dict[str, list[ET.Element]] = {}
    kept: list[tuple[str, list[ET.Element]]] = []
    for name, messages in ts.contexts:
        if name != "":
            kept.append((name, messages))
            continue
        rest = []
        for message in messages:
            files = location_files(message, ts_dir)
            targets = {FREE_TR_CONTEXTS.get(f) for f in files}
            if files and len(targets) == 1 and None not in targets:
                moved.setdefault(targets.pop(), []).append(message)
            else:
                rest.append(message)
        if rest:
            kept.append((name, rest))
    for target, messages in moved.items():
        for i, (name, existing) in enumerate(kept):
            if name == target:
                kept[i] = (name, existing + messages)
                break
        else:
            kept.append((target, messages))
    kept.sort(key=lambda c: c[0])
    ts.contexts = kept


def extract(ts_path: Path, sources: list[Path] | None = None) -> TsFile:
    """Run lupdate into a new .ts at `ts_path` (locations relative to its folder) and fix contexts."""
    if ts_path.exists():
        ts_path.unlink()
    _run(lupdate_command(ts_path, sources))
    ts = TsFile.read(ts_path)
    fix_free_tr_contexts(ts, ts_path.parent)
    return ts


def extracted_keys(ts_path: Path) -> set[tuple[str, str]]:
    """(context, source) of every translatable literal in the UI sources (for the tests)."""
    return {message_key(name, m)[:2] for name, m in extract(ts_path).messages()}


# Merging ----------------------------------------------------------------------------------------------

@dataclass
class MergeReport:
    kept: int = 0
    reused: list[tuple[str, str]] = field(default_factory=list)
    similar: list[tuple[str, str, str]] = field(default_factory=list)
    new: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _set_translation(message: ET.Element, source_message: ET.Element, state: str | None) -> None:
    old = source_message.find("translation")
    translation = copy.deepcopy(old)
    if state is None:
        translation.attrib.pop("type", None)
    else:
        translation.set("type", state)
    children = list(message)
    current = message.find("translation")
    message.remove(current)
    # lupdate's order: ... source, oldsource, comment, oldcomment, extracomment, translatorcomment, translation
    comment = source_message.find("translatorcomment")
    position = children.index(current)
    if comment is not None and message.find("translatorcomment") is None:
        message.insert(position, copy.deepcopy(comment))
        position += 1
    message.insert(position, translation)


def merge(fresh: TsFile, old: TsFile | None) -> MergeReport:
    report = MergeReport()
    if old is None:
        report.new = [message_key(n, m)[:2] for n, m in fresh.messages()]
        return report
    exact = {message_key(n, m): m for n, m in old.active()}
    by_source: dict[str, ET.Element] = {}
    for n, m in old.active():
        if message_state(m) == "finished" and any(translation_texts(m)):
            by_source.setdefault(m.findtext("source") or "", m)
    fresh_keys = {message_key(n, m) for n, m in fresh.messages()}
    removed: dict[str, list[ET.Element]] = {}
    for key, m in exact.items():
        if key not in fresh_keys and any(translation_texts(m)):
            removed.setdefault(key[0], []).append(m)
            report.dropped.append(key[:2])

    for name, message in fresh.messages():
        key = message_key(name, message)
        numerus = message.get("numerus") == "yes"
        old_message = exact.get(key)
        if old_message is not None and (old_message.get("numerus") == "yes") == numerus:
            state = message_state(old_message)
            _set_translation(message, old_message, None if state == "finished" else state)
            report.kept += 1
            continue
        same = by_source.get(key[1])
        if same is not None and (same.get("numerus") == "yes") == numerus:
            _set_translation(message, same, "unfinished")
            report.reused.append(key[:2])
            continue
        best, best_ratio = None, SIMILARITY
        for candidate in removed.get(name, []):
            if (candidate.get("numerus") == "yes") != numerus:
                continue
            ratio = difflib.SequenceMatcher(None, key[1], candidate.findtext("source") or "").ratio()
            if ratio >= best_ratio:
                best, best_ratio = candidate, ratio
        if best is not None:
            _set_translation(message, best, "unfinished")
            old_source = ET.Element("oldsource")
            old_source.text = best.findtext("source")
            message.insert(list(message).index(message.find("source")) + 1, old_source)
            report.similar.append((name, key[1], old_source.text))
            continue
        report.new.append(key[:2])
    return report


# Writing (lupdate's layout, so that Qt Linguist and this script do not fight) ----------------------------

def _protect(text: str) -> str:
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == '"':
            out.append("&quot;")
        elif ch == "'":
            out.append("&apos;")
        elif (ord(ch) < 0x20 and ch not in "\n\t") or (ord(ch) > 0x7F and ch.isspace()):
            out.append(f"&#x{ord(ch):x};")
        else:
            out.append(ch)
    return "".join(out)


def _element(element: ET.Element, depth: int, out: list[str]) -> None:
    indent = "    " * depth
    attrs = "".join(f' {k}="{_protect(v)}"' for k, v in element.attrib.items())
    children = list(element)
    if children:
        out.append(f"{indent}<{element.tag}{attrs}>{_protect(element.text or '').strip()}\n")
        for child in children:
            _element(child, depth + 1, out)
        out.append(f"{indent}</{element.tag}>\n")
    elif element.tag == "location" and not element.text:
        out.append(f"{indent}<{element.tag}{attrs}/>\n")
    else:
        out.append(f"{indent}<{element.tag}{attrs}>{_protect(element.text or '')}</{element.tag}>\n")


def render(ts: TsFile) -> str:
    attrib = {"version": ts.attrib.get("version", "2.1"),
              "language": ts.attrib.get("language", TARGET_LANGUAGE),
              "sourcelanguage": ts.attrib.get("sourcelanguage", SOURCE_LANGUAGE)}
    out = ['<?xml version="1.0" encoding="utf-8"?>\n', "<!DOCTYPE TS>\n",
           "<TS" + "".join(f' {k}="{_protect(v)}"' for k, v in attrib.items()) + ">\n"]
    for name, messages in ts.contexts:
        out.append("<context>\n")
        out.append(f"    <name>{_protect(name)}</name>\n")
        for message in messages:
            _element(message, 1, out)
        out.append("</context>\n")
    out.append("</TS>\n")
    return "".join(out)


def compile_qm(ts_path: Path = TS_FILE, qm_path: Path = QM_FILE) -> bool:
    """lrelease into a temporary file; replace the .qm only when the bytes differ. True if replaced."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / qm_path.name
        _run(lrelease_command(ts_path, fresh))
        data = fresh.read_bytes()
    if qm_path.exists() and qm_path.read_bytes() == data:
        return False
    qm_path.write_bytes(data)
    return True


def refreshed_ts_text() -> tuple[str, MergeReport, TsFile]:
    with tempfile.TemporaryDirectory(dir=HERE, prefix=".lupdate-") as tmp:
        # In this folder, so that lupdate writes the same relative locations as for the real file.
        fresh = extract(Path(tmp) / TS_FILE.name)
    # Locations were written relative to the temporary folder one level down: make them relative to HERE.
    for _, message in fresh.messages():
        for location in message.findall("location"):
            name = location.get("filename")
            if name:
                location.set("filename", Path(os.path.relpath(os.path.normpath(Path(tmp) / name), HERE)).as_posix())
    old = TsFile.read(TS_FILE) if TS_FILE.exists() else None
    report = merge(fresh, old)
    return render(fresh), report, fresh


def _print_report(report: MergeReport, ts: TsFile) -> None:
    total = sum(1 for _ in ts.messages())
    unfinished = [(n, m.findtext("source")) for n, m in ts.messages()
                  if message_state(m) == "unfinished" or not any(translation_texts(m))]
    print(f"{TS_FILE.relative_to(REPO)}: {total} messages, {report.kept} kept, "
          f"{len(report.reused)} reused from other contexts, {len(report.similar)} from similar removed texts, "
          f"{len(report.new)} new, {len(report.dropped)} translations of removed texts dropped")
    for context, source in report.dropped:
        print(f"  dropped  [{context}] {source!r}")
    for context, source, old_source in report.similar:
        print(f"  similar  [{context}] {source!r}  (was {old_source!r})")
    if unfinished:
        print(f"{len(unfinished)} messages need a (reviewed) translation; open the .ts in pyside6-linguist:")
        for context, source in unfinished:
            print(f"  todo     [{context}] {source!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--release-only", action="store_true", help="only compile the .ts into the .qm")
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 when the .ts or .qm is stale")
    args = parser.parse_args(argv)

    supplement = compile_qm(QT_SUPPLEMENT_TS, QT_SUPPLEMENT_QM) if not args.check else False
    if args.release_only:
        print(f"{QM_FILE.relative_to(REPO)}: {'updated' if compile_qm() else 'unchanged'}")
        print(f"{QT_SUPPLEMENT_QM.relative_to(REPO)}: {'updated' if supplement else 'unchanged'}")
        return 0

    text, report, ts = refreshed_ts_text()
    current = TS_FILE.read_text(encoding="utf-8") if TS_FILE.exists() else None
    if args.check:
        stale = []
        if current != text:
            stale.append(f"{TS_FILE.name} differs from the sources (new: {len(report.new) + len(report.reused) + len(report.similar)}, "
                         f"removed: {len(report.dropped)})")
        with tempfile.TemporaryDirectory() as tmp:
            for ts_path, qm_path in ((TS_FILE, QM_FILE), (QT_SUPPLEMENT_TS, QT_SUPPLEMENT_QM)):
                qm = Path(tmp) / qm_path.name
                _run(lrelease_command(ts_path, qm))
                if not qm_path.exists() or qm_path.read_bytes() != qm.read_bytes():
                    stale.append(f"{qm_path.name} is not compiled from {ts_path.name}")
        for line in stale:
            print(line)
        return 1 if stale else 0

    if current != text:
        TS_FILE.write_text(text, encoding="utf-8", newline="\n")
    _print_report(report, ts)
    print(f"{QM_FILE.relative_to(REPO)}: {'updated' if compile_qm() else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
