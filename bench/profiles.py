"""pyinstrument profiles of the hottest paths, saved beside the results.

Profiled in-process (pyinstrument follows one thread, and the services run
their synchronous routes on worker threads): the registry's register command
on a SQLite store (domain + seal + mapper + recorder), the issues service
applying ProjectRegistered with its tracking position, and ``verify_log``.
Each is written as text (``profile-*.txt``, small, worth committing) and as a
pyinstrument session (``profile-*.prof``; ``pyinstrument --load FILE``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from eventsourcing.persistence import Tracking
from pyinstrument import Profiler

from bench.config import Sizes
from bench.loader import BenchApplication, LoadedStore, bulk_load, open_app, store_settings
from bench.report import RESULTS_DIR, Figure, rerun_command
from servicekit.audit.verify import verify_log
from servicekit.core.context import SYSTEM, CommandContext, acting_as
from servicekit.eventstore.environment import store_environment
from servicekit.eventstore.store import KpdApplication, create_store_tables
from tests.support import PROJECT

OFFICE = CommandContext(
    actor="bench-office",
    actorrole="office",
    actorunit=None,
    correlationid="bench",
    causationid=None,
    command="register_project",
)


def profiled(name: str, work: Callable[[], object]) -> Path:
    profiler = Profiler(interval=0.0005)
    profiler.start()
    work()
    profiler.stop()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = RESULTS_DIR / f"profile-{name}.txt"
    text.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    session = profiler.last_session
    if session is not None:
        session.save(str(RESULTS_DIR / f"profile-{name}.prof"))
    return text


def register_commands(var_dir: Path, count: int) -> Callable[[], object]:
    from registry.application import Registry, seed_organisation

    app = Registry(env=_env(var_dir, "registry", Registry))
    app.load_organisation(SYSTEM, seed_organisation(), on=date(2026, 1, 5))
    body = {
        **PROJECT,
        "total_investment": Decimal(PROJECT["total_investment"]),
        "annual_planned_investment": Decimal(PROJECT["annual_planned_investment"]),
        "planned_start": date.fromisoformat(PROJECT["planned_start"]),
        "planned_completion": date.fromisoformat(PROJECT["planned_completion"]),
    }

    def work() -> None:
        with acting_as(OFFICE):
            for index in range(count):
                app.register_project(OFFICE, **{**body, "name": f"基准项目{index}"})

    return work


def apply_registered(var_dir: Path, count: int) -> Callable[[], object]:
    from issues.application import Issues

    app = Issues(env=_env(var_dir, "issues", Issues))

    def work() -> None:
        for index in range(count):
            project = app.learn_project(
                SYSTEM,
                project_id=f"p{index}",
                name=f"基准项目{index}",
                county="yaodu",
                sector="transport",
                subcommand="investment_transport",
                project_unit="unit-yaodu-001",
            )
            app.save_tracked(Tracking("KPD_REGISTRY", index + 1), project)

    return work


def verify(var_dir: Path, events: int) -> Callable[[], object]:
    app = open_app(BenchApplication, store_settings(var_dir / "verify"))
    bulk_load(app, events, LoadedStore())
    return lambda: verify_log(app.recorder, "registry")


def _env(var_dir: Path, service: str, app_class: type[KpdApplication]) -> dict[str, str]:
    settings = store_settings(var_dir / service)
    create_store_tables(settings, app_class)
    return store_environment(settings)


def measure(backends: list[str], sizes: Sizes, quick: bool) -> list[Figure]:
    rerun = rerun_command("profiles", quick=quick)
    figures = []
    paths: dict[str, Callable[[Path], Callable[[], object]]] = {
        "register": lambda d: register_commands(d, sizes.profile_commands),
        "consume": lambda d: apply_registered(d, sizes.profile_commands),
        "verify": lambda d: verify(d, sizes.profile_commands * 20),
    }
    for name, prepare in paths.items():
        with tempfile.TemporaryDirectory(prefix="kpd-bench-profile-") as tmp:
            path = profiled(name, prepare(Path(tmp)))
        figures.append(
            Figure(
                key=f"profile.{name}",
                label=f"剖析 {name} [sqlite]",
                value=None,
                unit="",
                rerun=rerun,
                note=f"已保存 {path.relative_to(RESULTS_DIR.parent.parent)}",
            )
        )
    return figures
