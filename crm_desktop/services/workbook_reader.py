"""Reading an untrusted .xlsx workbook within fixed limits, without Qt (issue #18).

A workbook is a zip of XML parts written by whatever program the user had: its `<dimension>`
may understate the sheet (streaming writers put ``ref="A1"``), rows may come out of order, a
cell may point at a shared string that does not exist, a few hundred kilobytes may inflate to
gigabytes, and a path may name a device. openpyxl's read-only worksheet trusts `<dimension>`,
fills every gap between row numbers and keeps each parsed element attached to its parent, so
this module uses openpyxl only for the small parts (content types, workbook, styles) and streams
the sheet and the shared strings itself:

* only a regular file, at most ``max_file_bytes``, read once into memory (it cannot change or
  block while we read it);
* every zip member checked (declared size, compression ratio, CRC) before any XML is parsed;
  the declared size is an upper bound because zipfile stops there and then checks the CRC;
* XML streamed through expat with no tree kept, DTDs and entity declarations refused;
* the *active* sheet (the one Excel shows when the file opens); a hidden or non-worksheet
  active sheet is refused; hidden rows and columns are reported, so that what is imported is
  what the user sees;
* every row element is read, whatever `<dimension>` says; row numbers must increase, cells
  within a row must be in column order; limits on rows and cells scanned (empty and invalid
  ones included), on shared strings (count and characters) and on time;
* ``_xHHHH_`` escapes decoded (Excel's encoding of characters XML cannot hold).

Every failure is a `WorkbookRefusal` with a reason code and a message in words (English and
Chinese); nothing of a refused file reaches the caller.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop.services.errors import CrmRefusal

_CELL_REF = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})


@dataclass(frozen=True)
class WorkbookLimits:
    """What one import may cost. The defaults fit the 20 000-row import with room to spare."""

    max_file_bytes: int = 16 * 2 ** 20          # the .xlsx file itself
    max_part_bytes: int = 48 * 2 ** 20          # one uncompressed sheet / shared-string part
    max_small_part_bytes: int = 4 * 2 ** 20     # content types, workbook, styles, relationships
    max_total_bytes: int = 128 * 2 ** 20        # all members uncompressed
    max_ratio: int = 200                        # uncompressed : compressed, per member over 1 MB
    max_rows: int = 30_000                      # row elements scanned, empty and invalid ones included
    max_cells: int = 600_000                    # cell elements scanned
    max_columns: int = 64                       # cells further right are ignored (counted, not kept)
    max_shared_strings: int = 200_000
    max_shared_chars: int = 16_000_000
    max_seconds: float = 60.0


DEFAULT_LIMITS = WorkbookLimits()


class WorkbookRefusal(CrmRefusal):
    """The file cannot be imported; `detail` is the reason code, `message_zh` the Chinese text."""

    def __init__(self, reason: str, message: str, message_zh: str):
        super().__init__("invalid_input", message, None, reason)
        self.message_zh = message_zh

    @property
    def reason(self) -> str:
        return self.detail or ""


@dataclass(frozen=True)
class Cell:
    """One cell as the user sees it: kind 's' text, 'n' number, 'b' boolean, 'd' date/time,
    'e' an error value (#N/A, #VALUE!, a number that is no number…); `value` is str for 's'/'e'/'d',
    float for 'n', bool for 'b'."""

    kind: str
    value: Any


@dataclass
class SheetRow:
    number: int                       # the sheet's row number (1-based)
    cells: dict[int, Cell]            # 0-based column -> cell; empty cells absent
    hidden: bool = False


@dataclass
class Sheet:
    name: str
    rows: list[SheetRow] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)      # 0-based
    rows_scanned: int = 0
    cells_scanned: int = 0
    shared_strings: int = 0
    seconds: float = 0.0


def _refuse(reason: str, en: str, zh: str) -> WorkbookRefusal:
    return WorkbookRefusal(reason, en, zh)


def column_letter(index: int) -> str:
    """0 -> 'A'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def decode_escapes(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_xHHHH_`` (and a literal ``_x`` as ``_x005F_x``)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Budget:
    def __init__(self, limits: WorkbookLimits):
        self.limits = limits
        self.started = time.monotonic()
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks & 1023 == 0:
            self.check()

    def check(self) -> None:
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise _refuse("too_slow", f"reading the file took longer than {self.limits.max_seconds:g} s; "
                                      "the file is too large or too complex",
                          f"读取文件超过{self.limits.max_seconds:g}秒，文件过大或过于复杂")


def _read_regular_file(path: Path, limits: WorkbookLimits) -> bytes:
    """The file's bytes; only a regular file (a device, pipe or socket, directly or through a
    link, is refused without reading it), at most max_file_bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise _refuse("not_found", f"{path.name}: no such file", f"{path.name}：文件不存在") from None
    except OSError as error:
        raise _refuse("cannot_open", f"{path.name} cannot be opened ({error.strerror})",
                      f"无法打开{path.name}（{error.strerror}）") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse("not_a_file", f"{path.name} is not a regular file (a folder, device or pipe); "
                                        "choose an .xlsx file", f"{path.name}不是普通文件（文件夹、设备或管道），请选择.xlsx文件")
        if info.st_size > limits.max_file_bytes:
            raise _refuse("file_too_large", f"{path.name} has {info.st_size:,} bytes; at most "
                                            f"{limits.max_file_bytes:,} bytes are accepted",
                          f"{path.name}大小为{info.st_size:,}字节，超过上限{limits.max_file_bytes:,}字节")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_file_bytes:       # it grew while we read it
                raise _refuse("file_too_large", f"{path.name} is larger than {limits.max_file_bytes:,} bytes",
                              f"{path.name}超过{limits.max_file_bytes:,}字节")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check_archive(archive: zipfile.ZipFile, limits: WorkbookLimits) -> None:
    """Sizes, ratios and checksums of every member before any XML is parsed."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            raise _too_large(info.filename, info.file_size, limits.max_part_bytes)
        if info.file_size > 2 ** 20 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _refuse("compression_ratio", f"the part {info.filename} is compressed more than "
                                               f"{limits.max_ratio}:1 (a zip bomb?)",
                          f"文件内部的{info.filename}压缩比超过{limits.max_ratio}:1（疑似压缩炸弹）")
    if total > limits.max_total_bytes:
        raise _refuse("part_too_large", f"the workbook unpacks to {total:,} bytes; at most "
                                        f"{limits.max_total_bytes:,} are accepted",
                      f"工作簿解压后为{total:,}字节，超过上限{limits.max_total_bytes:,}字节")
    damaged = archive.testzip()
    if damaged is not None:
        raise _refuse("damaged", f"the file is damaged (the part {damaged} fails its checksum)",
                      f"文件已损坏（内部的{damaged}校验失败）")


def _too_large(name: str, size: int, limit: int) -> WorkbookRefusal:
    return _refuse("part_too_large", f"the part {name} unpacks to {size:,} bytes; at most {limit:,} are accepted",
                   f"文件内部的{name}解压后为{size:,}字节，超过上限{limit:,}字节")


def _check_small_parts(archive: zipfile.ZipFile, names: list[str], limits: WorkbookLimits) -> None:
    """Parts that openpyxl parses as one tree (not streamed) get the small limit."""
    for name in names:
        try:
            size = archive.getinfo(name).file_size
        except KeyError:
            continue
        if size > limits.max_small_part_bytes:
            raise _too_large(name, size, limits.max_small_part_bytes)


class _Stop(Exception):
    """The part's remaining XML is of no interest (after </sheetData>)."""


def _parse(source, budget: _Budget, start, end, text) -> None:
    """Stream the XML of `source` (a binary file) through expat with namespace processing
    (names arrive as "namespace}local"): no tree is built, so memory does not grow with the
    part. A DTD or an entity declaration is refused (no entity bomb, no external entity),
    which is what defusedxml does for ElementTree."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def forbid(*_args):
        raise _refuse("damaged", "the file holds an XML document type declaration, which no workbook needs "
                                 "(a crafted file?)", "文件包含XML文档类型声明（DTD），工作簿不需要它（疑似恶意构造的文件）")

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid

    def on_start(name, attrs):
        budget.tick()
        start(name, attrs)

    parser.StartElementHandler = on_start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        while True:
            chunk = source.read(1 << 16)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return
    except _Stop:
        return


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT = _MAIN + "row", _MAIN + "c", _MAIN + "v", _MAIN + "is", _MAIN + "t"
_PHONETIC, _SHEET_DATA, _COL, _SHARED_ITEM = _MAIN + "rPh", _MAIN + "sheetData", _MAIN + "col", _MAIN + "si"


def _read_shared_strings(archive: zipfile.ZipFile, part: str, limits: WorkbookLimits, budget: _Budget) -> list[str]:
    """Each <si>'s text: its <t>, or its runs' <t>, never the phonetic guide (<rPh>)."""
    strings: list[str] = []
    state = {"parts": None, "collect": None, "phonetic": 0, "chars": 0}

    def start(name, attrs):
        if name == _SHARED_ITEM:
            state["parts"] = []
        elif name == _PHONETIC:
            state["phonetic"] += 1
        elif name == _TEXT and state["parts"] is not None and not state["phonetic"]:
            state["collect"] = []

    def end(name):
        if name == _TEXT and state["collect"] is not None:
            state["parts"].append("".join(state["collect"]))
            state["collect"] = None
        elif name == _PHONETIC:
            state["phonetic"] -= 1
        elif name == _SHARED_ITEM and state["parts"] is not None:
            value = decode_escapes("".join(state["parts"]))
            state["parts"] = None
            state["chars"] += len(value)
            strings.append(value)
            if len(strings) > limits.max_shared_strings or state["chars"] > limits.max_shared_chars:
                raise _refuse("too_many_strings",
                              f"the workbook holds more than {limits.max_shared_strings:,} shared strings or "
                              f"{limits.max_shared_chars:,} characters of them",
                              f"工作簿的共享字符串超过{limits.max_shared_strings:,}个或{limits.max_shared_chars:,}个字符")

    def text(data):
        if state["collect"] is not None:
            state["collect"].append(data)

    with archive.open(part) as source:
        _parse(source, budget, start, end, text)
    return strings


def _cell_value(kind: str, raw: str | None, inline: str | None, style: str | None, strings: list[str],
                date_styles: set[int], where: str) -> Cell | None:
    if kind == "inlineStr":
        return None if inline is None else Cell("s", decode_escapes(inline))
    if raw is None or raw == "":
        return None
    if kind == "s":
        try:
            index = int(raw)
            if index < 0:
                raise IndexError
            return Cell("s", strings[index])
        except (ValueError, IndexError):
            raise _refuse("bad_cell", f"cell {where} refers to shared string {raw[:20]!r}, which does not exist",
                          f"单元格{where}引用的共享字符串{raw[:20]!r}不存在") from None
    if kind == "str":
        text = decode_escapes(raw)
        return Cell("e", text) if text in EXCEL_ERRORS else Cell("s", text)
    if kind == "e":
        return Cell("e", raw)
    if kind == "b":
        return Cell("b", raw == "1") if raw in ("0", "1") else Cell("e", raw)
    if kind == "d":
        return Cell("d", raw)
    if kind != "n":
        raise _refuse("bad_cell", f"cell {where} has an unknown type {kind[:20]!r}",
                      f"单元格{where}的类型{kind[:20]!r}无法识别")
    try:
        number = float(raw)
    except ValueError:
        return Cell("e", raw)
    if not math.isfinite(number) or raw.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return Cell("e", raw)           # Excel writes no infinities: a hand-made or broken cell
    if style is not None and style.isdigit() and int(style) in date_styles:
        return Cell("d", raw)
    return Cell("n", number)


class _SheetReader:
    """The expat handlers of one worksheet part: rows and cells checked as they stream by."""

    def __init__(self, sheet: Sheet, strings: list[str], date_styles: set[int], limits: WorkbookLimits):
        self.sheet, self.strings, self.date_styles, self.limits = sheet, strings, date_styles, limits
        self.in_data = False
        self.row: SheetRow | None = None
        self.previous_row = 0
        self.previous_column = -1
        self.cell: dict | None = None          # {column, kind, style, raw, inline}
        self.collect: list[str] | None = None
        self.inline_parts: list[str] | None = None
        self.phonetic = 0

    def start(self, name, attrs):
        if name == _CELL:
            self._start_cell(attrs)
        elif name == _VALUE and self.cell is not None:
            self.collect = []
        elif name == _INLINE and self.cell is not None:
            self.inline_parts = []
        elif name == _PHONETIC:
            self.phonetic += 1
        elif name == _TEXT and self.inline_parts is not None and not self.phonetic:
            self.collect = []
        elif name == _ROW:
            self._start_row(attrs)
        elif name == _SHEET_DATA:
            self.in_data = True
        elif name == _COL and attrs.get("hidden", "0").lower() in ("1", "true"):
            try:
                first, last = int(attrs.get("min", "0")), int(attrs.get("max", "0"))
            except ValueError:
                return
            self.sheet.hidden_columns.update(range(max(first, 1) - 1, min(last, self.limits.max_columns)))

    def text(self, data):
        if self.collect is not None:
            self.collect.append(data)

    def end(self, name):
        if name == _VALUE and self.cell is not None and self.collect is not None:
            self.cell["raw"] = "".join(self.collect)
            self.collect = None
        elif name == _TEXT and self.collect is not None and self.inline_parts is not None:
            self.inline_parts.append("".join(self.collect))
            self.collect = None
        elif name == _PHONETIC:
            self.phonetic -= 1
        elif name == _INLINE and self.cell is not None:
            self.cell["inline"] = "".join(self.inline_parts or ())
            self.inline_parts = None
        elif name == _CELL and self.cell is not None:
            self._end_cell()
        elif name == _ROW and self.row is not None:
            if self.row.cells:
                self.sheet.rows.append(self.row)
            self.row = None
        elif name == _SHEET_DATA:
            raise _Stop

    def _start_row(self, attrs):
        if not self.in_data or self.row is not None:
            raise _refuse("bad_sheet", "the sheet has a row outside its data", "工作表的数据区结构错误")
        sheet, limits = self.sheet, self.limits
        sheet.rows_scanned += 1
        if sheet.rows_scanned > limits.max_rows:
            raise _refuse("too_many_rows", f"the sheet has more than {limits.max_rows:,} rows "
                                           "(empty and invalid rows count too)",
                          f"工作表超过{limits.max_rows:,}行（空行和错误行也计算在内）")
        number_text = attrs.get("r")
        if number_text is None:
            number = self.previous_row + 1
        elif number_text.isascii() and number_text.isdigit() and 0 < int(number_text) <= EXCEL_MAX_ROW:
            number = int(number_text)
        else:
            raise _refuse("bad_row", f"a row is numbered {number_text[:20]!r}, which is no row number "
                                     f"(1 to {EXCEL_MAX_ROW:,})",
                          f"行号{number_text[:20]!r}无效（应为1至{EXCEL_MAX_ROW:,}）")
        if number <= self.previous_row:
            raise _refuse("rows_out_of_order", f"row {number} comes after row {self.previous_row}: the rows "
                                               "are out of order or repeated; save the file again in Excel",
                          f"第{number}行出现在第{self.previous_row}行之后：行顺序错乱或重复，请用Excel重新保存")
        self.previous_row = number
        self.previous_column = -1
        self.row = SheetRow(number, {}, attrs.get("hidden", "0").lower() in ("1", "true"))

    def _start_cell(self, attrs):
        row = self.row
        if row is None or self.cell is not None:
            raise _refuse("bad_sheet", "the sheet has a cell outside any row", "工作表有不属于任何行的单元格")
        self.sheet.cells_scanned += 1
        if self.sheet.cells_scanned > self.limits.max_cells:
            raise _refuse("too_many_cells", f"the sheet has more than {self.limits.max_cells:,} cells",
                          f"工作表超过{self.limits.max_cells:,}个单元格")
        ref = attrs.get("r")
        if ref is None:
            column = self.previous_column + 1
        else:
            match = _CELL_REF.match(ref)
            if not match or int(match.group(2)) != row.number:
                raise _refuse("bad_cell", f"row {row.number} holds a cell named {ref[:20]!r}",
                              f"第{row.number}行包含名为{ref[:20]!r}的单元格")
            column = _column_index(match.group(1))
        if column <= self.previous_column or column >= EXCEL_MAX_COLUMN:
            raise _refuse("bad_cell", f"the cells of row {row.number} are out of order or repeated",
                          f"第{row.number}行的单元格顺序错乱或重复")
        self.previous_column = column
        self.cell = {"column": column, "kind": attrs.get("t", "n"), "style": attrs.get("s"), "raw": None,
                     "inline": None}

    def _end_cell(self):
        cell, self.cell = self.cell, None
        column = cell["column"]
        if column >= self.limits.max_columns:
            return
        value = _cell_value(cell["kind"], cell["raw"], cell["inline"], cell["style"], self.strings, self.date_styles,
                            f"{column_letter(column)}{self.row.number}")
        if value is not None:
            self.row.cells[column] = value


def _read_rows(archive: zipfile.ZipFile, part: str, sheet: Sheet, strings: list[str], date_styles: set[int],
               limits: WorkbookLimits, budget: _Budget) -> None:
    reader = _SheetReader(sheet, strings, date_styles, limits)
    with archive.open(part) as source:
        _parse(source, budget, reader.start, reader.end, reader.text)


def read_active_sheet(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> Sheet:
    """The active sheet of the workbook at `path` (the one Excel shows on opening), every row
    that has a value (hidden ones marked); a WorkbookRefusal for anything that cannot be read whole."""
    path = Path(path)
    budget = _Budget(limits)
    data = _read_regular_file(path, limits)
    try:
        with warnings.catch_warnings():
            # openpyxl's warnings (no default style, unknown extensions…) are about the user's
            # file, not our code: what matters of it is checked here.
            warnings.simplefilter("ignore")
            return _read_active_sheet(data, path, limits, budget)
    except WorkbookRefusal:
        raise
    except Exception as error:        # whatever a malformed file makes a parser raise: the file's fault
        detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise _refuse("damaged", f"{path.name} is damaged or not an .xlsx workbook ({detail})",
                      f"{path.name}已损坏或不是.xlsx工作簿（{detail}）") from error


def _read_active_sheet(data: bytes, path: Path, limits: WorkbookLimits, budget: _Budget) -> Sheet:
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("not_xlsx", f"{path.name} is not an .xlsx workbook (an old .xls, an encrypted "
                                  "workbook or another kind of file); save it as .xlsx in Excel",
                      f"{path.name}不是.xlsx工作簿（旧版.xls、加密工作簿或其他文件），请在Excel中另存为.xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        _check_archive(archive, limits)
        _check_small_parts(archive, [ARC_CONTENT_TYPES], limits)
        package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        workbook_part = _find_workbook_part(package)
        _check_small_parts(archive, [workbook_part.PartName[1:], get_rels_path(workbook_part.PartName[1:]),
                                     ARC_STYLE], limits)
        parser = WorkbookParser(archive, workbook_part.PartName[1:], keep_links=False)
        parser.parse()
        sheets = list(parser.find_sheets())
        if not sheets:
            raise _refuse("no_sheet", "the workbook has no sheet", "工作簿中没有工作表")
        active = parser.wb._active_sheet_index or 0
        if not 0 <= active < len(sheets):
            active = 0
        entry, relation = sheets[active]
        if (entry.state or "visible") != "visible":
            raise _refuse("hidden_sheet", f"the active sheet {entry.name!r} is hidden; show it or activate the "
                                          "sheet to import, and save again",
                          f"当前工作表“{entry.name}”被隐藏；请取消隐藏或切换到要导入的工作表后重新保存")
        if "chartsheet" in (relation.Type or "") or relation.target not in names:
            raise _refuse("no_sheet", f"the active sheet {entry.name!r} is not a worksheet with data",
                          f"当前工作表“{entry.name}”不是数据工作表")
        apply_stylesheet(archive, parser.wb)
        date_styles = set(getattr(parser.wb, "_date_formats", ()) or ())
        sheet = Sheet(str(entry.name))
        strings_part = package.find(SHARED_STRINGS)
        strings: list[str] = []
        if strings_part is not None and strings_part.PartName[1:] in names:
            strings = _read_shared_strings(archive, strings_part.PartName[1:], limits, budget)
        sheet.shared_strings = len(strings)
        _read_rows(archive, relation.target, sheet, strings, date_styles, limits, budget)
        budget.check()
        sheet.seconds = time.monotonic() - budget.started
        return sheet
