"""deploy/k8s: parseable, schema-valid where a validator is installed, and wired as intended.

Schema validation uses the kubernetes-validate package (PyPI) when it is importable;
it is not a workspace dependency yet, so without it that test is skipped and the
structural checks below still run. CloudNativePG resources are custom resources,
outside the Kubernetes schemas: they are checked structurally only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from servicekit.settings import DEFAULT_PORTS

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32"
CUSTOM_KINDS = {"Cluster", "Database"}


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
    assert kinds.count("Deployment") == 4
    assert kinds.count("Database") == 4
    assert all(doc["metadata"].get("namespace", "kpd") == "kpd" for doc in rendered)


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_service_deployment_has_probes_resources_and_migration(service: str) -> None:
    deployment = of_kind("Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    [migrate] = pod["initContainers"]
    assert migrate["command"] == ["python", "-m", "servicekit.migrate", "--service", service]
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
    for service in DEFAULT_PORTS:
        name = f"kpd_{service}"
        assert roles[name]["login"] is True
        assert roles[name]["passwordSecret"]["name"] == f"kpd-pg-{service}"
        assert databases[name]["owner"] == name
        assert databases[name]["cluster"]["name"] == cluster["metadata"]["name"]


def test_runbook_names_every_secret_and_config_map_the_manifests_need() -> None:
    text = "\n".join(yaml.safe_dump(doc) for doc in manifests())
    text += (K8S / "nats" / "values.yaml").read_text(encoding="utf-8")
    wanted = r"kpd-(?:nats-users|pg-\w+|checkpoint-\w+|jwks|policy|nats-auth)"
    needed = set(re.findall(rf"(?:secretName|name): ({wanted})\b", text))
    assert {"kpd-nats-users", "kpd-jwks", "kpd-policy", "kpd-nats-auth"} <= needed
    assert {f"kpd-pg-{s}" for s in DEFAULT_PORTS} <= needed
    runbook = (REPO / "docs" / "runbook.md").read_text(encoding="utf-8")
    # Per-service names are created in a loop over $s in the runbook.
    per_service = re.compile(rf"-({'|'.join(DEFAULT_PORTS)})$")
    missing = {n for n in needed if n not in runbook and per_service.sub("-$s", n) not in runbook}
    assert not missing
