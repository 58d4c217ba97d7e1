"""Read-model tables of the scheduling service (all prefixed ``scheduling_``)."""

from __future__ import annotations

import datetime as dt
from datetime import date

from sqlalchemy import JSON, Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.readside.readmodel import ReadModelBase


class MeetingRow(ReadModelBase):
    __tablename__ = "scheduling_meetings"
    meeting_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    series: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[date] = mapped_column(Date, index=True)
    chair: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(32))
    subcommand: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    county: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16))
    held_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer)


class IssueRow(ReadModelBase):
    __tablename__ = "scheduling_issues"
    issue_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(32), index=True)
    assignee: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[date] = mapped_column(Date)
    project_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    county: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    subcommand: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    supervised: Mapped[bool] = mapped_column(Boolean)


class ProjectRow(ReadModelBase):
    __tablename__ = "scheduling_projects"
    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    county: Mapped[str] = mapped_column(String(64), index=True)
    subcommand: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    warning_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    overall: Mapped[str] = mapped_column(String(8))
    investment_light: Mapped[str] = mapped_column(String(8))


class NoticeRow(ReadModelBase):
    __tablename__ = "scheduling_latest_notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    flagged: Mapped[dict[str, str]] = mapped_column(JSON)
