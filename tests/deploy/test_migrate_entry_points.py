"""The migration step finds each service's ``migrate`` through its package's entry point."""

from __future__ import annotations

import importlib

import pytest

from servicekit.core.settings import MIGRATABLE_SERVICES
from servicekit.runtime.migrate import ServiceNotInstalledError, find_migration, main


@pytest.mark.parametrize("service", MIGRATABLE_SERVICES)
def test_every_migratable_service_declares_its_migration(service: str) -> None:
    assert find_migration(service) is importlib.import_module(f"{service}.main").migrate


def test_a_service_no_package_declares_is_a_clear_error() -> None:
    with pytest.raises(ServiceNotInstalledError, match="uv sync"):
        find_migration("no-such-service")


def test_an_unknown_service_name_is_refused_by_the_command_line() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--service", "no-such-service"])
    assert exit_info.value.code == 2
