"""docker-compose.yml: valid against the Compose Specification and wired as intended.

``docker compose config`` needs the compose plugin, which this machine's docker CLI
lacks; the file is therefore checked against the Compose Specification's own JSON
Schema (vendored in tests/deploy/schemas) and for the wiring below. Where the plugin
exists, ``docker compose config`` runs as well.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from servicekit.settings import DEFAULT_PORTS

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
SERVICES = tuple(DEFAULT_PORTS)
NATS_NODES = ("nats-1", "nats-2", "nats-3")
_DEFAULTED = re.compile(r"\$\{([A-Z0-9_]+):?-([^}]*)\}")


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return document


def interpolate(value: str) -> str:
    """Resolve ``${VAR:-default}`` to its default, as compose does with VAR unset."""
    return _DEFAULTED.sub(lambda m: m.group(2), value)


def env_of(service: dict[str, Any]) -> dict[str, str]:
    return {k: interpolate(str(v)) for k, v in service.get("environment", {}).items()}


def bind_sources(service: dict[str, Any]) -> list[tuple[str, str]]:
    mounts = [v.split(":") for v in service.get("volumes", []) if v.startswith("./")]
    return [(parts[0], parts[1]) for parts in mounts]


def test_file_is_valid_against_the_compose_specification() -> None:
    validator = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert not errors


def test_lists_the_cluster_database_services_and_monitoring() -> None:
    names = set(compose()["services"])
    assert {*NATS_NODES, "postgres", *SERVICES, "prometheus", "grafana"} <= names


def test_nats_nodes_use_the_deploy_configs_and_a_volume_each() -> None:
    document = compose()
    auth = (REPO / "deploy" / "nats" / "auth.conf").read_text(encoding="utf-8")
    needed = set(re.findall(r"password: \$(NATS_[A-Z_]+)", auth))
    volumes = set()
    for name in NATS_NODES:
        node = document["services"][name]
        assert node["image"].startswith("nats:")
        assert node["command"][-1] == f"/etc/nats/{name}.conf"
        assert ("./deploy/nats", "/etc/nats") in bind_sources(node)
        [data] = [v for v in node["volumes"] if v.endswith(":/data")]
        volumes.add(data.split(":")[0])
        assert needed <= set(env_of(node)), "every user's password reaches the server"
        assert "nats" in node["networks"]["default"]["aliases"]
    assert len(volumes) == 3
    assert volumes <= set(document["volumes"])


def test_each_service_has_its_database_nats_user_and_migration() -> None:
    document = compose()
    postgres_env = env_of(document["services"]["postgres"])
    for name in SERVICES:
        service = document["services"][name]
        env = env_of(service)
        assert env["KPD_SERVICE"] == name
        assert env["KPD_NATS_USER"] == name
        assert env["KPD_NATS_URL"] == "nats://nats:4222"
        assert env["KPD_STREAM_REPLICAS"] == "3"
        role = f"kpd_{name}"
        password = postgres_env[f"KPD_PG_{name.upper()}_PASSWORD"]
        assert env["KPD_DATABASE_URL"] == f"postgresql://{role}:{password}@postgres:5432/{role}"
        nats_password = env_of(document["services"]["nats-1"])[f"NATS_{name.upper()}_PASSWORD"]
        assert env["KPD_NATS_PASSWORD"] == nats_password
        assert service["build"]["dockerfile"] == f"deploy/docker/{name}.Dockerfile"
        port = DEFAULT_PORTS[name]
        assert service["ports"] == [f"${{KPD_BIND_ADDRESS:-127.0.0.1}}:{port}:{port}"]
        depends = service["depends_on"]
        assert depends[f"{name}-migrate"]["condition"] == "service_completed_successfully"
        assert depends["nats-provision"]["condition"] == "service_completed_successfully"

        migrate = document["services"][f"{name}-migrate"]
        assert migrate["image"] == service["image"]
        assert migrate["command"] == ["python", "-m", "servicekit.migrate", "--service", name]
        assert env_of(migrate)["KPD_DATABASE_URL"] == env["KPD_DATABASE_URL"]
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_streams_are_provisioned_by_the_admin_with_three_replicas() -> None:
    document = compose()
    provision = document["services"]["nats-provision"]
    env = env_of(provision)
    assert env["KPD_NATS_USER"] == "admin"
    assert env["KPD_STREAM_REPLICAS"] == "3"
    assert env["KPD_NATS_PASSWORD"] == env_of(document["services"]["nats-1"])["NATS_ADMIN_PASSWORD"]
    assert provision["command"] == ["python", "/opt/kpd/provision_streams.py"]
    for node in NATS_NODES:
        assert provision["depends_on"][node]["condition"] == "service_healthy"


def test_bind_mounts_exist_and_monitoring_finds_every_target() -> None:
    document = compose()
    for name, service in document["services"].items():
        for source, _ in bind_sources(service):
            assert (REPO / source).exists(), f"{name} mounts missing {source}"
    prometheus = yaml.safe_load((REPO / "deploy/prometheus/prometheus.yml").read_text())
    targets = {
        target
        for job in prometheus["scrape_configs"]
        for group in job["static_configs"]
        for target in group["targets"]
    }
    for name, port in DEFAULT_PORTS.items():
        assert f"{name}:{port}" in targets
        assert f"http://{name}:{port}/readyz" in targets
    for exporter in ("nats-exporter-1", "nats-exporter-2", "nats-exporter-3"):
        assert exporter in document["services"]
        assert f"{exporter}:7777" in targets
    assert "blackbox" in document["services"]
    provider = yaml.safe_load((REPO / "deploy/grafana/provisioning/dashboards/kpd.yml").read_text())
    mounted = dict(bind_sources(document["services"]["grafana"]))
    assert mounted["./deploy/grafana/dashboards"] == provider["providers"][0]["options"]["path"]


def test_docker_compose_config_accepts_the_file() -> None:
    try:
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        pytest.skip("docker CLI not installed; the file is schema-checked above")
    if probe.returncode != 0:
        pytest.skip("docker compose plugin not installed; the file is schema-checked above")
    result = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--services"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert {*NATS_NODES, "postgres", *SERVICES, "prometheus", "grafana"} <= set(
        result.stdout.split()
    )
