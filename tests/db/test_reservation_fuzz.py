"""Fuzz harness of the reservation .xlsx import (issue #18, items 8-12): seeded hostile workbooks
of every class (tests/fuzz_workbooks.py) imported as a marketer against the real database.

Every case must end in the product's own refusal (a CrmRefusal with a reason code and words,
with the database unchanged: reservations and audit rows counted before and after) or in a
correct import (the expected rows, the expected row errors, nothing else), within a time and
memory bound that the harness prints. A failure names its seed and case number, so it replays:
``FUZZ_SEED=<seed> pytest tests/db/test_reservation_fuzz.py``.

The normal run does a few hundred cases; ``pytest -m fuzz_long`` runs thousands.
"""

from __future__ import annotations

import os
import resource
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from crm_desktop.services import reservations
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.workbook_reader import DEFAULT_LIMITS, WorkbookRefusal
from tests.fuzz_workbooks import Case, Generator

SEED = int(os.environ.get("FUZZ_SEED", "20261207"))
CASE_SECONDS = 10.0            # one case, read and import
MEMORY_GROWTH_MB = 400         # peak RSS growth over the whole run


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _counts(db) -> tuple:
    with db.admin() as admin:
        return admin.execute("SELECT (SELECT count(*) FROM crm.reservation), "
                     "(SELECT count(*) FROM crm.audit_log WHERE table_name = 'reservation')").fetchone()


def _special_path(case: Case, tmp_path: Path, number: int) -> Path:
    if case.path_kind == "device":
        return Path("/dev/zero")
    if case.path_kind == "link_to_device":
        link = tmp_path / f"link{number}.xlsx"
        link.symlink_to("/dev/zero")
        return link
    if case.path_kind == "fifo":
        fifo = tmp_path / f"fifo{number}.xlsx"
        os.mkfifo(fifo)
        return fifo
    folder = tmp_path / f"folder{number}.xlsx"
    folder.mkdir()
    return folder


def run_cases(db, tmp_path: Path, seed: int, n: int) -> None:
    db.make_staff("fuzz_mkt", name="模糊测试")
    generator = Generator(seed)
    outcomes: dict[str, dict[str, int]] = {}
    slowest = (0.0, "")
    rss_before = _rss_mb()
    started = time.perf_counter()
    with db.session("fuzz_mkt") as conn:
        for number, case in enumerate(generator.cases(n)):
            where = f"seed {seed}, case {number} ({case.kind})"
            path = tmp_path / f"case{number}.xlsx"
            if case.path_kind:
                path = _special_path(case, tmp_path, number)
            else:
                path.write_bytes(case.data)
            limits = replace(DEFAULT_LIMITS, **(case.limits or {}))
            before = _counts(db)
            began = time.perf_counter()
            try:
                report = reservations.import_xlsx(conn, path, valid_only=case.valid_only, limits=limits)
            except CrmRefusal as refusal:
                elapsed = time.perf_counter() - began
                assert isinstance(refusal, WorkbookRefusal), f"{where}: not a workbook refusal: {refusal!r}"
                assert refusal.message and refusal.message_zh, where
                assert _counts(db) == before, f"{where}: a refusal changed the database"
                assert case.expect_refusal, f"{where}: refused ({refusal.reason}: {refusal.message}) but should import"
                assert refusal.reason in case.expect_refusal, \
                    f"{where}: refused with {refusal.reason} ({refusal.message}), expected one of {set(case.expect_refusal)}"
                outcome = f"refused:{refusal.reason}"
            else:
                elapsed = time.perf_counter() - began
                if case.expect_refusal and not case.may_import:
                    pytest.fail(f"{where}: imported, expected a refusal {set(case.expect_refusal)}")
                # a consistent import: what was inserted is what the report says
                assert _counts(db)[0] == before[0] + report.inserted, f"{where}: the report's count is not the database's"
                if case.expect_inserted is not None:
                    got = sorted(r["name"] for r in _names(conn, report.ids))
                    assert got == sorted(case.expect_inserted), f"{where}: imported {got}, expected {case.expect_inserted}"
                errors = {(e["row"], e["reason"]) for e in report.errors}
                assert errors == case.expect_errors or case.may_import, \
                    f"{where}: errors {sorted(errors)}, expected {sorted(case.expect_errors)}"
                if case.repeat:
                    again = reservations.import_xlsx(conn, path, limits=limits)
                    assert again.inserted == 0 and len(again.duplicates) == len(case.expect_inserted or ()), \
                        f"{where}: the second import of one file inserted {again.inserted}"
                    assert {d["reason"] for d in again.duplicates} <= {"duplicate_open"}, where
                outcome = "imported" if report.inserted else "nothing imported"
            assert elapsed < CASE_SECONDS, f"{where}: {elapsed:.1f} s"
            slowest = max(slowest, (elapsed, where))
            outcomes.setdefault(case.kind, {}).setdefault(outcome, 0)
            outcomes[case.kind][outcome] += 1
    growth = _rss_mb() - rss_before
    print(f"\nreservation import fuzz: seed {seed}, {n} cases in {time.perf_counter() - started:.1f} s; "
          f"slowest case {slowest[0]:.2f} s ({slowest[1]}); peak RSS growth {growth:.0f} MB "
          f"(bounds: {CASE_SECONDS:g} s per case, {MEMORY_GROWTH_MB} MB)")
    for kind, counts in sorted(outcomes.items()):
        print(f"  {kind:18} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    assert growth < MEMORY_GROWTH_MB


def _names(conn, ids: list[int]) -> list[dict]:
    if not ids:
        return []
    return [{"name": row[0]} for row in conn.execute("SELECT name FROM crm.reservation WHERE id = ANY (%s)", (ids,))]


def test_hostile_workbooks(db, tmp_path):
    run_cases(db, tmp_path, SEED, 280)


@pytest.mark.fuzz_long
def test_hostile_workbooks_long(db, tmp_path):
    run_cases(db, tmp_path, SEED + 1, 3000)


def test_the_issues_examples_within_the_default_limits(db, tmp_path):
    """The fuzzed examples of issue #18, item 10, at full size and with the product's limits:
    hundreds of thousands of invalid rows in a small file, one row at r=100 000 000, a
    shared-string bomb, /dev/zero through a link. Each is refused quickly with its limit named."""
    from tests.fuzz_workbooks import HEADER, Row, sheet_xml, text_cell, workbook_bytes

    header = Row(1, [text_cell(f"{'ABCDE'[i]}1", h) for i, h in enumerate(HEADER)])
    many_rows = "".join(f'<row r="{i}"><c r="B{i}" t="inlineStr"><is><t>#</t></is></c></row>' for i in range(2, 300_002))
    far_row = '<row r="100000000"><c r="B100000000" t="inlineStr"><is><t>张三</t></is></c></row>'
    bomb = [""] * 300_000
    link = tmp_path / "zero.xlsx"
    link.symlink_to("/dev/zero")
    cases = {
        "many_rows": (workbook_bytes([("预约", "visible", sheet_xml([header]).replace("</sheetData>", many_rows + "</sheetData>"))]),
                      {"too_many_rows"}),
        "far_row": (workbook_bytes([("预约", "visible", sheet_xml([header], dimension=None)
                                     .replace("</sheetData>", far_row + "</sheetData>"))]), {"bad_row"}),
        "string_bomb": (workbook_bytes([("预约", "visible", sheet_xml([header]))], bomb),
                        {"too_many_strings", "compression_ratio"}),
        "many_strings": (workbook_bytes([("预约", "visible", sheet_xml([header]))],
                                        [f"{i * 7919 % 1_000_003:x}" for i in range(200_001)]), {"too_many_strings"}),
        "device_link": (None, {"not_a_file"}),
    }
    db.make_staff("fuzz_mkt", name="模糊测试")
    with db.session("fuzz_mkt") as conn:
        for name, (data, reasons) in cases.items():
            path = link if data is None else tmp_path / f"{name}.xlsx"
            if data is not None:
                path.write_bytes(data)
            began = time.perf_counter()
            with pytest.raises(WorkbookRefusal) as refused:
                reservations.import_xlsx(conn, path)
            took = time.perf_counter() - began
            tracemalloc.start()          # again, for the memory (tracing slows it several times)
            with pytest.raises(WorkbookRefusal):
                reservations.import_xlsx(conn, path)
            peak_mb = tracemalloc.get_traced_memory()[1] / 2 ** 20
            tracemalloc.stop()
            size = 0 if data is None else len(data)
            print(f"\n{name}: {size / 1024:.0f} KB refused ({refused.value.reason}: {refused.value.message}) "
                  f"in {took:.2f} s, Python allocations peaked at {peak_mb:.0f} MB")
            assert refused.value.reason in reasons and took < CASE_SECONDS and peak_mb < 200
    assert db.scalar("SELECT count(*) FROM crm.reservation") == 0
