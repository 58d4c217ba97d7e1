"""The HTTP framework's floor: the registry's POST body checked and answered, nothing stored.

Same framework, server and schemas as the registry (FastAPI with its telemetry
hooks off, uvicorn with httptools and uvloop, ``ProjectIn`` in, ``ProjectOut``
out, a sync endpoint run in the thread pool) but no auth, no middleware, no
store and no background work. What a command costs above this is kpd's; what
this costs, no kpd command can avoid. Started by ``bench.floor`` as
``uvicorn --factory bench.floor_app:create_app``.
"""

from __future__ import annotations

import uuid

from fastapi import FastAPI, status

from registry.api.schemas import ProjectIn, ProjectOut


def create_app() -> FastAPI:
    app = FastAPI(
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False}
    )

    @app.post("/v1/projects", response_model=ProjectOut, status_code=status.HTTP_201_CREATED)
    def register_project(body: ProjectIn) -> ProjectOut:
        fields = body.model_dump()
        return ProjectOut(
            id=str(uuid.uuid4()),
            version=1,
            subcommand="subcommand-industry",
            stage="planned",
            **{
                **fields,
                "total_investment": str(fields["total_investment"]),
                "annual_planned_investment": str(fields["annual_planned_investment"]),
            },
        )

    return app
