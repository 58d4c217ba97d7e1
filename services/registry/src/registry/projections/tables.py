"""Read-model tables of the registry (all prefixed ``registry_``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.readside.readmodel import ReadModelBase


class ProjectRow(ReadModelBase):
    __tablename__ = "registry_projects"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    county: Mapped[str] = mapped_column(String(64), index=True)
    sector: Mapped[str] = mapped_column(String(64))
    subcommand: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer, index=True)
    stage: Mapped[str] = mapped_column(String(32), index=True)
    project_unit: Mapped[str] = mapped_column(String(64), index=True)
    total_investment: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    annual_planned_investment: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    cumulative_investment: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    planned_start: Mapped[date] = mapped_column(Date)
    is_new: Mapped[bool] = mapped_column(Boolean)
    is_industrial: Mapped[bool] = mapped_column(Boolean)
    sponsors: Mapped[str] = mapped_column(Text, default="")
    warning_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    warning: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer)


class ProgressRow(ReadModelBase):
    """The figure in force for each project-month, and how often it was corrected."""

    __tablename__ = "registry_progress"
    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    investment_completed: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    physical_progress: Mapped[str] = mapped_column(Text)
    corrections: Mapped[int] = mapped_column(Integer, default=0)


class WarningRow(ReadModelBase):
    __tablename__ = "registry_warnings"
    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    county: Mapped[str] = mapped_column(String(64), index=True)
    subcommand: Mapped[str] = mapped_column(String(64), index=True)
    start_light: Mapped[str] = mapped_column(String(8))
    investment_light: Mapped[str] = mapped_column(String(8))
    overall: Mapped[str] = mapped_column(String(8), index=True)


class IssueWatchRow(ReadModelBase):
    __tablename__ = "registry_issue_watch"
    issue_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(32))
    open: Mapped[bool] = mapped_column(Boolean)


class ApprovalStepRow(ReadModelBase):
    """One fast-track approval step of a project, for the approval-clock gauges."""

    __tablename__ = "registry_approval_steps"
    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    step: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(64), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    granted_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ApprovalSuspensionRow(ReadModelBase):
    """A statutory suspension of a step; ``ended_on`` is empty while it lasts.

    Keyed by the suspending event's version: a step may be suspended, resumed and
    suspended again on one day, so the date does not tell suspensions apart.
    """

    __tablename__ = "registry_approval_suspensions"
    project_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[str] = mapped_column(String(64))
    started_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
