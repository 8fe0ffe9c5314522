"""Sheet names and column headers of the workbooks clerks see: the interface between Excel and the core."""

from __future__ import annotations

from typing import Final

MASTER_SHEET: Final = "任务分工"
REGISTRY_SHEET: Final = "单位名录"
PLAN_INFO_SHEET: Final = "计划信息"
RETURN_SHEET: Final = "任务进展"
RETURN_GUIDE_SHEET: Final = "填报说明"

MASTER_HEADERS: Final = ("序号", "部分", "类别", "任务内容", "牵头单位", "参与单位", "分工方式", "完成时限", "备注")

RETURN_HEADERS: Final = (
    "序号",
    "任务内容",
    "牵头单位",
    "参与单位",
    "本单位角色",
    "进展情况",
    "完成状态",
    "完成进度（%）",
    "存在问题",
    "下一步计划",
)
#: Columns of a return the clerk fills in; the others are given by the liaison office.
RETURN_INPUT_HEADERS: Final = ("进展情况", "完成状态", "完成进度（%）", "存在问题", "下一步计划")

SUBMITTER_LABEL: Final = "填报单位"
LIST_SEPARATOR: Final = "、"


def section_heading(label: str, title: str) -> str:
    """A part or section as written in the sheet: 一、完善… or （一）完善…."""
    return f"{label}、{title}" if not label.startswith("（") else f"{label}{title}"
