"""The Inno Setup script cannot be compiled here: it is read as iscc would read it, and every
file and folder it takes from the PyInstaller output must exist in the Windows layout that
installer/crm_desktop.spec produces (derived from the spec itself; tests/installer/test_bundle.py
checks that a real build has that layout)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "crm_desktop.iss"
SPEC = ROOT / "installer" / "crm_desktop.spec"
# PyInstaller >= 6 puts everything but the executables in this folder of a onedir bundle.
CONTENTS_DIRECTORY = "_internal"


def spec_layout() -> tuple[str, set[str]]:
    """(bundle folder name, top-level entries of that folder on Windows) from the spec's
    EXE(name=...) and COLLECT(name=...) calls."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    constants = {node.targets[0].id: node.value.value for node in ast.walk(tree)
                 if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}

    def name_of(call: ast.Call) -> str:
        value = next(k.value for k in call.keywords if k.arg == "name")
        return value.value if isinstance(value, ast.Constant) else constants[value.id]

    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    executables = {name_of(c) + ".exe" for c in calls if c.func.id == "EXE"}
    (folder,) = {name_of(c) for c in calls if c.func.id == "COLLECT"}
    contents = [k.value.value for c in calls if c.func.id == "EXE" for k in c.keywords if k.arg == "contents_directory"]
    return folder, executables | {contents[0] if contents else CONTENTS_DIRECTORY}


def read_iss() -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    """(#defines evaluated, section -> lines, [CustomMessages] entries)."""
    text = ISS.read_text(encoding="utf-8-sig")
    defines = {"SourcePath": "<installer>\\"}
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.match(r'#\s*define\s+(\w+)\s+(.+)$', line)
        if match:
            # Values are string literals joined with "+" and names of earlier defines.
            parts = [p.strip() for p in match.group(2).split("+")]
            defines[match.group(1)] = "".join(p[1:-1] if p.startswith('"') else defines[p] for p in parts)
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"\[(\w+)\]$", line)
        if match:
            current = match.group(1)
            sections[current] = []
        elif current:
            sections[current].append(re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], line))
    messages = dict(line.split("=", 1) for line in sections.get("CustomMessages", []))
    return defines, sections, messages


def entry(line: str) -> dict[str, str]:
    """`Name: "x"; Filename: "y"; Flags: a b` -> {"Name": "x", ...}."""
    return {key: value.strip().strip('"') for key, value in re.findall(r'(\w+):\s*("[^"]*"|[^;]*)', line)}


def bundle_relative(path: str, dist_dir: str) -> str | None:
    """The path inside the bundle folder that `path` ({app}\\... or the dist folder) names."""
    for prefix in ("{app}\\", dist_dir + "\\"):
        if path.startswith(prefix):
            return path[len(prefix):]
    return None


def test_every_bundle_path_the_script_names_is_in_the_spec_layout():
    folder, layout = spec_layout()
    defines, sections, _ = read_iss()
    dist_dir = defines["DistDir"]
    assert dist_dir == "<installer>\\..\\dist\\" + folder, "the script must pack the spec's output folder"
    assert defines["AppExe"] in layout

    named = []
    for line in sections["Files"]:
        fields = entry(line)
        if "external" in fields.get("Flags", "").split():
            continue                                # files IT puts next to the setup .exe
        named.append(fields["Source"])
    named += [entry(line)["Filename"] for section in ("Icons", "Run") for line in sections[section]]
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    named.append(setup["UninstallDisplayIcon"])

    checked = 0
    for path in named:
        inside = bundle_relative(path, dist_dir)
        assert inside is not None, f"{path}: neither in the bundle nor external"
        if inside == "*":
            checked += 1                            # the whole folder; it exists when its entries do
            continue
        assert inside.split("\\")[0] in layout, f"{path}: not in the Windows bundle ({sorted(layout)})"
        checked += 1
    assert checked >= 4


def test_start_menu_entry_is_named_in_chinese():
    _, sections, messages = read_iss()
    start_menu = [entry(line) for line in sections["Icons"] if entry(line)["Name"].startswith("{autoprograms}\\")]
    assert len(start_menu) == 1
    message = re.fullmatch(r"\{autoprograms\}\\\{cm:(\w+)\}", start_menu[0]["Name"]).group(1)
    assert messages[f"chinesesimplified.{message}"] == "营业部CRM"
    languages = [entry(line)["Name"] for line in sections["Languages"]]
    assert languages[0] == "chinesesimplified", "Chinese first: the setup's default language"
