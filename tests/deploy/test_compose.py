"""docker-compose.yml: valid against the Compose Specification and wired as intended.

``docker compose config`` needs the compose plugin, which this machine's docker CLI
lacks; the file is therefore checked against the Compose Specification's own JSON
Schema (vendored in tests/deploy/schemas) and for the wiring below. Where the plugin
exists, ``docker compose config`` runs as well.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from deploy.scripts import make_secrets
from servicekit.core.settings import DEFAULT_PORTS, WORKBENCH_PORT
from workbench.settings import UPSTREAMS, WorkbenchSettings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
SERVICES = tuple(DEFAULT_PORTS)
WORKBENCH = ("workbench-migrate", "workbench-keys", "workbench")
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
    assert {*NATS_NODES, "postgres", *SERVICES, *WORKBENCH, "prometheus", "grafana"} <= names


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
        assert migrate["command"] == [
            "python",
            "-m",
            "servicekit.runtime.migrate",
            "--service",
            name,
        ]
        assert env_of(migrate)["KPD_DATABASE_URL"] == env["KPD_DATABASE_URL"]
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_workbench_has_its_database_migration_and_its_own_nats_user() -> None:
    document = compose()
    postgres_env = env_of(document["services"]["postgres"])
    workbench = document["services"]["workbench"]
    env = env_of(workbench)
    assert env["KPD_SERVICE"] == "workbench"
    # It publishes the revocations (its own stream, its own user and password).
    assert env["KPD_NATS_USER"] == "workbench"
    assert (
        env["KPD_NATS_PASSWORD"]
        == "${KPD_NATS_WORKBENCH_PASSWORD:?run deploy/scripts/make_secrets.py}"
    )
    assert env["KPD_NATS_URL"] == document["x-service-env"]["KPD_NATS_URL"]
    checkpoint_dir = env["KPD_CHECKPOINT_KEY"].rsplit("/", 1)[0]
    assert f"workbench-checkpoint-keys:{checkpoint_dir}" in workbench["volumes"], "writable"
    password = postgres_env["KPD_PG_WORKBENCH_PASSWORD"]
    url = f"postgresql://kpd_workbench:{password}@postgres:5432/kpd_workbench"
    assert env["KPD_DATABASE_URL"] == url
    assert workbench["build"]["dockerfile"] == "deploy/docker/workbench.Dockerfile"
    assert (REPO / workbench["build"]["dockerfile"]).is_file()
    assert workbench["ports"] == [
        f"${{KPD_BIND_ADDRESS:-127.0.0.1}}:{WORKBENCH_PORT}:{WORKBENCH_PORT}"
    ]
    depends = workbench["depends_on"]
    for step in ("workbench-migrate", "workbench-keys"):
        assert depends[step]["condition"] == "service_completed_successfully"
        assert document["services"][step]["image"] == workbench["image"]
    assert depends["nats-provision"]["condition"] == "service_completed_successfully"
    for upstream in UPSTREAMS:
        assert depends[upstream]["condition"] == "service_started"
        assert env[f"KPD_{upstream.upper()}_URL"] == f"http://{upstream}:{DEFAULT_PORTS[upstream]}"
    # It signs the tokens the services verify: the same issuer and audience as theirs.
    service_env = document["x-service-env"]
    for name in ("KPD_JWT_ISSUER", "KPD_JWT_AUDIENCE"):
        assert workbench["environment"][name] == service_env[name]
    assert env["KPD_DEMO_ACCOUNTS"] == "off"
    assert env["KPD_COOKIE_SECURE"] == "true"

    migrate = document["services"]["workbench-migrate"]
    assert migrate["command"] == [
        "python",
        "-m",
        "servicekit.runtime.migrate",
        "--service",
        "workbench",
    ]
    assert env_of(migrate)["KPD_DATABASE_URL"] == url
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_workbench_settings_read_from_the_compose_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [k for k in os.environ if k.startswith("KPD_")]:
        monkeypatch.delenv(name)
    env = env_of(compose()["services"]["workbench"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = WorkbenchSettings()
    for upstream in UPSTREAMS:
        assert settings.upstream_url(upstream) == env[f"KPD_{upstream.upper()}_URL"]
    assert settings.cookie_secure is True
    assert settings.demo_accounts == "off"
    assert settings.uses_postgres
    assert settings.signing_key_path == Path(env["KPD_SESSION_SIGNING_KEY"])
    assert settings.csrf_secret_path == Path(env["KPD_CSRF_SECRET_FILE"])


def test_workbench_keys_reach_user_10001_from_the_files_make_secrets_writes(
    tmp_path: Path,
) -> None:
    document = compose()
    keys = document["services"]["workbench-keys"]
    workbench = document["services"]["workbench"]
    env = env_of(workbench)
    # Copied as root (compose ignores uid/gid/mode of file secrets) for the image's user.
    assert keys["user"] == "0:0"
    user = re.search(
        r"^USER (\d+):(\d+)$", (REPO / workbench["build"]["dockerfile"]).read_text(), re.M
    )
    assert user is not None
    script = " ".join(keys["command"])
    copies = re.findall(r"install -o (\d+) -g (\d+) -m (0\d+) /run/secrets/(\S+)\s+(\S+)", script)
    assert {(uid, gid) for uid, gid, *_ in copies} == {user.groups()}
    assert {mode for _, _, mode, *_ in copies} == {"0400"}
    installed = {secret: target for *_, secret, target in copies}
    assert installed == {
        "workbench-session-key": env["KPD_SESSION_SIGNING_KEY"],
        "workbench-csrf": env["KPD_CSRF_SECRET_FILE"],
    }
    assert set(keys["secrets"]) == set(installed)
    [volume] = keys["volumes"]
    name, mount = volume.split(":")
    assert name in document["volumes"]
    assert f"{name}:{mount}:ro" in workbench["volumes"]
    assert all(path.startswith(mount + "/") for path in installed.values())
    assert keys["restart"] == "no"

    # The secret files are what make_secrets.py writes on a first start.
    secrets_dir = tmp_path / "deploy" / "secrets"
    make_secrets.main(["--env-file", str(tmp_path / ".env"), "--secrets-dir", str(secrets_dir)])
    for secret in installed:
        source = interpolate(document["secrets"][secret]["file"])
        assert source.startswith("./deploy/secrets/"), source
        assert (tmp_path / source).is_file(), source
    session_key = interpolate(document["secrets"]["workbench-session-key"]["file"])
    assert Path(session_key).name == f"{make_secrets.WORKBENCH_KEY}.pem"


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
    for name, port in {**DEFAULT_PORTS, "workbench": WORKBENCH_PORT}.items():
        assert f"{name}:{port}" in targets
        assert f"http://{name}:{port}/readyz" in targets
    for exporter in ("nats-exporter-1", "nats-exporter-2", "nats-exporter-3"):
        assert exporter in document["services"]
        assert f"{exporter}:7777" in targets
    assert "blackbox" in document["services"]
    provider = yaml.safe_load((REPO / "deploy/grafana/provisioning/dashboards/kpd.yml").read_text())
    mounted = dict(bind_sources(document["services"]["grafana"]))
    assert mounted["./deploy/grafana/dashboards"] == provider["providers"][0]["options"]["path"]


def test_every_password_is_required_so_compose_never_runs_on_a_default() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    uses = re.findall(r"\$\{(KPD_[A-Z0-9_]*PASSWORD)(:[?-])?([^}]*)\}", text)
    assert uses
    # The city's mail relay password is optional: notify runs without a login.
    optional = {"KPD_NOTIFY_SMTP_PASSWORD"}
    for name, form, rest in uses:
        if name in optional:
            assert (form, rest) == (":-", ""), name
        else:
            assert form == ":?", name
            assert "make_secrets.py" in rest, name
    assert "dev-" not in "".join(rest for _, _, rest in uses)


def test_docker_compose_config_accepts_the_file() -> None:
    try:
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        pytest.skip("docker CLI not installed; the file is schema-checked above")
    if probe.returncode != 0:
        pytest.skip("docker compose plugin not installed; the file is schema-checked above")
    # Without .env it refuses: every password is required.
    bare = ["docker", "compose", "-f", str(COMPOSE), "--env-file", os.devnull, "config"]
    refused = subprocess.run(bare, capture_output=True, text=True, check=False, cwd=REPO)
    assert refused.returncode != 0
    assert "make_secrets.py" in refused.stderr
    with tempfile.TemporaryDirectory() as scratch:
        env_file = Path(scratch) / ".env"
        make_secrets.main(["--env-file", str(env_file), "--secrets-dir", str(Path(scratch) / "s")])
        result = subprocess.run(
            ["docker", "compose", "-f", str(COMPOSE), "--env-file", str(env_file), "config",
             "--services"],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {*NATS_NODES, "postgres", *SERVICES, *WORKBENCH, "prometheus", "grafana"} <= set(
        result.stdout.split()
    )
