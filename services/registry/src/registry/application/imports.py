"""Import a workbook of projects: check every row, then store all of them or none.

The rows are checked against the same rules as ``POST /v1/projects`` (the
organisation, the sector's sub-command, dates, money) before anything is stored;
any bad row refuses the whole file with every problem listed and stores nothing. A
good file is stored in batches, each project (one event per row, the importing user
as actor) in the same transaction as its row key, then the job's completion.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from uuid import UUID

from contracts.labels import SECTOR_LABELS, label
from registry.application.base import UnknownObjectError
from registry.application.projects import ProjectCommands
from registry.domain import (
    ConflictingCommandError,
    ImportedProject,
    ProjectImport,
    RegistryError,
    check_money,
)
from registry.domain.project_import import row_key
from registry.imports.templates import report_template, template
from registry.imports.workbook import (
    HEADER_OF,
    REPORT_FIELDS,
    REPORT_HEADER_OF,
    REPORT_SHEET,
    Choices,
    ParsedRow,
    read,
)
from servicekit.core.context import CommandContext, command_method

Progress = Callable[[int], None]
# Aggregates per save (a project and its row key are two, kept in one batch).
SAVE_BATCH = 200


class ImportCommands(ProjectCommands):
    def import_choices(self) -> Choices:
        """Counties and sectors as the organisation has them today."""
        org = self.org_directory.current()
        today = self.clock.today()
        counties = {u.unit_id: u.name_on(today) for u in org.values() if u.kind == "county"}
        sectors = {
            sector: label(SECTOR_LABELS, sector)
            for unit in org.values()
            if unit.kind == "subcommand"
            for sector in unit.attributes.get("sectors", [])
        }
        return Choices(counties=counties, sectors=sectors)

    def project_template(self) -> bytes:
        return template(self.import_choices())

    @command_method
    def start_project_import(
        self, ctx: CommandContext, data: bytes, file_name: str
    ) -> ProjectImport:
        job = ProjectImport(
            file_sha256=hashlib.sha256(data).hexdigest(), file_name=file_name[:200], rows=0
        )
        self.save(job)
        return job

    def get_import(self, import_id: UUID) -> ProjectImport:
        return self._get(import_id, ProjectImport, f"导入任务不存在 / no import {import_id}")

    @command_method
    def run_project_import(
        self,
        ctx: CommandContext,
        import_id: UUID,
        data: bytes,
        progress: Progress,
        county: str | None = None,
    ) -> ProjectImport:
        """Check every row (``progress`` hears how many), then store all or refuse.
        ``county``: the importer may register that county's projects only."""
        job = self.get_import(import_id)
        parsed = read(data, self.import_choices())
        if county is not None:
            for row in parsed.rows:
                if row.values.get("county") not in (None, county):
                    parsed.refuse(row.number, "县（市、区）", "只能导入本县（市、区）的项目")
        projects: list[Any] = []
        created: list[str] = []
        existing: list[str] = []
        seen: set[str] = set()
        bad_rows = {e["row"] for e in parsed.errors}
        for done, row in enumerate(parsed.rows, start=1):
            if row.number not in bad_rows:
                self._check_row(row, parsed.errors, projects, created, existing, import_id, seen)
            if done % 100 == 0:
                progress(done)
        progress(len(parsed.rows))
        if parsed.errors:
            job.refuse(sorted(parsed.errors, key=lambda e: (e["row"], e["column"])))
            self.save(job)
            return job
        # Stored in batches: one transaction of thousands of events stalled PostgreSQL's
        # pipelined insert (10,000 events never finished). Each project is saved with
        # its row key, so a run cut short is completed by importing the same file again.
        for start in range(0, len(projects), SAVE_BATCH):
            self.save(*projects[start : start + SAVE_BATCH])
        job.complete(created, existing)
        self.save(job)
        return job

    def _check_row(
        self,
        row: ParsedRow,
        errors: list[dict[str, Any]],
        pending: list[Any],
        created: list[str],
        existing: list[str],
        import_id: UUID,
        seen: set[str],
    ) -> None:
        values = row.values
        key = row_key(values["year"], values["county"], values["name"])
        claim_id = ImportedProject.create_id(key)
        if key in seen:
            errors.append({"row": row.number, "column": "项目名称", "reason": "与上面某行重复"})
            return
        seen.add(key)
        try:
            known = self._get(claim_id, ImportedProject, key)
        except UnknownObjectError:
            known = None
        if known is not None:
            existing.append(known.project_id)
            return
        try:
            project = self.new_project(**values)
        except RegistryError as problem:
            column = HEADER_OF.get(problem.field or "", "项目")
            reason = str(problem).split(" / ")[0]
            errors.append({"row": row.number, "column": column, "reason": reason})
            return
        pending += [
            project,
            ImportedProject(key=key, project_id=str(project.id), import_id=str(import_id)),
        ]
        created.append(str(project.id))

    def report_template(self) -> bytes:
        return report_template()

    @command_method
    def run_report_import(
        self,
        ctx: CommandContext,
        import_id: UUID,
        data: bytes,
        progress: Progress,
        county: str | None = None,
    ) -> ProjectImport:
        """Monthly figures: every row checked first (project known, in the importer's
        county, money and month valid), then stored; a row equal to what is already
        reported is skipped, a different one is that month's correction."""
        job = self.get_import(import_id)
        parsed = read(data, self.import_choices(), REPORT_FIELDS, REPORT_SHEET)
        bad_rows = {e["row"] for e in parsed.errors}
        changed: dict[UUID, Any] = {}
        created: list[str] = []
        existing: list[str] = []
        for done, row in enumerate(parsed.rows, start=1):
            if row.number not in bad_rows:
                self._check_report(row, parsed, changed, created, existing, county)
            if done % 100 == 0:
                progress(done)
        progress(len(parsed.rows))
        if parsed.errors:
            job.refuse(sorted(parsed.errors, key=lambda e: (e["row"], e["column"])))
            self.save(job)
            return job
        projects = list(changed.values())
        for start in range(0, len(projects), SAVE_BATCH):
            self.save(*projects[start : start + SAVE_BATCH])
        job.complete(created, existing)
        self.save(job)
        return job

    def _check_report(
        self,
        row: ParsedRow,
        parsed: Any,
        changed: dict[UUID, Any],
        created: list[str],
        existing: list[str],
        county: str | None,
    ) -> None:
        values = row.values
        project_id = UUID(values["project_id"])
        project = changed.get(project_id)
        if project is None:
            try:
                project = self.get_project(project_id)
            except UnknownObjectError:
                parsed.refuse(row.number, REPORT_HEADER_OF["project_id"], "项目库中没有这个项目")
                return
        if county is not None and project.county != county:
            parsed.refuse(
                row.number, REPORT_HEADER_OF["project_id"], "只能填报本县（市、区）的项目"
            )
            return
        name = values.get("project_name")
        if name and name != project.name:
            parsed.refuse(
                row.number,
                REPORT_HEADER_OF["project_name"],
                f"与项目 id 不符（应为“{project.name}”）",
            )
            return
        month, amount = values["month"], values["investment_completed"]
        same = [
            e for e in project.reports
            if e.month == month and e.investment_completed == amount
            and e.physical_progress == values["physical_progress"]
        ]  # fmt: skip
        key = f"{project_id}:{month}"
        if same:
            existing.append(key)
            return
        try:
            amount = check_money(amount, "investment_completed")
            project.report_progress(month, amount, values["physical_progress"], [])
            self.evaluate_warning(project, month)
        except (RegistryError, ConflictingCommandError) as problem:
            column = REPORT_HEADER_OF.get(getattr(problem, "field", None) or "", "填报月份")
            parsed.refuse(row.number, column, str(problem).split(" / ")[0])
            return
        changed[project_id] = project
        created.append(key)
