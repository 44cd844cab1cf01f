"""Released migrations never change: `db/released.json` holds what each released revision ran.

For every released revision the manifest has the SHA-256 of its files (`versions/<rev>_*.py`,
`sql/<rev>_*.sql`) and of each object file it applied (`apply_objects(...)`), as they were when
it was released. tests/unit/test_released_migrations.py fails when

* a released revision's file changed: a database that ran it will never run it again, so the
  change must be a new migration;
* an object file changed since the last released revision that applied it, and no unreleased
  revision applies it: the databases already migrated would keep the old definition;
* an object file is applied by no revision at all;
* a released revision applied an object whose file has changed since, and that definition is
  not kept under sql/objects/released/ (`python -m crm_desktop.db.released --keep` writes it
  from git history).

When a revision is released (merged to main and shipped), record it:

    python -m crm_desktop.db.released 0018

(re-recording an already released revision is for the one who re-chains unreleased branches
before the release, never afterwards).
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
from pathlib import Path

from crm_desktop.config import data_dir
from crm_desktop.db.server_objects import (file_digest, kept_definition_path, object_names, object_path,
                                           released_manifest, released_objects_dir, text_digest)


def db_dir() -> Path:
    return data_dir("db")


def manifest_path() -> Path:
    return db_dir() / "released.json"


def revision_of(migration: Path) -> str:
    return migration.name.split("_", 1)[0]


def migration_files() -> dict[str, Path]:
    """revision -> its Alembic file under db/versions/."""
    return {revision_of(path): path for path in sorted((db_dir() / "versions").glob("[0-9]*_*.py"))}


def revision_files(revision: str) -> list[str]:
    """The files of a revision, relative to db/."""
    root = db_dir()
    paths = [*(root / "versions").glob(f"{revision}_*.py"), *(root / "sql").glob(f"{revision}_*.sql")]
    return sorted(str(path.relative_to(root)) for path in paths)


def applied_objects(migration: Path) -> list[str]:
    """The object names a migration file passes to apply_objects (literal strings only)."""
    names = []
    for node in ast.walk(ast.parse(migration.read_text(encoding="utf-8"), str(migration))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "apply_objects":
            for arg in node.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise ValueError(f"{migration.name}: apply_objects takes literal names "
                                     f"(line {arg.lineno}), so that this check can read them")
                names.append(arg.value)
    return names


def load_manifest() -> dict:
    return released_manifest()


def record(revision: str) -> None:
    """Record `revision` as released with its files and applied object files as they are now."""
    migration = migration_files().get(revision)
    if migration is None:
        raise SystemExit(f"no migration for revision {revision} under {db_dir() / 'versions'}")
    root = db_dir()
    manifest = load_manifest()
    manifest["revisions"][revision] = {
        "files": {name: file_digest(root / name) for name in revision_files(revision)},
        "objects": {name: file_digest(object_path(name)) for name in applied_objects(migration)},
    }
    manifest["revisions"] = dict(sorted(manifest["revisions"].items()))
    manifest_path().write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def changed_released_files() -> list[str]:
    """A sentence for each file of a released revision that differs from the manifest."""
    root = db_dir()
    problems = []
    for revision, released in load_manifest()["revisions"].items():
        now = set(revision_files(revision))
        for name in sorted(now - released["files"].keys()):
            problems.append(f"{name} is new, but revision {revision} is released: "
                            "add a new migration instead")
        for name, digest in released["files"].items():
            if name not in now:
                problems.append(f"{name} of released revision {revision} is gone: restore it")
            elif file_digest(root / name) != digest:
                problems.append(f"{name} changed, but revision {revision} is released and databases that "
                                "ran it will not run it again: restore it and add a new migration instead")
    return problems


def stale_object_files() -> list[str]:
    """A sentence for each object file that no migration brings to the databases as it is now."""
    released = load_manifest()["revisions"]
    applied_by_release: dict[str, tuple[str, str]] = {}       # object -> (revision, digest)
    for revision, entry in released.items():
        for name, digest in entry["objects"].items():
            applied_by_release[name] = (revision, digest)
    unreleased = {name for revision, migration in migration_files().items() if revision not in released
                  for name in applied_objects(migration)}
    problems = []
    for name in object_names():
        if name in unreleased:
            continue
        if name not in applied_by_release:
            problems.append(f"{name} is applied by no migration: add apply_objects({name!r}) to yours")
        elif file_digest(object_path(name)) != applied_by_release[name][1]:
            problems.append(f"{name} changed since revision {applied_by_release[name][0]} applied it, and no "
                            f"new migration applies it: add apply_objects({name!r}) to your migration")
    return problems


def definitions_to_keep() -> list[tuple[str, str, str]]:
    """(revision, object, digest) for each definition a released revision applied whose file has
    changed since and which is not kept under db/sql/objects/released/ (a database migrated from
    scratch could not pass through it)."""
    missing = []
    for revision, name, digest in _released_definitions_changed():
        kept = kept_definition_path(name, digest)
        if not kept.is_file() or file_digest(kept) != digest:
            missing.append((revision, name, digest))
    return missing


def unneeded_kept_definitions() -> list[str]:
    """Kept definitions no released revision needs (its object file is back to what was released,
    or nothing released it): clutter that would hide which ones matter."""
    needed = {kept_definition_path(name, digest) for _, name, digest in _released_definitions_changed()}
    return sorted(path.name for path in released_objects_dir().glob("*.sql") if path not in needed)


def _released_definitions_changed() -> list[tuple[str, str, str]]:
    changed = []
    for revision, entry in load_manifest()["revisions"].items():
        for name, digest in entry["objects"].items():
            try:
                current = file_digest(object_path(name))
            except FileNotFoundError:
                current = None
            if current != digest:
                changed.append((revision, name, digest))
    return changed


def keep_released_definitions() -> list[str]:
    """Write each missing released definition from git history (the object file's past
    versions, matched by digest); the paths written."""
    written = []
    for revision, name, digest in definitions_to_keep():
        relative = object_path(name).relative_to(db_dir().parent)
        commits = subprocess.run(["git", "log", "--format=%H", "--", str(relative)], cwd=db_dir().parent,
                                 capture_output=True, text=True, check=True).stdout.split()
        for commit in commits:
            shown = subprocess.run(["git", "show", f"{commit}:{relative.as_posix()}"], cwd=db_dir().parent,
                                   capture_output=True, check=False)
            text = shown.stdout.replace(b"\r\n", b"\n")
            if shown.returncode == 0 and text_digest(text) == digest:
                kept = kept_definition_path(name, digest)
                kept.parent.mkdir(exist_ok=True)
                kept.write_bytes(text)
                written.append(str(kept))
                break
        else:
            raise SystemExit(f"no commit holds {relative} as revision {revision} released it ({digest[:16]})")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_desktop.db.released", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revisions", nargs="*", help="revisions to record as released")
    parser.add_argument("--keep", action="store_true",
                        help="keep the released definitions of changed object files (from git history)")
    args = parser.parse_args(argv)
    if not args.revisions and not args.keep:
        parser.print_help()
        return 2
    for path in keep_released_definitions() if args.keep else []:
        print(f"kept {path}")
    for revision in args.revisions:
        record(revision)
        print(f"recorded revision {revision} as released in {manifest_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
