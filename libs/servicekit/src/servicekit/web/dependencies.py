"""What a route asks of the request: the command context, a read session, the runtime.

Routes (the services' own and the audit API's) depend on these; the app
builder in ``servicekit.web.http`` installs the state they read. Kept apart
from the builder so that routers it includes do not import it back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session

from servicekit.core.context import CommandContext
from servicekit.eventstore.store import KpdApplication
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.service import ServiceRuntime
from servicekit.web.auth import PrincipalDep

A = TypeVar("A", bound=KpdApplication)


async def command_context(request: Request, principal: PrincipalDep) -> CommandContext:
    """The author of whatever this request stores: always from the token, never the body."""
    return CommandContext(
        actor=principal.user,
        actorrole=str(principal.role),
        actorunit=principal.unit,
        correlationid=request.state.correlation_id,
        causationid=None,
        command=getattr(request.scope.get("route"), "name", None) or "unknown",
    )


ContextDep = Annotated[CommandContext, Depends(command_context)]


def read_session(request: Request) -> Iterator[Session]:
    """A read-model session for one request."""
    infra: Infrastructure[Any] = request.app.state.infra
    with Session(infra.engine) as session:
        yield session


ReadSessionDep = Annotated[Session, Depends(read_session)]


def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def runtime_of_app(app: FastAPI) -> ServiceRuntime:
    runtime: ServiceRuntime = app.state.runtime
    return runtime


def application_of(kind: type[A]) -> Callable[[Request], Awaitable[A]]:
    """A route dependency: the service's application, typed as its own class.

    Made once per service (``RegistryDep = Annotated[Registry,
    Depends(application_of(Registry))]``): FastAPI caches a dependency per
    request by the callable, so one callable per application.
    """

    async def application(request: Request) -> A:
        app = runtime_of(request).app
        if not isinstance(app, kind):
            raise TypeError(f"this service runs {type(app).__name__}, not {kind.__name__}")
        return app

    application.__name__ = f"{kind.__name__.lower()}_application"
    return application
