"""Every finding code with its severity, Chinese title and message template: the interface of validation.

Codes (keep these names; add, never rename):

    file:      unreadable-file, header-not-found, unknown-submitter, submitter-conflict, empty-return, other-plan
    refused:   file-too-large, archive-too-large, unsafe-xml, too-many-rows, too-many-columns (see SECURITY.md)
    content:   hidden-sheet, hidden-rows, merged-cells, macros-ignored, text-too-long, control-characters
    units:     unknown-unit, alias-unit
    tasks:     unknown-task, not-assigned, role-mismatch, invalid-role, duplicate-task, missing-task,
               task-text-changed
    values:    invalid-status, invalid-percent, missing-progress, inconsistent-status
    safety:    formula-injection
    master:    no-lead, multiple-leads, lead-also-participant, duplicate-unit, invalid-mode
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity
from ..inert import inert_text


@dataclass(frozen=True)
class Rule:
    """One finding code: how bad, its title, and its message template (str.format fields)."""

    code: str
    severity: Severity
    title: str
    template: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("unreadable-file", _E, "文件无法读取", "无法读取文件：{reason}"),
        Rule("header-not-found", _E, "找不到表头", "工作表“{sheet}”前 {rows} 行中找不到表头（至少需要“序号”和进展、状态或进度等列）"),
        Rule("submitter-conflict", _W, "填报单位与文件名不一致",
             "表内填报单位为“{unit}”，文件名却指向“{other}”；已按表内填报单位“{unit}”校验"),
        Rule("other-plan", _W, "疑似使用了其他年度的任务分工表",
             "工作表“{sheet}”中有 {count} 行的任务序号或任务内容与本年度任务分工表对不上，疑似使用了其他年度的模板"),
        Rule("unknown-submitter", _E, "无法确定填报单位", "无法确定填报单位：表内没有“填报单位”，文件名中也没有可识别的单位名称"),
        Rule("empty-return", _W, "没有任务行", "工作表“{sheet}”表头下没有任务行"),
        Rule("file-too-large", _E, "文件过大", "未读取：{reason}"),
        Rule("archive-too-large", _E, "压缩包异常（疑似压缩炸弹）", "未读取：{reason}"),
        Rule("unsafe-xml", _E, "含不安全的 XML 声明", "未读取：{reason}"),
        Rule("too-many-rows", _E, "行数超过上限", "未读取：{reason}"),
        Rule("too-many-columns", _E, "列数超过上限", "未读取：{reason}"),
        Rule("hidden-sheet", _I, "隐藏的工作表", "工作表“{sheet}”处于隐藏状态，已照常检查其内容"),
        Rule("hidden-rows", _I, "隐藏的行", "工作表“{sheet}”第 {rows} 行被隐藏，已照常读取"),
        Rule("merged-cells", _W, "合并单元格跨越多行", "单元格区域{range}合并跨越多个任务行，只有首行读到值，其余行按空白处理"),
        Rule("macros-ignored", _I, "文件含有宏", "文件含有宏（VBA 工程）：宏未运行，也不会带入任何输出文件"),
        Rule("text-too-long", _W, "文字超过单元格上限", "单元格{cell}有 {length} 个字符，超过 Excel 单元格上限 32767，写入汇总表时截断"),
        Rule("control-characters", _I, "含控制字符", "单元格{cell}含有不可见的控制字符，写入汇总表时已删除"),
        Rule("unknown-unit", _E, "单位名称无法识别", "{subject}单元格{cell}中的单位“{name}”不在单位名录中"),
        Rule("alias-unit", _I, "使用了单位简称或别名", "“{name}”按“{canonical}”处理"),
        Rule("unknown-task", _E, "任务序号不存在", "单元格{cell}的任务序号“{number}”不在任务分工表中"),
        Rule("not-assigned", _E, "未分工的任务", "任务{task}（单元格{cell}）没有分工给{unit}，可能填错了任务序号"),
        Rule("role-mismatch", _E, "角色与分工不符", "任务{task}（单元格{cell}）：{detail}"),
        Rule("invalid-role", _E, "角色无法识别", "任务{task}：单元格{cell}的本单位角色“{value}”无法识别，应为“牵头”或“参与”"),
        Rule("duplicate-task", _E, "任务重复填报", "任务{task}在本表中重复出现：单元格{cell}，第{first}行已填报"),
        Rule("missing-task", _W, "漏报任务", "{unit}负责的任务{task}（{role}）未在报送表中出现"),
        Rule("task-text-changed", _W, "任务内容被改动", "任务{task}的任务内容（单元格{cell}）与任务分工表不一致：{detail}"),
        Rule("invalid-status", _E, "完成状态无法识别",
             "{subject}单元格{cell}的完成状态“{value}”无法识别，应为已完成、推进中、未启动或滞后"),
        Rule("invalid-percent", _E, "完成进度有误", "{subject}单元格{cell}的完成进度“{value}”{reason}"),
        Rule("missing-progress", _E, "缺少进展情况", "任务{task}：单元格{cell}的进展情况为空，须填写（{reason}）"),
        Rule("inconsistent-status", _W, "状态与进度矛盾", "任务{task}（单元格{cell}）：{detail}"),
        Rule("formula-injection", _E, "公式或类公式内容", "{subject}单元格{cell}{detail}，请改为纯文本"),
        Rule("no-lead", _E, "没有牵头单位", "任务{task}没有牵头单位"),
        Rule("multiple-leads", _E, "多个牵头单位", "任务{task}的牵头单位列有多个单位：{names}"),
        Rule("lead-also-participant", _E, "牵头单位同时为参与单位", "任务{task}：{unit}既是牵头单位又是参与单位"),
        Rule("duplicate-unit", _W, "参与单位重复", "任务{task}的参与单位中{unit}出现了{count}次"),
        Rule("invalid-mode", _E, "分工方式无法识别", "任务{task}的分工方式“{value}”应为“负责”或“按职责分工负责”"),
    )
}


def finding(code: str, *, suggestion: str = "", value: object = None, **place_and_fields: Any) -> Finding:
    """A Finding for a catalogued code: message from its template; `file/sheet/row/column/task/unit` place it."""
    rule = CATALOGUE[code]
    place = {k: place_and_fields.pop(k) for k in ("file", "sheet", "row", "column", "task", "unit")
             if k in place_and_fields}
    shown = inert_text(value)[:200]
    # Derived fields a template may use: 任务N： when the finding is on a task, and the cell reference.
    place_and_fields.setdefault("subject", f"任务{place['task']}：" if place.get("task") else "")
    if place.get("row") and place.get("column"):
        place_and_fields.setdefault("cell", f"{place['column']}{place['row']}")
    else:
        place_and_fields.setdefault("cell", "")
    cleaned: dict[str, Any] = {k: ("" if v is None and k != "row" else v) for k, v in place.items()}
    return Finding(
        code=code,
        severity=rule.severity,
        message=rule.template.format(**place, **place_and_fields, value=shown),
        suggestion=suggestion,
        value=shown,
        **cleaned,
    )
