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
    ImportedProject,
    ProjectImport,
    RegistryError,
)
from registry.domain.project_import import row_key
from registry.imports.templates import template
from registry.imports.workbook import (
    HEADER_OF,
    Choices,
    Parsed,
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

        def check(row: ParsedRow) -> None:
            self._check_row(row, parsed.errors, projects, created, existing, import_id, seen)

        self._check_rows(parsed, check, progress)
        return self._finish(job, parsed, projects, created, existing)

    @staticmethod
    def _check_rows(parsed: Parsed, check: Callable[[ParsedRow], None], progress: Progress) -> None:
        """Each row not already refused by its cells, with progress every 100 rows."""
        bad_rows = {e["row"] for e in parsed.errors}
        for done, row in enumerate(parsed.rows, start=1):
            if row.number not in bad_rows:
                check(row)
            if done % 100 == 0:
                progress(done)
        progress(len(parsed.rows))

    def _finish(
        self,
        job: ProjectImport,
        parsed: Parsed,
        aggregates: list[Any],
        created: list[str],
        existing: list[str],
    ) -> ProjectImport:
        """Refused with every problem and nothing stored, or everything stored."""
        if parsed.errors:
            job.refuse(sorted(parsed.errors, key=lambda e: (e["row"], e["column"])))
            self.save(job)
            return job
        # Stored in batches: one transaction of thousands of events stalled PostgreSQL's
        # pipelined insert (10,000 events never finished). Each project is saved with
        # its row key, so a run cut short is completed by importing the same file again.
        for start in range(0, len(aggregates), SAVE_BATCH):
            self.save(*aggregates[start : start + SAVE_BATCH])
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
