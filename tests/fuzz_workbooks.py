"""A seeded generator of hostile .xlsx workbooks (issue #18) for the reservation import's fuzz
harness (tests/db/test_reservation_fuzz.py).

Workbooks are written here byte by byte (zip + XML), not with openpyxl, so that a case can hold
what no well-behaved writer produces: an understated or ``ref="A1"`` dimension, rows out of
order, a cell naming a shared string that does not exist, a late CRC error, an entity bomb, a
hidden active sheet, error cells, ``_x0000_`` escapes. Each case says what a correct import must
give (``expect``): a refusal with one of some reason codes, or the rows to be inserted, or the
row errors to be reported; ``None`` means only the harness's invariants hold (the product's own
refusal or a consistent import, the database unchanged on refusal).
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["营业部代码", "姓名", "身份证号", "手机号", "备注"]
_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid_id(number: int) -> str:
    first = f"3301061985{number % 10 ** 7:07d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _WEIGHTS)) % 11]


def person_name(number: int) -> str:
    """A distinct Chinese name per number (no digits: names hold letters only)."""
    name = _SURNAMES[number % len(_SURNAMES)]
    number //= len(_SURNAMES)
    while True:
        name += _GIVEN[number % len(_GIVEN)]
        number //= len(_GIVEN)
        if not number:
            return name


@dataclass
class Cell:
    ref: str | None          # "B3", or None (no r attribute)
    xml: str                 # the <c> element


def text_cell(ref: str | None, value: str, inline: bool = True, strings: list[str] | None = None) -> Cell:
    r = f' r="{ref}"' if ref else ""
    if inline or strings is None:
        return Cell(ref, f'<c{r} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
    strings.append(value)
    return Cell(ref, f'<c{r} t="s"><v>{len(strings) - 1}</v></c>')


def raw_cell(ref: str | None, kind: str | None, value: str, style: int | None = None) -> Cell:
    r = f' r="{ref}"' if ref else ""
    t = f' t="{kind}"' if kind else ""
    s = f' s="{style}"' if style is not None else ""
    return Cell(ref, f"<c{r}{t}{s}><v>{escape(value)}</v></c>")


@dataclass
class Row:
    number: int | None       # the r attribute (None: none written)
    cells: list[Cell]
    hidden: bool = False

    def xml(self) -> str:
        r = f' r="{self.number}"' if self.number is not None else ""
        h = ' hidden="1"' if self.hidden else ""
        return f"<row{r}{h}>{''.join(c.xml for c in self.cells)}</row>"


def sheet_xml(rows: list[Row], dimension: str | None = "auto", cols: str = "", tail: str = "") -> str:
    if dimension == "auto":
        last = max((r.number or 0 for r in rows), default=1)
        dimension = f"A1:E{max(last, 1)}"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">{dim}{cols}'
            f"<sheetData>{''.join(r.xml() for r in rows)}</sheetData>{tail}</worksheet>")


def strings_xml(strings: list[str]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS}" count="{len(strings)}">{items}</sst>'


# A style sheet whose style 1 is a date (built-in format 14), so a number there is a date cell.
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{NS}"><fonts count="1"><font/></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
          '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def workbook_bytes(sheets: list[tuple[str, str, str]], strings: list[str] | None = None, active: int = 0,
                   overrides: dict[str, bytes | str] | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An .xlsx of `sheets` [(name, state, sheet xml)], shared `strings`, the `active` tab;
    `overrides` replace (or add, or with b"" drop) parts by name."""
    parts: dict[str, bytes | str] = {}
    sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
    strings_type = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.sharedStrings+xml"/>') if strings is not None else ""
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheet_types}{strings_type}</Types>')
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    entries = "".join(f'<sheet name="{escape(name)}" sheetId="{i + 1}" state="{state}" r:id="rId{i + 1}"/>'
                      for i, (name, state, _) in enumerate(sheets))
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><bookViews>'
        f'<workbookView activeTab="{active}"/></bookViews><sheets>{entries}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
    n = len(sheets)
    rels += (f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/styles" Target="styles.xml"/>')
    if strings is not None:
        rels += (f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/sharedStrings" Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships">{rels}</Relationships>')
    parts["xl/styles.xml"] = STYLES
    for i, (_, _, xml) in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings_xml(strings)
    parts.update(overrides or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            if content == b"":
                continue
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


@dataclass
class Case:
    kind: str                                  # the hostile class (item of issue #18)
    data: bytes | None                         # the file's bytes (None: `path_kind` names a special path)
    expect_refusal: frozenset[str] = frozenset()   # acceptable refusal reason codes (empty: no refusal)
    expect_inserted: list[str] | None = None   # names that must be imported (in any order)
    expect_errors: set[tuple[int, str]] = field(default_factory=set)   # (row, reason) that must be reported
    path_kind: str | None = None               # "device", "link_to_device", "fifo", "directory"
    valid_only: bool = False
    limits: dict | None = None                 # WorkbookLimits overrides for this case
    repeat: bool = False                       # import the same file again: everything a duplicate
    may_import: bool = False                   # randomly damaged: refused, or imported if still sound


class Generator:
    """Cases of every hostile class from one seed; person numbers never repeat across cases, so
    rows meant to be imported never collide with an earlier case's reservations."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.person = seed * 100_000

    # building blocks ---------------------------------------------------------------------------------------------

    def people(self, n: int) -> list[tuple[str, str | None, str | None]]:
        out = []
        for _ in range(n):
            self.person += 1
            id_no = valid_id(self.person) if self.rng.random() < 0.6 else None
            mobile = f"13{self.person % 10 ** 9:09d}" if id_no is None or self.rng.random() < 0.5 else None
            out.append((person_name(self.person), id_no, mobile))
        return out

    def rows_of(self, people, strings: list[str] | None, start: int = 2, numbered: bool = True,
                inline: bool | None = None) -> list[Row]:
        """The header and one row per person; with `numbered` False neither rows nor cells carry
        r attributes (cells are then placed by position, gaps written as empty <c/>)."""
        rng = self.rng

        def cell(ref: str | None, value: str, as_number: bool = False) -> Cell:
            if as_number:
                return raw_cell(ref, None, value)
            return text_cell(ref, value, inline if inline is not None else rng.random() < .5, strings)

        def row(number: int, values: list[tuple[str | None, bool]]) -> Row:
            cells = []
            last = max((i for i, (v, _) in enumerate(values) if v is not None), default=-1)
            for i, (value, as_number) in enumerate(values[:last + 1]):
                ref = f"{'ABCDE'[i]}{number}" if numbered else None
                if value is not None:
                    cells.append(cell(ref, value, as_number))
                elif not numbered:
                    cells.append(Cell(None, "<c/>"))
            return Row(number if numbered else None, cells)

        rows = [row(1, [(h, False) for h in HEADER])]
        for offset, (name, id_no, mobile) in enumerate(people):
            rows.append(row(start + offset, [(None, False), (name, False), (id_no, False),
                                             (mobile, mobile is not None and rng.random() < 0.3), (None, False)]))
        return rows

    def simple(self, rows: list[Row], strings: list[str] | None, **sheet_args) -> bytes:
        return workbook_bytes([("预约", "visible", sheet_xml(rows, **sheet_args))], strings)

    def valid(self, n: int | None = None) -> tuple[bytes, list[str]]:
        people = self.people(n if n is not None else self.rng.randint(1, 12))
        strings: list[str] = []
        return self.simple(self.rows_of(people, strings), strings), [p[0] for p in people]

    # the classes ----------------------------------------------------------------------------------------------------

    def case_valid(self) -> Case:
        """Item 9: whatever <dimension> says (understated, "A1", missing, overstated), whether
        cells have r attributes or not, every row that is there is imported."""
        people = self.people(self.rng.randint(1, 15))
        strings: list[str] = [] if self.rng.random() < 0.5 else None
        numbered = self.rng.random() < 0.7
        last = len(people) + 1
        dimension = self.rng.choice(["auto", "A1", None, "A1:E2", f"A1:B{max(last // 2, 1)}", "A1:E1048576"])
        rows = self.rows_of(people, strings, numbered=numbered)
        data = self.simple(rows, strings, dimension=dimension)
        return Case("partial_read", data, expect_inserted=[p[0] for p in people])

    def case_order(self) -> Case:
        """Item 9: rows out of order or repeated are refused, never dropped."""
        people = self.people(self.rng.randint(2, 8))
        rows = self.rows_of(people, None)
        body = rows[1:]
        i = self.rng.randrange(len(body))
        j = self.rng.randrange(len(body))
        if self.rng.random() < 0.5 or i == j:
            body.append(Row(body[i].number, [Cell(c.ref, c.xml) for c in body[i].cells]))       # a repeated number
            body[-1].cells = [text_cell(f"B{body[i].number}", person_name(self.person + 7_000_000 + i))]
        else:
            body[i], body[j] = body[j], body[i]
        return Case("rows_out_of_order", self.simple([rows[0]] + body, None),
                    expect_refusal=frozenset({"rows_out_of_order"}))

    def case_malformed(self) -> Case:
        """Item 8: damaged zips, broken XML, impossible references: a worded refusal."""
        rng = self.rng
        data, _ = self.valid(rng.randint(1, 6))
        choice = rng.randrange(14)
        refusal = frozenset({"damaged", "not_xlsx", "bad_cell", "bad_row", "bad_sheet", "no_sheet", "part_too_large",
                             "compression_ratio", "rows_out_of_order"})
        if choice == 0:                     # truncated
            return Case("malformed", data[:rng.randrange(len(data))], expect_refusal=refusal)
        if choice == 1:                     # random bytes flipped: anything may happen, but in words
            mutable = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                mutable[rng.randrange(len(mutable))] = rng.randrange(256)
            return Case("malformed", bytes(mutable), expect_refusal=refusal | {"hidden_sheet", "too_many_rows"},
                        may_import=True)
        if choice == 2:                     # a late CRC error in the sheet (stored, one byte changed)
            people = self.people(3)
            xml = sheet_xml(self.rows_of(people, None))
            raw = workbook_bytes([("预约", "visible", xml)], None, compression=zipfile.ZIP_STORED)
            at = raw.index(b"</sheetData>") - 10
            return Case("malformed", raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:],
                        expect_refusal=frozenset({"damaged"}))
        if choice == 3:
            return Case("malformed", b"", expect_refusal=frozenset({"not_xlsx"}))
        if choice == 4:
            return Case("malformed", bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000))),
                        expect_refusal=frozenset({"not_xlsx", "damaged"}))
        if choice == 5:                     # broken sheet XML
            xml = sheet_xml(self.rows_of(self.people(2), None))
            cut = rng.randrange(60, len(xml))
            return Case("malformed", workbook_bytes([("预约", "visible", xml[:cut])]),
                        expect_refusal=frozenset({"damaged"}))
        if choice == 6:                     # shared string index out of range / not a number
            bad = rng.choice(["999", "-1", "abc", "1e3", ""])
            rows = self.rows_of(self.people(1), None)
            rows[1].cells[0] = raw_cell("B2", "s", bad)
            if not bad:                     # an empty value is an empty cell: the row has no name
                return Case("malformed", self.simple(rows, []), expect_inserted=[], expect_errors={(2, "missing_name")})
            return Case("malformed", self.simple(rows, []), expect_refusal=frozenset({"bad_cell"}))
        if choice == 7:                     # impossible cell references
            rows = self.rows_of(self.people(1), None)
            rows[1].cells[0] = text_cell(rng.choice(["B0", "1B", "ZZZZ2", "B3", "b2", "B-2", "XFE2"]), "某人")
            return Case("malformed", self.simple(rows, None), expect_refusal=frozenset({"bad_cell"}))
        if choice == 8:                     # impossible row numbers
            rows = self.rows_of(self.people(1), None)
            rows[1].number = rng.choice(["0", "-3", "2.5", "x", "1048577", "99999999999"])
            return Case("malformed", self.simple(rows, None, dimension=None), expect_refusal=frozenset({"bad_row"}))
        if choice == 9:                     # an entity bomb in the sheet
            bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
                    '&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                    f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>&c;</t></is>'
                    '</c></row></sheetData></worksheet>')
            return Case("malformed", workbook_bytes([("预约", "visible", bomb)]), expect_refusal=frozenset({"damaged"}))
        if choice == 10:                    # a part missing
            name = rng.choice(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                               "xl/worksheets/sheet1.xml"])
            return Case("malformed", workbook_bytes([("预约", "visible", sheet_xml(self.rows_of(self.people(1), None)))],
                                                    overrides={name: b""}), expect_refusal=refusal)
        if choice == 11:                    # unknown cell type
            rows = self.rows_of(self.people(1), None)
            rows[1].cells[0] = raw_cell("B2", "zz", "1")
            return Case("malformed", self.simple(rows, None), expect_refusal=frozenset({"bad_cell"}))
        if choice == 12:                    # cells of a row out of order
            rows = self.rows_of(self.people(1), None)
            rows[1].cells = list(reversed(rows[1].cells)) if len(rows[1].cells) > 1 else rows[1].cells * 2
            return Case("malformed", self.simple(rows, None), expect_refusal=frozenset({"bad_cell"}))
        # a workbook.xml that is not XML at all
        return Case("malformed", workbook_bytes([("预约", "visible", sheet_xml(self.rows_of(self.people(1), None)))],
                                                overrides={"xl/workbook.xml": "<workbook"}),
                    expect_refusal=frozenset({"damaged"}))

    def case_resources(self) -> Case:
        """Item 10: small files that cost a lot: every one refused with the limit named."""
        rng = self.rng
        choice = rng.randrange(7)
        header = self.rows_of([], None)[0]
        if choice == 0:                     # more row elements than the scan limit (all invalid)
            rows = "".join(f'<row r="{i}"><c r="B{i}" t="inlineStr"><is><t>#</t></is></c></row>'
                           for i in range(2, 2 + 1200))
            xml = sheet_xml([header], tail="").replace("</sheetData>", rows + "</sheetData>")
            return Case("resources", self.simple_raw(xml), expect_refusal=frozenset({"too_many_rows"}),
                        limits={"max_rows": 1000})
        if choice == 1:                     # one row far down
            rows = self.rows_of(self.people(1), None)
            rows[1].number = rng.choice([100_000_000, 1_048_577, 5_000_000_000])
            rows[1].cells = [text_cell(f"B{rows[1].number}", "某某")] if rows[1].number <= 9_999_999 else rows[1].cells
            return Case("resources", self.simple(rows, None, dimension=None),
                        expect_refusal=frozenset({"bad_row", "bad_cell"}))
        if choice == 2:                     # shared-string bomb: many empty strings
            strings = [""] * 5_000
            rows = self.rows_of(self.people(1), None)
            return Case("resources", self.simple(rows, strings), expect_refusal=frozenset({"too_many_strings"}),
                        limits={"max_shared_strings": 4_000})
        if choice == 3:                     # a part that inflates far beyond its size
            rows = self.rows_of(self.people(1), None)
            xml = sheet_xml(rows).replace("<sheetData>", "<sheetData>" + " " * (3 * 2 ** 20))
            return Case("resources", self.simple_raw(xml), expect_refusal=frozenset({"compression_ratio",
                                                                                      "part_too_large"}))
        if choice == 4:                     # more cells than the limit in one row
            cells = "".join(f'<c r="{col}2"><v>1</v></c>' for col in _columns(3000))
            xml = sheet_xml([header]).replace("</sheetData>", f'<row r="2">{cells}</row></sheetData>')
            return Case("resources", self.simple_raw(xml), expect_refusal=frozenset({"too_many_cells"}),
                        limits={"max_cells": 2000})
        if choice == 5:                     # the time budget
            data, _ = self.valid(40)
            return Case("resources", data, expect_refusal=frozenset({"too_slow"}), limits={"max_seconds": 0.0})
        return Case("resources", None, expect_refusal=frozenset({"not_a_file", "file_too_large"}),
                    path_kind=rng.choice(["device", "link_to_device", "fifo", "directory"]))

    def simple_raw(self, xml: str) -> bytes:
        return workbook_bytes([("预约", "visible", xml)])

    def case_visible(self) -> Case:
        """Item 11: what the user sees is what is imported (or the row is reported)."""
        rng = self.rng
        choice = rng.randrange(4)
        if choice == 0:                     # a hidden first sheet, the visible one active
            decoy = self.rows_of(self.people(3), None)
            people = self.people(rng.randint(1, 5))
            shown = self.rows_of(people, None)
            data = workbook_bytes([("旧数据", rng.choice(["hidden", "veryHidden"]), sheet_xml(decoy)),
                                   ("预约", "visible", sheet_xml(shown))], None, active=1)
            return Case("visible", data, expect_inserted=[p[0] for p in people])
        if choice == 1:                     # the active sheet hidden: refused
            data = workbook_bytes([("预约", "visible", sheet_xml(self.rows_of(self.people(1), None))),
                                   ("隐藏", "hidden", sheet_xml(self.rows_of(self.people(1), None)))], None, active=1)
            return Case("visible", data, expect_refusal=frozenset({"hidden_sheet"}))
        if choice == 2:                     # a hidden column with the ID numbers
            people = [(n, i or valid_id(self.person + 9_000_000), m) for n, i, m in self.people(2)]
            rows = self.rows_of(people, None)
            cols = '<cols><col min="3" max="3" hidden="1"/></cols>'
            return Case("visible", self.simple(rows, None, cols=cols), expect_refusal=frozenset({"hidden_column"}))
        # hidden rows and bad cells: each reported on its row; the good rows import with valid_only
        good = self.people(rng.randint(0, 3))
        rows = self.rows_of(good, None)
        expected: set[tuple[int, str]] = set()
        number = len(rows) + 1
        for _ in range(rng.randint(1, 6)):
            name, id_no, mobile = self.people(1)[0]
            id_no = id_no or valid_id(self.person + 8_000_000)
            bad = rng.randrange(12)
            cells = [text_cell(f"B{number}", name), text_cell(f"C{number}", id_no)]
            hidden = False
            if bad == 0:
                hidden, reason = True, "hidden_row"
            elif bad == 1:
                cells[0], reason = raw_cell(f"B{number}", "e", rng.choice(["#N/A", "#VALUE!", "#REF!"])), "error_cell"
            elif bad == 2:
                cells[0], reason = raw_cell(f"B{number}", "str", "#N/A"), "error_cell"
            elif bad == 3:
                cells[0], reason = raw_cell(f"B{number}", "b", rng.choice(["0", "1"])), "not_text"
            elif bad == 4:
                cells[0], reason = raw_cell(f"B{number}", None, "45900.5", style=1), "not_text"      # a date-time
            elif bad == 5:
                cells[0], reason = raw_cell(f"B{number}", None, rng.choice(["inf", "-inf", "nan", "1e999"])), \
                    "error_cell"
            elif bad == 6:
                cells[0], reason = text_cell(f"B{number}", rng.choice(["inf", "True"]) + "_x0000_"), "bad_name"
            elif bad == 7:
                cells[0], reason = text_cell(f"B{number}", name + "_x0007_"), "bad_name"
            elif bad == 8:
                cells.append(raw_cell(f"D{number}", None, "-13800138000"))
                reason = "bad_mobile"
            elif bad == 9:
                cells.append(text_cell(f"D{number}", "1\ufe0f\u20e3" + "3800138000"))
                reason = "bad_mobile"
            elif bad == 10:
                cells.append(text_cell(f"E{number}", "备注_x0000_"))
                reason = "control_characters"
            else:
                cells[0], reason = text_cell(f"B{number}", rng.choice(["#N/A", "#VALUE!", "12345", "张3"])), "bad_name"
            rows.append(Row(number, cells, hidden))
            expected.add((number, reason))
            number += 1
        return Case("visible", self.simple(rows, None), expect_inserted=[p[0] for p in good],
                    expect_errors=expected, valid_only=True)

    def case_escapes(self) -> Case:
        """Item 11: _xHHHH_ escapes are decoded, not stored literally."""
        person = self.people(1)[0]
        escaped = "".join(f"_x{ord(ch):04X}_" if self.rng.random() < 0.5 else ch for ch in person[0])
        strings = [] if self.rng.random() < 0.5 else None
        rows = self.rows_of([(escaped, person[1], person[2])], strings)
        return Case("escapes", self.simple(rows, strings), expect_inserted=[person[0]])

    def case_duplicate(self) -> Case:
        """Item 12: importing the same file again imports nothing and reports every row."""
        data, names = self.valid(self.rng.randint(1, 6))
        return Case("duplicate", data, expect_inserted=names, repeat=True)

    CLASSES = ("case_valid", "case_order", "case_malformed", "case_resources", "case_visible", "case_escapes",
               "case_duplicate")

    def cases(self, n: int):
        for i in range(n):
            yield getattr(self, self.CLASSES[i % len(self.CLASSES)])()


def _columns(n: int):
    from crm_desktop.services.workbook_reader import column_letter

    return [column_letter(i) for i in range(n)]
