"""Registry domain: organisation, key projects, year lists and the rules they follow.

Imports no framework: only the ``eventsourcing`` aggregate base and the standard
library. Rules that need parameters receive them from the application (policy).
"""

from registry.domain.errors import ConflictingCommandError, RegistryError
from registry.domain.issue_watch import IssueWatch
from registry.domain.key_list import KeyList
from registry.domain.money import MONEY_PLACES, check_money
from registry.domain.org import OrgUnit
from registry.domain.project import Project
from registry.domain.project_import import ImportedProject, ProjectImport
from registry.domain.project_unit import CreditCodeClaim, ProjectUnit

__all__ = [
    "MONEY_PLACES",
    "ConflictingCommandError",
    "CreditCodeClaim",
    "ImportedProject",
    "IssueWatch",
    "KeyList",
    "OrgUnit",
    "Project",
    "ProjectImport",
    "ProjectUnit",
    "RegistryError",
    "check_money",
]
