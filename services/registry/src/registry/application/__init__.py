"""Registry application: one method per command or query, split by subject."""

from registry.application.approvals import ApprovalCommands, ApprovalReport
from registry.application.base import RegistryBase
from registry.application.key_lists import KeyListCommands
from registry.application.monitoring import SweepReport
from registry.application.org import seed_organisation
from registry.application.report_imports import ReportImportCommands
from registry.application.units import UnitCommands


class Registry(ReportImportCommands, ApprovalCommands, KeyListCommands, UnitCommands):
    """The registry: organisation, projects, year lists, sponsorship, approval clocks."""

    name = "registry"


__all__ = ["ApprovalReport", "Registry", "RegistryBase", "SweepReport", "seed_organisation"]
