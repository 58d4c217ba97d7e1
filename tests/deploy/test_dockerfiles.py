"""The four service Dockerfiles: multi-stage, own distribution only, non-root, health check.

No Docker engine here, so the files are checked for what the issue asks; the
uv commands they run are the workspace's own (`uv sync --frozen --package …`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicekit.settings import DEFAULT_PORTS

DOCKER_DIR = Path(__file__).resolve().parents[2] / "deploy" / "docker"
BODY_MARKER = "# ---- shared body"


def dockerfile(service: str) -> str:
    return (DOCKER_DIR / f"{service}.Dockerfile").read_text(encoding="utf-8")


def header_and_body(service: str) -> tuple[str, str]:
    text = dockerfile(service)
    assert text.count(BODY_MARKER) == 1
    head, body = text.split(BODY_MARKER)
    return head, body


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_header_names_the_service_and_its_port(service: str) -> None:
    head, _ = header_and_body(service)
    args = dict(re.findall(r"^ARG (\w+)=(.*)$", head, re.MULTILINE))
    assert args["SERVICE"] == service
    assert args["PORT"] == str(DEFAULT_PORTS[service])
    assert args["APT_PACKAGES"] == ('"fonts-noto-cjk"' if service == "assessment" else '""')


def test_bodies_are_identical_so_the_four_images_are_built_alike() -> None:
    bodies = {service: header_and_body(service)[1] for service in DEFAULT_PORTS}
    assert len(set(bodies.values())) == 1
    ignores = {(DOCKER_DIR / f"{s}.Dockerfile.dockerignore").read_text() for s in DEFAULT_PORTS}
    assert len(ignores) == 1


def test_builder_installs_only_the_services_own_distribution() -> None:
    _, body = header_and_body("registry")
    stages = re.findall(r"^FROM \S+ AS (\w+)$", body, re.MULTILINE)
    assert stages == ["uv", "builder", "runtime"]
    syncs = re.findall(r"uv sync ([^\n]+)", body)
    assert syncs, "no uv sync in the builder"
    for command in syncs:
        assert "--frozen" in command
        assert "--no-dev" in command
        assert '--package "kpd-${SERVICE}"' in command
    assert "--no-editable" in syncs[-1]
    builder = body.split("AS builder", 1)[1].split("AS runtime", 1)[0]
    sources = {
        source
        for line in re.findall(r"^COPY (?!--from)([^\n]+)$", builder, re.MULTILINE)
        for source in line.split()[:-1]
    }
    code = {s for s in sources if not s.endswith(("pyproject.toml", "uv.lock"))}
    assert code == {"contracts/src", "libs/servicekit/src", "services/${SERVICE}/src"}


def test_runtime_is_non_root_with_a_health_check() -> None:
    _, body = header_and_body("registry")
    runtime = body.split("AS runtime", 1)[1]
    assert "COPY --from=builder /opt/venv /opt/venv" in runtime
    [user] = re.findall(r"^USER (\S+)$", runtime, re.MULTILINE)
    assert not user.startswith(("root", "0:", "0"))
    [check] = re.findall(r"^HEALTHCHECK [^\n]*\\\n\s+CMD ([^\n]+)$", runtime, re.MULTILINE)
    assert "python -c" in check
    assert "/healthz" in check
    assert "uvicorn --factory" in runtime
    assert "EXPOSE ${PORT}" in runtime
