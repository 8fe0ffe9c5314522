"""The consolidated master workbook: 汇总, 明细, 未报送, 问题清单, 统计 (with native charts) and 报送文件.

Written once with openpyxl in write-only mode (rows stream to the file as the XML openpyxl writes, no cell is
kept; a thread deflates each sheet as it is written) and renamed into place; every text that came from a return is
written inert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import math
import re
import stat
import sys
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from copy import copy
from pathlib import Path
from typing import IO, Any, Final, Self

from openpyxl import LXML, Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from ..consolidation import Consolidation, DeadlineState, GroupStatistics
from ..inert import MAX_CELL_TEXT, inert_text
from ..models import Status
from .atomic import replace_atomically
from .sheet_style import (
    BODY_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    LOCKED,
    TITLE_FONT,
    WRAP_TOP,
    number_cell,
    print_setup,
)

#: A write-only worksheet (openpyxl has no public type for it).
Sheet = Any

SUMMARY_SHEET: Final = "汇总"
DETAIL_SHEET: Final = "明细"
MISSING_SHEET: Final = "未报送"
FINDINGS_SHEET: Final = "问题清单"
STATISTICS_SHEET: Final = "统计"
FILES_SHEET: Final = "报送文件"

SUMMARY_HEADERS: Final = ("序号", "部分", "任务内容", "牵头单位", "参与单位", "牵头单位进展", "完成状态", "完成进度（%）",
                          "参与单位进展", "未报送单位", "问题数", "完成时限", "时限状态")
DETAIL_HEADERS: Final = ("序号", "报送单位", "本单位角色", "进展情况", "完成状态", "完成进度（%）", "存在问题", "下一步计划",
                         "来源文件", "来源工作表", "来源行", "SHA-256")
MISSING_HEADERS: Final = ("单位", "序号", "任务内容", "本单位角色", "情况")
FINDINGS_HEADERS: Final = ("文件", "工作表", "单元格", "序号", "单位", "级别", "代码", "问题", "建议", "值")
FILES_HEADERS: Final = ("来源文件", "报送单位", "填报日期", "收到时间", "读取行数", "汇总行数", "退回行数", "被取代行数",
                        "状态", "SHA-256")
STATISTICS_HEADERS: Final = ("任务数", "已完成", "推进中", "未启动", "滞后", "未报送", "已完成占比", "推进中占比",
                             "未启动占比", "滞后占比", "逾期", "临期")

STATUS_FILLS: Final = {
    Status.DONE.value: PatternFill("solid", fgColor="C6EFCE"),
    Status.IN_PROGRESS.value: PatternFill("solid", fgColor="DDEBF7"),
    Status.NOT_STARTED.value: PatternFill("solid", fgColor="EDEDED"),
    Status.BEHIND.value: PatternFill("solid", fgColor="FFC7CE"),
    DeadlineState.OVERDUE.value: PatternFill("solid", fgColor="FFC7CE"),
    DeadlineState.DUE_SOON.value: PatternFill("solid", fgColor="FFEB9C"),
}
_WIDTHS = {"序号": 7, "部分": 18, "任务内容": 44, "牵头单位": 16, "参与单位": 22, "牵头单位进展": 44, "完成状态": 10,
           "完成进度（%）": 10, "参与单位进展": 50, "未报送单位": 22, "问题数": 8, "完成时限": 12, "时限状态": 10,
           "报送单位": 18, "进展情况": 44, "存在问题": 26, "下一步计划": 26, "来源文件": 26, "SHA-256": 20,
           "单位": 18, "情况": 16, "文件": 26, "问题": 50, "建议": 30, "值": 20, "状态": 30, "收到时间": 18}


class OutputLockedError(OSError):
    """The output could not be replaced (usually open in Excel/WPS); the message is for the clerk."""


def write_consolidated_workbook(result: Consolidation, target: Path) -> Path:
    """Write the consolidated workbook atomically; raises OutputLockedError when the target cannot be replaced."""
    try:
        return replace_atomically(target, lambda temp: _write_workbook(result, temp), ".xlsx.tmp")
    except OSError as error:
        raise OutputLockedError(f"无法写入“{target.name}”：{_write_failure(target, error)}原有文件未被改动。"
                                f"（{error.strerror or error}）") from error


def _write_workbook(result: Consolidation, path: Path) -> None:
    """The parts `Workbook.save` writes, each table sheet deflated into the archive by a thread as its rows are
    serialised (zlib lets go of the GIL), so little compression is left once the last row is written."""
    wb = Workbook(write_only=True)
    texts = _InertTexts()
    with _Archive(path) as archive:

        def streamed(name: str, write: Callable[[Sheet, _PartStream], None]) -> None:
            ws = wb.create_sheet(name)
            out = archive.stream(wb)
            write(ws, out)
            ws.close()  # what openpyxl would do as it saves
            out.finish()

        try:
            streamed(SUMMARY_SHEET, lambda ws, out: _write_summary(ws, result, texts, out))
            streamed(DETAIL_SHEET, lambda ws, out: _write_detail(ws, result, texts, out))
            streamed(MISSING_SHEET, lambda ws, out: _write_missing(ws, result, out))
            streamed(FINDINGS_SHEET, lambda ws, out: _write_findings(ws, result, texts, out))
            # its charts' drawing is added as openpyxl saves: the sheet's XML only refers to it, as it does already
            streamed(STATISTICS_SHEET, lambda ws, out: _write_statistics(ws, result, out))
            streamed(FILES_SHEET, lambda ws, out: _write_files(ws, result, texts, out))
            wb.properties.title = f"{result.plan_title}任务进展汇总"
            wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)  # as openpyxl's save
            ExcelWriter(wb, archive).write_data()
        finally:
            _discard(wb)


class _Archive:
    """The zip archive openpyxl's ExcelWriter writes into (`writestr`, `write`, `namelist` of a ZipFile,
    deflated as `Workbook.save` does), its parts compressed and written in the order given by one thread.

    A table sheet's part is streamed (`stream`): written as its XML arrives, while the main thread builds the rest.
    The thread needs the GIL only between zlib calls; a short switch interval while the archive is open hands it
    over within half a millisecond instead of five, so the thread keeps pace with the rows.
    """

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="xlt-deflate")
        self._pending: list[Future[None]] = []
        self._streams: dict[str, _PartStream] = {}
        self._names: list[str] = []
        self._open: IO[bytes] | None = None  # the part being streamed (touched by the thread only)
        self._failed = False  # set by the thread: once a part could not be written, nothing more is
        self._interval = sys.getswitchinterval()

    def __enter__(self) -> Self:
        sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
        return self

    def __exit__(self, *exc: object) -> None:
        failed = exc[0] is not None
        try:
            for pending in self._pending:
                if failed:
                    pending.cancel()
                else:
                    pending.result()  # the first part that could not be written raises here
        except BaseException:
            failed = True
            raise
        finally:
            sys.setswitchinterval(self._interval)
            self._thread.shutdown(wait=True)
            with contextlib.ExitStack() as closing:
                if failed:  # the archive is thrown away: the first error is the one to report
                    closing.enter_context(contextlib.suppress(Exception))
                if self._open is not None:
                    self._open.close()
                self._zip.close()

    def writestr(self, name: str, data: str | bytes) -> None:
        """A part as `ZipFile.writestr` writes it."""
        self._names.append(name)
        self._submit(self._writestr, name, data)

    def write(self, sheet: object, name: str) -> None:
        """A write-only sheet's XML (openpyxl gives its temporary file's name): here streamed already."""
        if self._streams.get(name) is not sheet:
            raise ValueError(f"sheet {name} was not streamed")

    def stream(self, wb: Workbook) -> _PartStream:
        """Where the workbook's newest sheet writes its XML, under the part name openpyxl gives it as it saves (the
        sheet's position, from 1); deflated into the archive as it arrives. The sheet is closed (`ws.close()`, then
        `finish()`) before the next one is streamed or openpyxl writes the other parts."""
        ws = wb.worksheets[-1]
        ws._id = len(wb.worksheets)
        name = ws.path[1:]
        self._names.append(name)
        self._submit(self._begin, _entry(name))
        stream = self._streams[name] = _PartStream(self)
        return stream

    def namelist(self) -> list[str]:
        """The parts given so far."""
        return list(self._names)

    def _submit(self, task: Callable[..., None], *args: object) -> None:
        self._pending.append(self._thread.submit(self._run, task, *args))

    def _run(self, task: Callable[..., None], *args: object) -> None:
        if self._failed:
            return
        try:
            task(*args)
        except BaseException:
            self._failed = True
            raise

    def _writestr(self, name: str, data: str | bytes) -> None:
        self._zip.writestr(name, data)

    def _begin(self, entry: zipfile.ZipInfo) -> None:
        self._open = self._zip.open(entry, "w")

    def _feed(self, data: bytes) -> None:
        assert self._open is not None
        self._open.write(data)

    def _end(self) -> None:
        assert self._open is not None
        self._open.close()
        self._open = None


#: Switch interval (s) while the archive's thread deflates: see `_Archive`.
_SWITCH_INTERVAL: Final = 0.0005
#: Bytes of a sheet's XML handed to the archive's thread at a time.
_STREAM_CHUNK: Final = 1 << 17


def _entry(name: str) -> zipfile.ZipInfo:
    """A sheet's zip entry as `ZipFile.write` makes it for openpyxl's temporary file: a regular file, readable by its
    owner."""
    entry = zipfile.ZipInfo(name, dt.datetime.now().timetuple()[:6])
    entry.external_attr = (stat.S_IFREG | 0o600) << 16
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


class _PartStream:
    """A sheet's XML on its way into the archive, in chunks of `_STREAM_CHUNK` bytes."""

    def __init__(self, archive: _Archive) -> None:
        self._archive = archive
        self._chunks: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._size += len(data)
        if self._size >= _STREAM_CHUNK:
            self._hand_over()
        return len(data)

    def finish(self) -> None:
        """The sheet is closed: the rest of its XML, and the end of its part."""
        self._hand_over()
        self._archive._submit(self._archive._end)

    def _hand_over(self) -> None:
        if self._chunks:
            self._archive._submit(self._archive._feed, b"".join(self._chunks))
            self._chunks, self._size = [], 0


def _discard(wb: Workbook) -> None:
    """Close the sheets a failed save left open and delete their temporary files (none are left after a save)."""
    for ws in wb.worksheets:
        writer = ws._writer
        if writer is None:
            continue
        if not ws.closed:
            with contextlib.suppress(Exception):  # the file being written may already be closed
                ws.close()
        if isinstance(writer.out, str):
            Path(writer.out).unlink(missing_ok=True)


class _StreamedSheet(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer with the XML streamed into the archive instead of a temporary file."""

    def __init__(self, ws: Sheet, out: _PartStream) -> None:
        super().__init__(ws, out=out)

    def cleanup(self) -> None:
        """Nothing to delete."""


def _write_failure(target: Path, error: OSError) -> str:
    """Why the output could not be replaced, as a clerk can act on it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，请清理磁盘或换一个输出位置后重试。"
    if error.errno == errno.EROFS:
        return "输出位置是只读的，请换一个输出位置。"
    if isinstance(error, IsADirectoryError) or target.is_dir():
        return "已有同名的文件夹，请换一个输出文件名。"
    return "文件可能正在被 Excel 或 WPS 打开，或没有写入权限，请关闭后重试。"


def _table(ws: Sheet, headers: Sequence[str], rows: Sequence[Sequence[object]], out: _PartStream | None = None, *,
           colour: Sequence[int] = (), formats: Mapping[int, str] | None = None, bold_last: bool = False) -> None:
    """Header, body, frozen header, filter and print setup, rows streamed in order: the 1-based columns in
    `colour` get status fills, those in `formats` a number format; `bold_last` sets the last row in bold."""
    for column, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(header, 14)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    print_setup(ws, 1)
    sheet = _RowWriter(ws, out)
    sheet.append(headers, [sheet.style(HEADER_FONT, fill=HEADER_FILL, border=BORDER, alignment=CENTER)] * len(headers))
    formats = formats or {}

    def body(font: Font, fill: PatternFill | None, column: int) -> StyleArray:
        return sheet.style(font, fill=fill, border=BORDER, alignment=WRAP_TOP, protection=LOCKED,
                           number_format=formats.get(column))

    fonts = {False: BODY_FONT, True: HEADER_FONT}
    plain = {bold: [body(fonts[bold], None, column) for column in range(1, len(headers) + 1)]
             for bold in dict.fromkeys((False, bold_last))}
    coloured: dict[tuple[int, ...], list[StyleArray]] = {}  # one list per combination of fills (by their ids)
    for index, values in enumerate(rows, start=1):
        bold = bold_last and index == len(rows)
        styles = plain[bold]
        fills = [STATUS_FILLS.get(str(values[column - 1])) for column in colour]
        if any(fills):
            key = (bold, *map(id, fills))
            known = coloured.get(key)
            if known is None:
                known = coloured[key] = list(styles)
                for column, fill in zip(colour, fills, strict=True):
                    if fill is not None:
                        known[column - 1] = body(fonts[bold], fill, column)
            styles = known
        sheet.append(values, styles)


class _RowWriter:
    """The rows of a write-only sheet, written as the XML openpyxl writes for the same cells, byte for byte.

    openpyxl builds and serialises an ElementTree element per cell (≈ 25 µs with the cell and its style: half of
    consolidating thousands of returns); here a cell is one formatted string and each style is built once.
    Values openpyxl treats specially (formulas, error codes, characters a cell cannot hold, over-long text,
    booleans, NaN, time zones, …) go through openpyxl's own cell writer, as every cell does when openpyxl writes
    through lxml. It takes over the sheet's row stream, so `ws.close()` (on saving) ends the rows.
    """

    def __init__(self, ws: Sheet, out: _PartStream | None = None) -> None:
        self._ws = ws
        self._workbook = ws.parent
        self._styles: dict[tuple[object, ...], tuple[StyleArray, tuple[object, ...]]] = {}
        self._style_ids: dict[int, str] = {}
        self._row_starts: dict[int, tuple[Sequence[StyleArray], list[tuple[str, str]]]] = {}
        self._serials: dict[tuple[type, dt.date], str] = {}
        self._texts: dict[str, str] = {}
        self._row = 0
        # writes the sheet's top (properties, views, columns): set them before this
        if out is None:
            ws._get_writer()
        else:  # what ws._get_writer() does, the XML streamed to `out` instead of a temporary file
            ws._writer = _StreamedSheet(ws, out)
            ws._writer.write_top()
        self._xf = ws._writer.xf.send(True)
        self._raw: Callable[[str], object] | None = None if LXML else self._xf._file
        ws._rows = self._stream()
        next(ws._rows)

    def _stream(self) -> Generator[None, None, None]:
        """Keeps <sheetData> open until openpyxl closes this stream (when it closes the sheet on saving)."""
        with self._xf.element("sheetData"), contextlib.suppress(GeneratorExit):
            yield
        self._ws._writer.xf.send(None)

    def style(self, font: Font, *, fill: PatternFill | None = None, border: Border | None = None,
              alignment: Alignment | None = None, protection: Protection | None = None,
              number_format: str | None = None) -> StyleArray:
        """The cell style made of these style objects, built once (looked up by their identity: hashing a style
        object costs more than building the row)."""
        parts = (font, fill, border, alignment, protection)
        key = (*map(id, parts), number_format)
        known = self._styles.get(key)
        if known is None:
            cell = WriteOnlyCell(self._ws)
            for name, part in zip(("font", "fill", "border", "alignment", "protection", "number_format"),
                                  (*parts, number_format), strict=True):
                if part is not None:
                    setattr(cell, name, part)
            known = self._styles[key] = (cell._style, parts)  # the parts kept alive, so their ids stay theirs
        return known[0]

    def append(self, values: Sequence[object], styles: Sequence[StyleArray]) -> None:
        """Write one row: `values` with their `styles` (from `style`), column by column from A."""
        self._row += 1
        write = self._raw
        if write is None:
            self._ws._writer.write_row(self._xf, self._cells(values, styles, range(len(values))), self._row)
            return
        row = str(self._row)
        starts = self._starts(styles, len(values))
        parts = [f'<row r="{row}">']
        for column, value in enumerate(values):
            head, tail = starts[column]
            kind = type(value)
            if kind is str:
                # a text's cell after its opening, worked out once per sheet (units, codes, messages recur); ""
                # for text openpyxl's own writer must write
                text: str = value  # type: ignore[assignment]  # no cast() call per cell
                closing = self._texts.get(text)
                if closing is None:
                    closing = self._texts[text] = _text_cell(text)
                if closing:
                    parts.append(f"{head}{row}{tail}{closing}")
                    continue
            elif kind is int or kind is float:
                number: float = value  # type: ignore[assignment]
                if math.isfinite(number):
                    parts.append(f'{head}{row}{tail}"n"><v>{number:.16g}</v></c>')
                    continue
            elif value is None:
                parts.append(f'{head}{row}{tail}"n" />')
                continue
            elif kind is dt.date or kind is dt.datetime:
                moment: dt.date = value  # type: ignore[assignment]
                if getattr(moment, "tzinfo", None) is None and not self._workbook.iso_dates:
                    serial = self._serials.get((kind, moment))  # a column often repeats one date (收到时间)
                    if serial is None:
                        serial = self._serials[(kind, moment)] = safe_string(to_excel(moment, self._workbook.epoch))
                    parts.append(f'{head}{row}{tail}"n"><v>{serial}</v></c>')
                    continue
            write("".join(parts))
            parts.clear()
            for cell in self._cells(values, styles, (column,)):
                write_cell(self._xf, self._ws, cell, True)
        parts.append("</row>")
        write("".join(parts))

    def _starts(self, styles: Sequence[StyleArray], width: int) -> list[tuple[str, str]]:
        """Each column's cell opening around the row number, `<c r="B` and `" s="3" t=`, for this list of styles,
        worked out once per list (rows share their lists, never changed once given; each is kept, so its id stays its
        own); styles are registered on first use, in the order openpyxl registers them."""
        known = self._row_starts.get(id(styles))
        if known is None:
            known = self._row_starts[id(styles)] = (styles, [])
        starts = known[1]
        while len(starts) < width:
            column = len(starts)
            style = styles[column]
            style_id = self._style_ids.get(id(style))
            if style_id is None:
                style_id = self._style_ids[id(style)] = str(self._workbook._cell_styles.add(style))
            starts.append((f'<c r="{get_column_letter(column + 1)}', f'" s="{style_id}" t='))
        return starts

    def _cells(self, values: Sequence[object], styles: Sequence[StyleArray], columns: Iterable[int]
               ) -> Iterator[WriteOnlyCell]:
        """The cells openpyxl would write for these columns (0-based) of the current row."""
        for column in columns:
            cell = WriteOnlyCell(self._ws, values[column])
            cell._style = copy(styles[column])
            cell.column, cell.row = column + 1, self._row
            yield cell


def _text_cell(text: str) -> str:
    """The rest of a text cell as openpyxl writes it after `<c r=".." s=".." t=`; "" for text openpyxl treats
    specially (a formula, an error code, text too long or with a character a cell cannot hold)."""
    if not text:
        return '"inlineStr" />'
    first = text[0]
    # a formula starts with =, every error code with #: other text is neither
    if len(text) > MAX_CELL_TEXT or first == "=" or (first == "#" and text in ERROR_CODES):
        return ""
    # most text has neither a character a cell cannot hold nor one to escape: one search tells
    if _ILLEGAL_OR_MARKUP.search(text) is None:
        body = text
    elif ILLEGAL_CHARACTERS_RE.search(text) is None:
        body = _escape(text)
    else:
        return ""
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'"inlineStr"><is><t{space}>{body}</t></is></c>'


#: A character a cell cannot hold (ILLEGAL_CHARACTERS_RE) or one that must be escaped in XML text.
_ILLEGAL_OR_MARKUP: Final = re.compile(r"[\000-\010\013\014\016-\037&<>]")


def _escape(text: str) -> str:
    """Character data escaped as ElementTree escapes it (&, <, >)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class _InertTexts(dict[str, str]):
    """`inert_text` of each text, worked out once per workbook: file names, messages and suggestions recur."""

    def __missing__(self, text: str) -> str:
        inert = self[text] = inert_text(text)
        return inert


def _write_summary(ws: Sheet, result: Consolidation, texts: _InertTexts, out: _PartStream | None = None) -> None:
    rows = [
        (
            number_cell(t.number), t.part, t.text, t.lead, "、".join(t.participants), texts[t.lead_progress],
            t.status.value if t.status else "", t.percent, texts[t.participant_progress],
            "、".join(t.missing_units), t.findings, t.deadline, t.deadline_state.value,
        )
        for t in result.tasks
    ]
    _table(ws, SUMMARY_HEADERS, rows, out, colour=(7, 13), formats={12: _DATE})


def _write_detail(ws: Sheet, result: Consolidation, texts: _InertTexts, out: _PartStream | None = None) -> None:
    rows = [
        (
            number_cell(r.task), r.unit, r.role.value if r.role else "", texts[r.progress],
            r.status.value if r.status else "", r.percent, texts[r.problems], texts[r.next_steps],
            texts[r.file], texts[r.sheet], r.row, r.sha256,
        )
        for r in result.rows
    ]
    _table(ws, DETAIL_HEADERS, rows, out, colour=(5,))


def _write_missing(ws: Sheet, result: Consolidation, out: _PartStream | None = None) -> None:
    texts = {t.number: t.text for t in result.tasks}
    rows = [(m.unit, number_cell(m.task), texts.get(m.task, ""), m.role.value, m.reason.value) for m in result.missing]
    _table(ws, MISSING_HEADERS, rows, out)


def _write_findings(ws: Sheet, result: Consolidation, texts: _InertTexts, out: _PartStream | None = None) -> None:
    rows = [
        (
            texts[f.file], texts[f.sheet], f.cell, texts[f.task], texts[f.unit], f.severity.label,
            f.code, texts[f.message], texts[f.suggestion], texts[f.value],
        )
        for f in result.findings
    ]
    _table(ws, FINDINGS_HEADERS, rows, out)


def _write_files(ws: Sheet, result: Consolidation, texts: _InertTexts, out: _PartStream | None = None) -> None:
    rows: list[Sequence[object]] = [
        (
            texts[f.file], f.unit or "", f.reported_on, f.received_at, f.rows_read, f.rows_merged, f.rows_rejected,
            f.rows_superseded, f"被“{texts[f.superseded_by]}”取代" if f.superseded_by else f.status.value, f.sha256,
        )
        for f in result.files
    ]
    rows.append(("合计", "", None, None, result.rows_in, result.rows_merged, result.rows_rejected,
                 result.rows_superseded, f"计入汇总 {result.returns} 份", ""))
    _table(ws, FILES_HEADERS, rows, out, formats={3: _DATE, 4: "yyyy-mm-dd hh:mm:ss"}, bold_last=True)


_DATE: Final = "yyyy-mm-dd"


_COUNTS: Final[tuple[Callable[[GroupStatistics], int], ...]] = (
    lambda g: g.done, lambda g: g.in_progress, lambda g: g.not_started, lambda g: g.behind,
)


def _statistics_block(sheet: _RowWriter, title: str, label: str, groups: Sequence[GroupStatistics]) -> None:
    """Append one table of group statistics (title, header, a row per group, the 合计 group last)."""
    sheet.append([title], [sheet.style(TITLE_FONT)])
    headers = (label, *STATISTICS_HEADERS)
    sheet.append(headers, [sheet.style(HEADER_FONT, alignment=CENTER)] * len(headers))
    for group in groups:
        counts = [f(group) for f in _COUNTS]
        values = [group.group, group.tasks, *counts, group.unreported, *(group.share(c) for c in counts),
                  group.overdue, group.due_soon]
        font = HEADER_FONT if group.group == "合计" else BODY_FONT
        sheet.append(values, [sheet.style(font, number_format="0.0%" if 8 <= column <= 11 else None)
                              for column in range(1, len(values) + 1)])


def _write_statistics(ws: Sheet, result: Consolidation, out: _PartStream | None = None) -> None:
    """Rows 1 title; 3 按部分 (header on 4, groups from 5, 合计 last); two blank rows; 按牵头单位 the same way."""
    ws.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJKLM":
        ws.column_dimensions[letter].width = 11
    ws.freeze_panes = "B1"
    print_setup(ws, 1)
    sheet = _RowWriter(ws, out)
    sheet.append([f"{result.plan_title}：完成情况统计（统计日期 {result.today.isoformat()}）"], [sheet.style(TITLE_FONT)])
    sheet.append([], [])
    parts = [*result.by_part, result.total]
    _statistics_block(sheet, "按部分", "部分", parts)
    part_last = 4 + len(parts) - 1  # the last part's row (合计 follows)
    sheet.append([], [])
    sheet.append([], [])
    lead_top = part_last + 4
    leads = [*result.by_lead, result.total]
    _statistics_block(sheet, "按牵头单位", "牵头单位", leads)
    lead_last = lead_top + 1 + len(leads) - 1
    _add_bar_chart(ws, "按部分的完成状态（任务数）", 5, part_last, "O3", height=9)
    _add_bar_chart(ws, "按牵头单位的完成状态（任务数）", lead_top + 2, lead_last, "O22",
                   height=max(9.0, 0.5 * (lead_last - lead_top)))
    pie = PieChart()
    pie.title = "全部任务完成状态"
    total_row = part_last + 1
    pie.add_data(Reference(ws, min_col=3, max_col=7, min_row=total_row), from_rows=True, titles_from_data=False)
    pie.set_categories(Reference(ws, min_col=3, max_col=7, min_row=4))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showPercent = True
    pie.height, pie.width = 9, 12
    ws.add_chart(pie, "Z3")


def _add_bar_chart(ws: Sheet, title: str, first: int, last: int, anchor: str, *, height: float) -> None:
    """A stacked horizontal bar per group: 已完成/推进中/未启动/滞后/未报送 counts (columns C–G)."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = title
    chart.add_data(Reference(ws, min_col=3, max_col=7, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.y_axis.title = "任务数"
    chart.x_axis.scaling.orientation = "maxMin"
    chart.height, chart.width = height, 18
    ws.add_chart(chart, anchor)

