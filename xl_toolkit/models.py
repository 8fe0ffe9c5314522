"""Plan records: units, parts, sections, tasks and the plan itself.

These pydantic models are the single source of every record's shape; `schemas/`
holds the JSON Schema generated from them (`xlt schemas`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class AssignmentMode(StrEnum):
    """How a task's units share it, as the plan writes it."""

    RESPONSIBLE = "负责"
    BY_DUTY = "按职责分工负责"


class UnitKind(StrEnum):
    """Broad kind of a responsible unit."""

    CENTRAL = "中央和国家机关"
    JUDICIAL = "司法机关"
    MILITARY = "军队单位"
    ORGANIZATION = "社会团体"
    COORDINATION = "议事协调机构"
    COLLECTIVE = "集合单位"
    DEPARTMENT = "局内司局"
    DEMONSTRATION = "示范创建单位"
    LOCAL = "地方单位"


class Role(StrEnum):
    """A unit's role on a task."""

    LEAD = "牵头"
    PARTICIPANT = "参与"


class Status(StrEnum):
    """Completion status of a task as a return reports it."""

    DONE = "已完成"
    IN_PROGRESS = "推进中"
    NOT_STARTED = "未启动"
    BEHIND = "滞后"


class Unit(BaseModel):
    """A responsible unit: canonical name, the aliases clerks write, its kind, and members for collectives."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, description="Canonical name, as the plan writes it")
    aliases: tuple[str, ...] = Field(default=(), description="Other names clerks write for this unit")
    kind: UnitKind = UnitKind.CENTRAL
    members: tuple[str, ...] = Field(default=(), description="Canonical names of member units (collectives only)")


class Section(BaseModel):
    """A heading of the plan: a part (一、…) or a section within it (（一）…)."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="Numbering as written, e.g. 一 or （二）")
    title: str


class Task(BaseModel):
    """One numbered task with its responsible units; the first listed unit leads."""

    model_config = ConfigDict(frozen=True)

    number: str = Field(min_length=1, description="Task number as a string: 12, or （十）-3 in guideline styles")
    seq: int = Field(ge=1, description="Position of the task in the plan, 1-based")
    text: str = Field(description="Task text as written (original characters kept for display)")
    part: Section
    section: Section | None = None
    lead: str = Field(min_length=1, description="Canonical name of the lead unit (牵头部门)")
    participants: tuple[str, ...] = Field(default=(), description="Canonical names of participant units, in order")
    mode: AssignmentMode = AssignmentMode.RESPONSIBLE
    deadline: dt.date
    responsibility_text: str = Field(default="", description="The responsibility parenthesis as written")

    @property
    def units(self) -> tuple[str, ...]:
        """Lead first, then participants."""
        return (self.lead, *self.participants)

    def role_of(self, unit: str) -> Role | None:
        """The role of a canonical unit on this task, or None when it is not assigned."""
        if unit == self.lead:
            return Role.LEAD
        if unit in self.participants:
            return Role.PARTICIPANT
        return None

    @model_validator(mode="after")
    def _lead_not_participant(self) -> Task:
        if self.lead in self.participants:
            raise ValueError(f"任务{self.number}：{self.lead} 同时是牵头单位和参与单位")
        return self


class Plan(BaseModel):
    """A whole plan: title, year, and its tasks in order."""

    model_config = ConfigDict(frozen=True)

    title: str
    year: int = Field(ge=2000, le=2100)
    style: str = Field(default="promotion-plan", description="Which document style the plan was parsed from")
    tasks: tuple[Task, ...]
    rule: str = Field(default="", description="The plan's own lead/participant rule sentence, when it states one")
    aliases_defined: dict[str, str] = Field(
        default_factory=dict, description="Abbreviations the document defines (以下简称), short → full"
    )

    def task(self, number: str) -> Task | None:
        """The task with this number, or None."""
        return next((t for t in self.tasks if t.number == number), None)

    @property
    def units(self) -> tuple[str, ...]:
        """Distinct canonical units, in order of first appearance."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for unit in task.units:
                seen.setdefault(unit, None)
        return tuple(seen)

    def tasks_of(self, unit: str) -> tuple[Task, ...]:
        """Tasks a canonical unit leads or takes part in."""
        return tuple(t for t in self.tasks if t.role_of(unit) is not None)
