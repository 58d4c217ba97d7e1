"""Fixtures for the issues unit tests (defined in issues_support)."""

from services.issues.tests.unit.issues_support import app, raise_issue

__all__ = ["app", "raise_issue"]
