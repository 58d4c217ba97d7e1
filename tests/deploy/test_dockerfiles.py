"""The service and workbench Dockerfiles: multi-stage, own distribution only, non-root.

No Docker engine here, so the files are checked for what the issue asks; the
uv commands they run are the workspace's own (`uv sync --frozen --package …`).
The five services share one body; the workbench has its own file (a front-end
stage, `kpd user`, no NATS) whose builder stage is the shared body's.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from servicekit.core.settings import DEFAULT_PORTS, WORKBENCH_PORT

REPO = Path(__file__).resolve().parents[2]
DOCKER_DIR = REPO / "deploy" / "docker"
BODY_MARKER = "# ---- shared body"
WORKBENCH = "workbench"
WORKBENCH_PACKAGE = REPO / "services" / "workbench" / "src" / "workbench"


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


def test_bodies_are_identical_so_the_five_images_are_built_alike() -> None:
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


# ---- the build context (.dockerignore) -----------------------------------------------


def _ignore_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Docker reads it: ``*`` and ``?`` within a path
    segment, ``**`` across segments, leading and trailing slashes dropped."""
    pattern = pattern.strip("/")
    regex, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            regex, i = regex + ".*", i + 2
        elif pattern[i] == "*":
            regex, i = regex + "[^/]*", i + 1
        elif pattern[i] == "?":
            regex, i = regex + "[^/]", i + 1
        else:
            regex, i = regex + re.escape(pattern[i]), i + 1
    return re.compile(regex + r"\Z")


def in_build_context(ignore_text: str, path: str) -> bool:
    """Whether ``path`` reaches the build: the last pattern matching it or one of its
    parent directories decides, ``!`` re-including."""
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for line in ignore_text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        regex = _ignore_regex(line.removeprefix("!"))
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negated
    return not excluded


def test_the_ignore_matcher_reads_patterns_as_docker_does() -> None:
    ignore = "*\n!services/\nservices/a/node_modules/\n**/__pycache__\n!keep/**/*.txt\n"
    assert in_build_context(ignore, "services/a/x.py")
    assert not in_build_context(ignore, "services/a/node_modules/pkg/index.js")
    assert not in_build_context(ignore, "services/a/__pycache__/x.pyc")
    assert not in_build_context(ignore, ".env")
    assert not in_build_context(ignore, "servicesx/a.py")
    assert in_build_context(ignore, "keep/deep/er/a.txt")
    assert not in_build_context(ignore, "keep/deep/er/a.md")


def copy_sources(dockerfile_text: str, service: str) -> list[str]:
    """Every build-context path a COPY reads (not --from), ${SERVICE} resolved."""
    sources = []
    for line in re.findall(r"^COPY (?!--from)([^\n]+)$", dockerfile_text, re.MULTILINE):
        words = [w for w in line.split() if not w.startswith("--")]
        sources += [s.replace("${SERVICE}", service) for s in words[:-1]]
    return sources


@pytest.mark.parametrize("service", [*DEFAULT_PORTS, WORKBENCH])
def test_everything_a_dockerfile_copies_is_in_its_build_context(service: str) -> None:
    ignore = (DOCKER_DIR / f"{service}.Dockerfile.dockerignore").read_text(encoding="utf-8")
    sources = copy_sources(dockerfile(service), service)
    assert f"services/{service}/src" in sources
    for source in sources:
        path = REPO / source
        assert path.exists(), source
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        assert files, source
        for file in files:
            relative = file.relative_to(REPO).as_posix()
            if "__pycache__" in relative or "/tests/" in relative:
                continue
            assert in_build_context(ignore, relative), relative
    for secret in (".env", "deploy/secrets/issuer-1.pem", "var/keys/dev-jwt-ed25519.pem"):
        assert not in_build_context(ignore, secret), secret


# ---- the workbench image -------------------------------------------------------------


def stages(text: str) -> dict[str, str]:
    """Each ``FROM … AS name`` stage's lines up to the next FROM, trailing comments dropped."""
    found: dict[str, str] = {}
    pieces = re.split(r"^(?=FROM )", text, flags=re.MULTILINE)
    for piece in pieces[1:]:
        name = re.match(r"FROM \S+ AS (\w+)\n", piece)
        assert name, piece.splitlines()[0]
        lines = piece.rstrip("\n").splitlines()
        while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
            lines.pop()
        found[name.group(1)] = "\n".join(lines)
    return found


def workbench_header() -> dict[str, str]:
    head = dockerfile(WORKBENCH).split("\nFROM ", 1)[0]
    return dict(re.findall(r"^ARG (\w+)=(.*)$", head, re.MULTILINE))


def test_workbench_image_builds_only_its_own_distribution_like_the_services() -> None:
    text = dockerfile(WORKBENCH)
    assert BODY_MARKER not in text, "not one of the five: its own checks are here"
    args = workbench_header()
    assert args["SERVICE"] == WORKBENCH
    assert args["PORT"] == str(WORKBENCH_PORT)
    assert args["NODE_IMAGE"].startswith("node:22-")
    _, body = header_and_body("registry")
    shared_args = dict(re.findall(r"^ARG (\w+)=(.*)$", body, re.MULTILINE))
    assert args["PYTHON_IMAGE"] == shared_args["PYTHON_IMAGE"]
    assert args["UV_IMAGE"] == shared_args["UV_IMAGE"]
    own = stages(text)
    assert list(own) == ["uv", "frontend", "builder", "runtime"]
    # Line for line the five services' builder: the same uv sync of kpd-${SERVICE} only.
    assert own["builder"] == stages(body)["builder"]
    pyproject = tomllib.loads((REPO / "services/workbench/pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["name"] == f"kpd-{args['SERVICE']}"
    syncs = re.findall(r"uv sync ([^\n]+)", own["builder"])
    assert len(syncs) == 2
    assert all('--package "kpd-${SERVICE}"' in command for command in syncs)
    assert "--no-editable" in syncs[-1]
    # Nothing of the workspace reaches the runtime except through the builder's venv.
    runtime = own["runtime"]
    assert re.findall(r"^COPY --from=(\w+)", runtime, re.MULTILINE) == ["builder"]
    assert "provision_streams.py" not in text, "the workbench has no NATS"


def test_workbench_runtime_is_non_root_with_a_health_check() -> None:
    runtime = stages(dockerfile(WORKBENCH))["runtime"]
    assert "COPY --from=builder /opt/venv /opt/venv" in runtime
    [user] = re.findall(r"^USER (\S+)$", runtime, re.MULTILINE)
    assert user == "10001:10001"
    assert "useradd --system --uid 10001 --gid kpd" in runtime
    assert "groupadd --system --gid 10001 kpd" in runtime
    [check] = re.findall(r"^HEALTHCHECK [^\n]*\\\n\s+CMD ([^\n]+)$", runtime, re.MULTILINE)
    assert "/healthz" in check
    assert "KPD_HTTP_PORT=${PORT}" in runtime
    assert "KPD_SERVICE=${SERVICE}" in runtime
    assert "KPD_DEMO_ACCOUNTS=off" in runtime
    # The command resolves to workbench.main:app_factory, which exists.
    [command] = re.findall(r"^CMD (.+)$", runtime, re.MULTILINE)
    assert '--factory \\"${KPD_SERVICE}.main:app_factory\\"' in command
    main_py = (WORKBENCH_PACKAGE / "main.py").read_text(encoding="utf-8")
    assert "def app_factory() -> FastAPI:" in main_py
    assert "EXPOSE ${PORT}" in runtime


def vendored_files() -> set[str]:
    """The files the templates load from /static/vendor."""
    names = set()
    for template in (WORKBENCH_PACKAGE / "templates").rglob("*.html"):
        names |= set(re.findall(r'"/static/vendor/([^"]+)"', template.read_text("utf-8")))
    return names


def test_workbench_image_serves_the_vendor_files_from_the_lock() -> None:
    text = dockerfile(WORKBENCH)
    frontend = stages(text)["frontend"]
    runtime = stages(text)["runtime"]
    needed = vendored_files()
    assert needed == {"htmx.min.js", "echarts.min.js"}
    # npm ci from the committed lock, as scripts/frontend.sh does for `make up`.
    lock = "services/workbench/frontend/package-lock.json"
    assert lock in copy_sources(frontend, WORKBENCH)
    assert "npm ci " in frontend
    copied = {
        target: source
        for source, target in re.findall(r"cp (node_modules/\S+) vendor/(\S+)", frontend)
    }
    assert set(copied) == needed
    script = (REPO / "scripts" / "frontend.sh").read_text(encoding="utf-8")
    for target, source in copied.items():
        assert f'cp "$frontend/{source}" "$vendor/{target}"' in script
    packages = json.loads((REPO / lock).read_text(encoding="utf-8"))["packages"]
    for source in copied.values():
        assert "node_modules/" + source.split("/")[1] in packages, source
    # …into the installed package, at the directory the app serves /static from.
    [install] = re.findall(
        r"^RUN --mount=type=bind,from=frontend,[^\n]*\n(?:\s[^\n]*\n)+",
        runtime + "\n",
        re.MULTILINE,
    )
    assert (
        'from workbench.web import PACKAGE_DIR; print(PACKAGE_DIR / "static" / "vendor")' in install
    )
    assert all(f"/tmp/vendor/{name}" in install for name in needed)
    web = (WORKBENCH_PACKAGE / "web.py").read_text(encoding="utf-8")
    assert "PACKAGE_DIR = Path(__file__).resolve().parent" in web
    main_py = (WORKBENCH_PACKAGE / "main.py").read_text(encoding="utf-8")
    assert 'app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static")' in main_py
    # A local `make frontend` never reaches the build: the lock decides what is served.
    ignore = (DOCKER_DIR / "workbench.Dockerfile.dockerignore").read_text(encoding="utf-8")
    for name in needed:
        assert not in_build_context(
            ignore, f"services/workbench/src/workbench/static/vendor/{name}"
        )
    assert not in_build_context(
        ignore, "services/workbench/frontend/node_modules/htmx.org/package.json"
    )
    assert in_build_context(ignore, lock)
    assert in_build_context(ignore, "services/workbench/src/workbench/static/app.css")


def image_layout(root: Path) -> Path:
    """The runtime stage's `kpd user` files (its COPY lines) under ``root``; the script."""
    runtime = stages(dockerfile(WORKBENCH))["runtime"]
    script: Path | None = None
    lines: list[str] = re.findall(r"^COPY (?!--from)([^\n]+)$", runtime, re.MULTILINE)
    for line in lines:
        *sources, target = [w for w in line.split() if not w.startswith("--")]
        if not target.startswith("/opt/kpd/"):
            continue
        for source in sources:
            destination = root / target.lstrip("/")
            if target.endswith("/"):
                destination = destination / Path(source).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / source, destination)
            if source == "deploy/scripts/kpd_user.py":
                script = destination
    assert script is not None, "the runtime stage copies deploy/scripts/kpd_user.py"
    assert "/opt/kpd/bin:" in runtime, "and puts it on PATH"
    return script


def test_kpd_user_in_the_image_needs_only_what_the_image_has() -> None:
    # The copied CLI modules import the standard library, servicekit and workbench only
    # (the image's distribution), never another kpd module or a CLI-only package.
    copied = {"__init__", "user"}
    for name in copied:
        tree = ast.parse((REPO / "cli/src/kpd" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                if node.module == "kpd":
                    modules = [f"kpd.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top == "kpd":
                    assert module.split(".")[1] in copied, module
                else:
                    assert top in sys.stdlib_module_names | {"servicekit", "workbench"}, module


def test_kpd_user_runs_from_the_image_layout(tmp_path: Path) -> None:
    script = image_layout(tmp_path / "image")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPD_")}
    env |= {"KPD_VAR_DIR": str(tmp_path / "var"), "KPD_DATABASE_URL": ""}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], input=stdin, env=env, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip

    # The copy, not the checkout's kpd, is what the script imports.
    where = run("-c", f"import runpy, sys; runpy.run_path({str(script)!r}, run_name='x'); "
                "print(sys.modules['kpd.user'].__file__)")  # fmt: skip
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == tmp_path / "image/opt/kpd/cli/kpd/user.py"

    migrated = run("-m", "servicekit.runtime.migrate", "--service", WORKBENCH)
    assert migrated.returncode == 0, migrated.stderr
    added = run(str(script), "user", "add", "zhang.wei", "--role", "office",
                "--password-stdin", stdin="a-long-enough-password\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = run(str(script), "user", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[:2] == ["zhang.wei", "office"]
    refused = run(str(script), "up")
    assert refused.returncode == 2
    assert "invalid choice: 'up'" in refused.stderr
