# syntax=docker/dockerfile:1.7
# kpd workbench image (the browser pages, port 8000). Build from the repository root:
#   docker build -f deploy/docker/workbench.Dockerfile -t kpd-workbench .
# Not one of the five service Dockerfiles with the shared body: the workbench needs a
# front-end stage (htmx and ECharts, which are not in git), carries `kpd user` for the
# operator, and has no NATS (no stream provisioning script). Its builder stage is the
# shared body's, line for line, and the runtime stage keeps the same user, paths, health
# check and command (tests/deploy/test_dockerfiles.py checks both).
ARG SERVICE=workbench
ARG PORT=8000
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${UV_IMAGE} AS uv

# Front end: what scripts/frontend.sh does for `make up` — `npm ci` from the lock file,
# then the two minified files and their versions into vendor/.
FROM ${NODE_IMAGE} AS frontend
WORKDIR /frontend
COPY services/workbench/frontend/package.json services/workbench/frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --ignore-scripts \
    && mkdir vendor \
    && cp node_modules/htmx.org/dist/htmx.min.js vendor/htmx.min.js \
    && cp node_modules/echarts/dist/echarts.min.js vendor/echarts.min.js \
    && node -e 'const p = require("./package-lock.json").packages; for (const n of ["htmx.org", "echarts"]) console.log(n, p["node_modules/" + n].version)' \
        > vendor/VERSIONS

FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
# Every member's pyproject.toml so that uv sees the workspace the lock was made for;
# this layer is rebuilt only when the lock or a pyproject changes.
COPY pyproject.toml uv.lock ./
COPY contracts/pyproject.toml contracts/
COPY libs/servicekit/pyproject.toml libs/servicekit/
COPY cli/pyproject.toml cli/
COPY services/registry/pyproject.toml services/registry/
COPY services/issues/pyproject.toml services/issues/
COPY services/scheduling/pyproject.toml services/scheduling/
COPY services/assessment/pyproject.toml services/assessment/
COPY services/notify/pyproject.toml services/notify/
COPY services/workbench/pyproject.toml services/workbench/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "kpd-${SERVICE}"
COPY contracts/src contracts/src
COPY libs/servicekit/src libs/servicekit/src
COPY services/${SERVICE}/src services/${SERVICE}/src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package "kpd-${SERVICE}"

# Runtime: slim Python, the venv, the front-end files, a non-root user. The same image
# runs the workbench, its migration (python -m servicekit.runtime.migrate --service workbench)
# and `kpd user` (the operator's account management, docs/runbook.md "工作台").
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
ARG PORT
RUN groupadd --system --gid 10001 kpd \
    && useradd --system --uid 10001 --gid kpd --home-dir /var/lib/kpd --create-home \
        --shell /usr/sbin/nologin kpd \
    # Owned by kpd: the volume mounted here holds the session and CSRF keys.
    && install -d -o kpd -g kpd -m 0700 /var/lib/kpd/keys
COPY --from=builder /opt/venv /opt/venv
# The rule parameters as shipped (the issue pages read the duty matrix); a deployment
# mounts its own over this path.
COPY config/policy.yaml /etc/kpd/policy.yaml
RUN mkdir -p /opt/venv/config && ln -s /etc/kpd/policy.yaml /opt/venv/config/policy.yaml
# htmx and ECharts go where the app serves /static from (workbench.web.PACKAGE_DIR /
# "static", i.e. the installed package): the wheel does not carry them, since the build
# context leaves static/vendor out (.dockerignore) and they come from the lock only.
RUN --mount=type=bind,from=frontend,source=/frontend/vendor,target=/tmp/vendor \
    vendor="$(/opt/venv/bin/python -B -c 'from workbench.web import PACKAGE_DIR; print(PACKAGE_DIR / "static" / "vendor")')" \
    && install -d -m 0755 "${vendor}" \
    && install -m 0644 /tmp/vendor/htmx.min.js /tmp/vendor/echarts.min.js /tmp/vendor/VERSIONS "${vendor}/"
# `kpd user` without the rest of the CLI (launcher, audit, nats-server): the module is
# copied unchanged; it needs only servicekit and the workbench's directory.
COPY cli/src/kpd/__init__.py cli/src/kpd/user.py /opt/kpd/cli/kpd/
COPY --chmod=0755 deploy/scripts/kpd_user.py /opt/kpd/bin/kpd
ENV PATH=/opt/venv/bin:/opt/kpd/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/kpd \
    KPD_SERVICE=${SERVICE} \
    KPD_HTTP_PORT=${PORT} \
    KPD_VAR_DIR=/var/lib/kpd \
    KPD_POLICY_FILE=/etc/kpd/policy.yaml \
    KPD_DEMO_ACCOUNTS=off
WORKDIR /var/lib/kpd
USER 10001:10001
EXPOSE ${PORT}
# Liveness only: /readyz also needs the user directory's store, which orchestrators check apart.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['KPD_HTTP_PORT'] + '/healthz', timeout=2)"
CMD ["sh", "-c", "exec python -m uvicorn --factory \"${KPD_SERVICE}.main:app_factory\" --host 0.0.0.0 --port \"${KPD_HTTP_PORT}\" --no-access-log"]
