"""deploy/k8s: parseable, schema-valid where a validator is installed, and wired as intended.

Schema validation uses the kubernetes-validate package (PyPI) when it is importable;
it is not a workspace dependency yet, so without it that test is skipped and the
structural checks below still run. CloudNativePG resources are custom resources,
outside the Kubernetes schemas: they are checked structurally only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from servicekit.core.settings import DEFAULT_PORTS, MIGRATABLE_SERVICES, WORKBENCH_PORT
from workbench.settings import UPSTREAMS, WorkbenchSettings

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32"
CUSTOM_KINDS = {"Cluster", "Database"}
# The five services and the workbench: a Deployment and a database each.
DEPLOYED = (*DEFAULT_PORTS, "workbench")


def manifests() -> list[dict[str, Any]]:
    """Every document of every manifest kustomization.yaml lists."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = []
    for resource in kustomization["resources"]:
        text = (K8S / resource).read_text(encoding="utf-8")
        docs.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return docs


def of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in manifests() if doc["kind"] == kind}


def test_every_yaml_file_parses() -> None:
    files = sorted(K8S.rglob("*.yaml"))
    assert len(files) >= 8
    for path in files:
        assert list(yaml.safe_load_all(path.read_text(encoding="utf-8"))), path


def test_core_resources_match_the_kubernetes_schemas() -> None:
    validate = pytest.importorskip(
        "kubernetes_validate",
        reason="kubernetes-validate not installed (not in uv.lock); structure checked below",
    )
    for doc in manifests():
        if doc["kind"] in CUSTOM_KINDS:
            continue
        validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomize_renders_the_whole_set() -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not installed; the manifests are parsed one by one above")
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    rendered = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    kinds = sorted(doc["kind"] for doc in rendered)
    assert kinds.count("Deployment") == len(DEPLOYED) == 6
    assert kinds.count("Database") == len(MIGRATABLE_SERVICES) == 6
    assert all(doc["metadata"].get("namespace", "kpd") == "kpd" for doc in rendered)


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_service_deployment_has_probes_resources_and_migration(service: str) -> None:
    deployment = of_kind("Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    [migrate] = pod["initContainers"]
    assert migrate["command"] == [
        "python",
        "-m",
        "servicekit.runtime.migrate",
        "--service",
        service,
    ]
    [container] = pod["containers"]
    assert container["image"].startswith(f"kpd-{service}:")
    assert container["ports"][0]["containerPort"] == DEFAULT_PORTS[service]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    for each in (migrate, container):
        assert {"cpu", "memory"} <= set(each["resources"]["requests"])
        assert each["securityContext"]["allowPrivilegeEscalation"] is False
        env = {e["name"]: e for e in each["env"]}
        assert env["KPD_SERVICE"]["value"] == service
        assert env["KPD_NATS_USER"]["value"] == service
        assert f"/kpd_{service}" in env["KPD_DATABASE_URL"]["value"]
    assert deployment["spec"]["replicas"] >= 2
    ports = of_kind("Service")[service]["spec"]["ports"]
    assert ports[0]["port"] == DEFAULT_PORTS[service]
    assert service in of_kind("PodDisruptionBudget")


def workbench_pod() -> dict[str, Any]:
    pod: dict[str, Any] = of_kind("Deployment")["workbench"]["spec"]["template"]["spec"]
    return pod


def test_workbench_deployment_has_probes_migration_shared_keys_and_its_nats_user() -> None:
    deployment = of_kind("Deployment")["workbench"]
    pod = workbench_pod()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    [migrate] = pod["initContainers"]
    assert migrate["command"] == [
        "python",
        "-m",
        "servicekit.runtime.migrate",
        "--service",
        "workbench",
    ]
    [container] = pod["containers"]
    assert container["image"].startswith("kpd-workbench:")
    assert container["ports"][0]["containerPort"] == WORKBENCH_PORT
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    services = of_kind("Service")
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    for each in (migrate, container):
        assert {"cpu", "memory"} <= set(each["resources"]["requests"])
        assert each["securityContext"]["allowPrivilegeEscalation"] is False
        assert each["securityContext"]["readOnlyRootFilesystem"] is True
        env = {e["name"]: e for e in each["env"]}
        assert env["KPD_SERVICE"]["value"] == "workbench"
        # It publishes the revocations: its own NATS user, its own checkpoint key.
        assert env["KPD_NATS_USER"]["value"] == "workbench"
        nats_secret = env["KPD_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]
        assert (nats_secret["name"], nats_secret["key"]) == ("kpd-nats-users", "workbench")
        key_dir = env["KPD_CHECKPOINT_KEY"]["value"].rsplit("/", 1)[0]
        mounts = {m["name"]: m["mountPath"] for m in each["volumeMounts"]}
        assert mounts["checkpoint-key"] == key_dir
        assert volumes["checkpoint-key"]["secret"]["secretName"] == "kpd-checkpoint-workbench"
        assert "/kpd_workbench" in env["KPD_DATABASE_URL"]["value"]
        secret = env["KPD_PG_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"]
        assert secret == "kpd-pg-workbench"
        for upstream in UPSTREAMS:
            port = services[upstream]["spec"]["ports"][0]["port"]
            assert env[f"KPD_{upstream.upper()}_URL"]["value"] == f"http://{upstream}:{port}"
        assert env["KPD_COOKIE_SECURE"]["value"] == "true"
        assert env["KPD_DEMO_ACCOUNTS"]["value"] == "off"
        # Both keys are files of the shared secrets, mounted where the settings point.
        mounts = {m["mountPath"]: m for m in each["volumeMounts"]}
        for variable, secret_name in (
            ("KPD_SESSION_SIGNING_KEY", "kpd-workbench-session-key"),
            ("KPD_CSRF_SECRET_FILE", "kpd-workbench-csrf"),
        ):
            path = Path(env[variable]["value"])
            mount = mounts[str(path.parent)]
            assert mount["readOnly"] is True
            assert volumes[mount["name"]]["secret"]["secretName"] == secret_name
    assert deployment["spec"]["replicas"] >= 2
    assert services["workbench"]["spec"]["ports"][0]["port"] == WORKBENCH_PORT
    assert "workbench" in of_kind("PodDisruptionBudget")


def test_workbench_settings_read_from_the_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("KPD_")]:
        monkeypatch.delenv(name)
    [container] = workbench_pod()["containers"]
    [config_ref] = container["envFrom"]
    common = of_kind("ConfigMap")[config_ref["configMapRef"]["name"]]["data"]
    for name, value in common.items():
        monkeypatch.setenv(name, value)
    env = {e["name"]: e.get("value") for e in container["env"]}
    for name, value in env.items():
        if value is not None:
            monkeypatch.setenv(name, value.replace("$(KPD_PG_PASSWORD)", "secret"))
    settings = WorkbenchSettings()
    assert settings.uses_postgres
    assert settings.signing_key_path == Path(env["KPD_SESSION_SIGNING_KEY"])
    assert settings.csrf_secret_path == Path(env["KPD_CSRF_SECRET_FILE"])
    assert settings.cookie_secure is True
    assert settings.demo_accounts == "off"
    assert settings.upstream_url("assessment") == "http://assessment:8004"
    # The services' issuer and audience, from the same config map.
    assert (settings.jwt_issuer, settings.jwt_audience) == (
        common["KPD_JWT_ISSUER"],
        common["KPD_JWT_AUDIENCE"],
    )


def test_every_image_the_manifests_run_is_pinned_in_the_kustomization() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    pinned = {image["name"] for image in kustomization["images"]}
    used = {
        container["image"].split(":")[0]
        for doc in manifests()
        if doc["kind"] in {"Deployment", "Job"}
        for container in [
            *doc["spec"]["template"]["spec"]["containers"],
            *doc["spec"]["template"]["spec"].get("initContainers", []),
        ]
    }
    assert "kpd-workbench" in used
    assert used == pinned


def test_nats_values_give_three_fsyncing_jetstream_nodes_with_kpd_users() -> None:
    values = yaml.safe_load((K8S / "nats" / "values.yaml").read_text(encoding="utf-8"))
    config = values["config"]
    assert config["cluster"]["enabled"] is True
    assert config["cluster"]["replicas"] == 3
    assert config["jetstream"]["enabled"] is True
    assert config["jetstream"]["fileStore"]["enabled"] is True
    assert config["jetstream"]["fileStore"]["pvc"]["enabled"] is True
    assert config["jetstream"]["merge"]["sync_interval"] == "always"
    assert config["merge"]["$include"] == "./auth/auth.conf"
    auth = (REPO / "deploy" / "nats" / "auth.conf").read_text(encoding="utf-8")
    assert set(re.findall(r"password: \$(NATS_\w+)", auth)) == set(values["container"]["env"])
    args = values["promExporter"]["merge"]["args"]
    assert {"-healthz", "-jsz=all"} <= set(args)
    assert not any(arg.startswith("-prefix") for arg in args)


def test_postgres_cluster_has_a_role_and_database_per_service() -> None:
    [cluster] = of_kind("Cluster").values()
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
    assert cluster["spec"]["instances"] >= 3
    roles = {role["name"]: role for role in cluster["spec"]["managed"]["roles"]}
    databases = {doc["spec"]["name"]: doc["spec"] for doc in of_kind("Database").values()}
    for service in MIGRATABLE_SERVICES:
        name = f"kpd_{service}"
        assert roles[name]["login"] is True
        assert roles[name]["passwordSecret"]["name"] == f"kpd-pg-{service}"
        assert databases[name]["owner"] == name
        assert databases[name]["cluster"]["name"] == cluster["metadata"]["name"]


def test_runbook_names_every_secret_and_config_map_the_manifests_need() -> None:
    text = "\n".join(yaml.safe_dump(doc) for doc in manifests())
    text += (K8S / "nats" / "values.yaml").read_text(encoding="utf-8")
    wanted = (
        r"kpd-(?:nats-users|pg-\w+|checkpoint-\w+|jwks|policy|nats-auth"
        r"|workbench-session-key|workbench-csrf)"
    )
    needed = set(re.findall(rf"(?:secretName|name): ({wanted})\b", text))
    assert {"kpd-nats-users", "kpd-jwks", "kpd-policy", "kpd-nats-auth"} <= needed
    assert {"kpd-workbench-session-key", "kpd-workbench-csrf"} <= needed
    assert {f"kpd-pg-{s}" for s in MIGRATABLE_SERVICES} <= needed
    runbook = (REPO / "docs" / "runbook.md").read_text(encoding="utf-8")
    # Per-service names are created in a loop over $s in the runbook.
    per_service = re.compile(rf"-({'|'.join(MIGRATABLE_SERVICES)})$")
    missing = {n for n in needed if n not in runbook and per_service.sub("-$s", n) not in runbook}
    assert not missing
