"""Indicator records: definitions with baseline, target and yearly actuals, and the attainment computed from them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class IndicatorKind(StrEnum):
    """预期性 (expected) or 约束性 (binding), as the plans label their indicators."""

    EXPECTED = "预期性"
    BINDING = "约束性"


class Direction(StrEnum):
    """Which way is better: a higher value, a lower value (also ranks: 第10位 beats 第14位), or staying in a band."""

    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"

    @property
    def label(self) -> str:
        """The Chinese label a clerk sees and edits in the sheet."""
        return DIRECTION_LABELS[self]

    @classmethod
    def from_text(cls, text: str) -> Direction:
        """A direction from its value (higher) or its Chinese label (越大越好); ValueError otherwise."""
        cleaned = text.strip()
        for direction, label in DIRECTION_LABELS.items():
            if cleaned in (direction.value, label):
                return direction
        raise ValueError(f"方向无效：{text}（应为 越大越好、越小越好 或 稳定区间）")


DIRECTION_LABELS: dict[Direction, str] = {
    Direction.HIGHER: "越大越好",
    Direction.LOWER: "越小越好",
    Direction.BAND: "稳定区间",
}


class Aggregation(StrEnum):
    """How yearly values make the actual: a cumulative target sums them, a stock/ratio/index takes the latest."""

    STOCK = "stock"
    CUMULATIVE = "cumulative"

    @property
    def label(self) -> str:
        """The Chinese label: 累计 or 存量."""
        return "累计" if self is Aggregation.CUMULATIVE else "存量"

    @classmethod
    def from_text(cls, text: str) -> Aggregation:
        """An aggregation from its value or its Chinese label; ValueError otherwise."""
        cleaned = text.strip()
        for aggregation in cls:
            if cleaned in (aggregation.value, aggregation.label):
                return aggregation
        raise ValueError(f"统计方式无效：{text}（应为 存量 或 累计）")


class Qualifier(StrEnum):
    """How the plan qualifies a target number: exactly, 左右 (about), 以上 (at least), 以下/以内 (at most), 超过."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    MORE_THAN = "more-than"


class Measure(StrEnum):
    """What a target number measures: a level (15个月), a change (增长10%) or a rank (第10位)."""

    LEVEL = "level"
    CHANGE = "change"
    RANK = "rank"


class Status(StrEnum):
    """Attainment status, in the liaison office's words."""

    AHEAD = "提前完成"
    MET = "达标"
    ON_TRACK = "进度正常"
    WARNING = "预警"
    LAGGING = "滞后"
    NOT_MET = "未达标"
    NO_DATA = "无数据"


class Rag(StrEnum):
    """Traffic light (红黄绿) derived from the status."""

    GREEN = "绿"
    YELLOW = "黄"
    RED = "红"


class Observation(BaseModel):
    """A value for a year with the document it comes from; `verified` is False while it awaits checking (待核实)."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1900, le=2200)
    value: float | None = Field(default=None, description="None when the year is known but the value is not")
    source: str = Field(default="", description="Document the value comes from (seed file or 文号)")
    verified: bool = True


class Target(BaseModel):
    """A target as the plan sets it: year, value, qualifier, the phrase as written, and a tolerance."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1900, le=2200)
    value: float | None = None
    qualifier: Qualifier = Qualifier.EXACT
    text: str = Field(default="", description="The target phrase as the plan writes it, e.g. 压减到15.5个月左右")
    source: str = ""
    verified: bool = True
    tolerance: float | None = Field(
        default=None, ge=0, description="Absolute tolerance for 左右 and band targets; None takes Thresholds.tolerance"
    )


class Thresholds(BaseModel):
    """Configurable thresholds of the status rules."""

    model_config = ConfigDict(frozen=True)

    warning_ratio: float = Field(
        default=0.7, ge=0, le=1, description="预警 when 目标进度 ≥ this share of 序时进度 (below: 滞后)"
    )
    tolerance: float = Field(
        default=0.05, ge=0, description="Default tolerance of 左右 and 稳定在 targets, as a share of the target value"
    )


class Indicator(BaseModel):
    """A quantitative indicator (指标) of a plan: definition, baseline, target and actual values by year."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    unit: str = Field(default="", description="Unit of measure as written: 件, 万件, 亿元, %, 分, 个月, 位, 家")
    kind: IndicatorKind = IndicatorKind.EXPECTED
    direction: Direction = Direction.HIGHER
    aggregation: Aggregation = Aggregation.STOCK
    plan: str = Field(default="", description="The plan or guideline that sets the target")
    baseline: Observation
    target: Target
    actuals: tuple[Observation, ...] = Field(default=(), description="Actual values by year, one per year")
    baseline_revisions: tuple[Observation, ...] = Field(
        default=(), description="Earlier baseline values superseded by `baseline` (a newer source revised them)"
    )
    note: str = ""

    @model_validator(mode="after")
    def _one_actual_per_year(self) -> Indicator:
        years = [a.year for a in self.actuals]
        if len(years) != len(set(years)):
            raise ValueError(f"{self.name}：同一年份有多个实际值")
        return self

    def tolerance(self, thresholds: Thresholds) -> float:
        """The absolute tolerance in force: the target's own, else the default share for 左右 and band targets."""
        if self.target.tolerance is not None:
            return self.target.tolerance
        if self.target.value is not None and (
            self.direction is Direction.BAND or self.target.qualifier is Qualifier.ABOUT
        ):
            return abs(self.target.value) * thresholds.tolerance
        return 0.0


class Attainment(BaseModel):
    """How far an indicator is from its target in a year, with the method written out."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str
    kind: IndicatorKind
    direction: Direction
    baseline: float | None
    baseline_year: int
    target: float | None
    target_year: int
    year: int = Field(description="Year of the actual used (the latest with data), else the report year")
    actual: float | None
    completion: float | None = Field(description="完成率 as a fraction (1.0 = 100%)")
    progress: float | None = Field(description="目标进度 as a fraction, uncapped (above 1 = over-achieved)")
    time_progress: float = Field(description="序时进度 as a fraction of the plan period elapsed, 0 to 1")
    status: Status
    source: str
    rag: Rag | None = Field(description="红黄绿; None when there is no data")
    method: str = Field(description="How each number was computed, in Chinese")
