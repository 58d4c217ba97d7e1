"""Year list commands: the office drafts, HQ confirms; afterwards only added/removed events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from registry.application.base import UnknownObjectError
from registry.application.monitoring import MonitoringCommands
from registry.domain import KeyList, RegistryError
from servicekit.core.context import CommandContext, command_method


class KeyListCommands(MonitoringCommands):
    def key_list(self, year: int) -> KeyList:
        found = self.find_key_list(year)
        if found is None:
            raise UnknownObjectError(f"{year} 年重点项目名单尚未拟定 / no list for {year}")
        return found

    def _check_year(self, year: int, project_ids: list[str]) -> None:
        for index, project_id in enumerate(project_ids):
            try:
                project = self.get_project(UUID(project_id))
            except (ValueError, UnknownObjectError) as exc:
                raise RegistryError(
                    f"项目不存在 / no project {project_id}", f"project_ids.{index}"
                ) from exc
            if project.year != year:
                raise RegistryError(
                    f"项目属于 {project.year} 年,不属于 {year} 年 / project of another year",
                    f"project_ids.{index}",
                )
        if len(set(project_ids)) != len(project_ids):
            raise RegistryError("名单中有重复项目 / a project is listed twice", "project_ids")

    @command_method
    def draft_key_list(
        self, ctx: CommandContext, year: int, project_ids: list[str], on: date
    ) -> KeyList:
        """The office's draft of the year's list (replaces an earlier draft)."""
        self._check_year(year, project_ids)
        found = self.find_key_list(year)
        if found is None:
            found = KeyList(year=year, project_ids=project_ids, on=on)
        else:
            found.redraft(project_ids, on)
        self.save(found)
        return found

    @command_method
    def confirm_key_list(self, ctx: CommandContext, year: int, on: date) -> KeyList:
        """HQ confirms the draft; from now on the confirmed list is what counts."""
        found = self.key_list(year)
        found.confirm(on)
        self.save(found)
        return found

    @command_method
    def change_key_list(
        self,
        ctx: CommandContext,
        year: int,
        *,
        project_id: str,
        change: str,
        reason: str,
        on: date,
    ) -> KeyList:
        """A project enters or leaves the confirmed list, with a reason."""
        found = self.key_list(year)
        if change == "added":
            self._check_year(year, [project_id])
        found.change(project_id, change, reason, on)
        self.save(found)
        return found
