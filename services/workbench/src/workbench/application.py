"""The workbench's application, where the auditor's tools look for every producer's."""

from workbench.directory import UserDirectory

__all__ = ["UserDirectory"]
