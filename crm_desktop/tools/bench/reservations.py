"""Benchmark of the 预约 .xlsx import (`crm-admin bench reservations`, issue #18 item 13); prints
figures, asserts nothing.

On the seeded demo database (`crm-admin demo seed` first), as the marketer ``bj01_mkt01`` with
their own CRM session: a workbook of 20 000 valid rows (distinct people, every other one with an
ID number, the rest with a mobile) written with openpyxl's streaming writer, then

1. reading it (services/workbook_reader: the active sheet, every row, within the limits);
2. the whole import (``reservations.import_xlsx``: read, check, one set-based INSERT … ON
   CONFLICT DO NOTHING against the open-reservation unique indexes);
3. for comparison, the same checked rows inserted the way the import did before issue #18: one
   INSERT … RETURNING per row over the same connection.

Everything runs in one transaction that is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Callable

import psycopg

from crm_desktop.services import machine
from crm_desktop.services import reservations as rs
from crm_desktop.tools.bench.connections import staff_conninfo
from crm_desktop.tools.demo import DEMO_PASSWORD
from crm_desktop.services.workbook_reader import read_active_sheet

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰萍红"


def _person(i: int) -> tuple[str, str | None, str | None]:
    name, n = _SURNAMES[i % len(_SURNAMES)], i // len(_SURNAMES)
    while True:
        name, n = name + _GIVEN[n % len(_GIVEN)], n // len(_GIVEN)
        if not n:
            break
    if i % 2:
        return name, None, f"15{i:09d}"
    first = f"4401061990{i:07d}"
    return name, first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _WEIGHTS)) % 11], None


def write_workbook(path: Path, rows: int) -> Path:
    """`rows` valid reservations in the template's columns, streamed (dimension left to the writer)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("预约")
    ws.append([zh for _, zh, _, _ in rs.TEMPLATE_COLUMNS])
    for i in range(rows):
        name, id_no, mobile = _person(i)
        ws.append(["", name, id_no, mobile, "讲座"])
    wb.save(path)
    return path


def reservations(admin_url: str, out: Callable[[str], None] = print, rows: int = 20_000,
                 login: str = "bj01_mkt01", password: str = DEMO_PASSWORD) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "reservations.xlsx", rows)
        size = path.stat().st_size
        started = time.perf_counter()
        sheet = read_active_sheet(path)
        read_s = time.perf_counter() - started
        with psycopg.connect(staff_conninfo(admin_url, login, password)) as conn:
            try:
                conn.execute("SELECT * FROM crm.open_session(%s, %s, %s)",
                             (machine.local_macs(), machine.hostname(), "bench"))
                started = time.perf_counter()
                report = rs.import_xlsx(conn, path)
                import_s = time.perf_counter() - started
                if report.errors or report.inserted != rows:
                    out(f"  (the import reported {len(report.errors)} errors, {len(report.duplicates)} duplicates)")
                conn.execute("DELETE FROM crm.reservation WHERE id = ANY (%s)", (report.ids,))
                branch = conn.execute("SELECT branch_id FROM crm.staff WHERE id = crm.current_staff_id()").fetchone()[0]
                started = time.perf_counter()
                with conn.cursor() as cur:
                    for i in range(rows):
                        name, id_no, mobile = _person(i)
                        cur.execute("INSERT INTO crm.reservation (branch_id, name, id_no, mobile, note) "
                                    "VALUES (%s, %s, %s, %s, %s) RETURNING id", (branch, name, id_no, mobile, "讲座"))
                        cur.fetchone()
                row_by_row_s = time.perf_counter() - started
            finally:
                conn.rollback()
    insert_s = import_s - read_s
    result = {"rows": rows, "file_bytes": size, "sheet_rows_scanned": sheet.rows_scanned, "read_s": round(read_s, 2),
              "import_s": round(import_s, 2), "inserted": report.inserted, "rows_per_s": round(rows / import_s),
              "row_by_row_insert_s": round(row_by_row_s, 2),
              "check_and_insert_s": round(insert_s, 2)}
    out(f"reservation import of {rows:,} valid rows ({size / 1024:.0f} KB) as {login}:")
    out(f"  read the workbook:                {read_s:6.2f} s")
    out(f"  whole import (read, check, insert): {import_s:5.2f} s  ({rows / import_s:,.0f} rows/s, "
        f"{report.inserted:,} inserted)")
    out(f"  check and set-based insert:       {insert_s:6.2f} s")
    out(f"  row-by-row INSERTs (the former way): {row_by_row_s:4.2f} s  "
        f"(set-based is {row_by_row_s / max(insert_s, 1e-9):.1f}x faster for the insert phase)")
    out("  (rolled back: the database is unchanged)")
    return result
