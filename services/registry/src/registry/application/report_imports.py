"""Import a workbook of monthly figures: every row checked first (the project known
and in the importer's county, month and money valid), then all stored or none. A row
equal to what the project already reported for the month is skipped; a different one
is that month's correction, as a second report through the API is."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from registry.application.base import UnknownObjectError
from registry.application.imports import ImportCommands, Progress
from registry.domain import ConflictingCommandError, ProjectImport, RegistryError, check_money
from registry.imports.templates import report_template
from registry.imports.workbook import (
    REPORT_FIELDS,
    REPORT_HEADER_OF,
    REPORT_SHEET,
    Parsed,
    ParsedRow,
    read,
)
from servicekit.core.context import CommandContext, command_method


class ReportImportCommands(ImportCommands):
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
        changed: dict[UUID, Any] = {}
        created: list[str] = []
        existing: list[str] = []

        def check(row: ParsedRow) -> None:
            self._check_report(row, parsed, changed, created, existing, county)

        self._check_rows(parsed, check, progress)
        return self._finish(job, parsed, list(changed.values()), created, existing)

    def _check_report(
        self,
        row: ParsedRow,
        parsed: Parsed,
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
