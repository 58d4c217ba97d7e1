# syntax=docker/dockerfile:1.7
# kpd issues service image. Build from the repository root:
#   docker build -f deploy/docker/issues.Dockerfile -t kpd-issues .
# The five service Dockerfiles differ only in these three ARG defaults.
ARG SERVICE=issues
ARG PORT=8002
ARG APT_PACKAGES=""
# ---- shared body: identical in all five Dockerfiles (tests/deploy/test_dockerfiles.py) ----
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

# Builder: the service's own distribution and its dependencies, nothing else of the
# workspace (no dev group, no CLI, no other service), installed non-editable into /opt/venv.
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

# Runtime: slim Python, the venv, a non-root user. The same image runs the service,
# its migration (python -m servicekit.runtime.migrate --service NAME) and, for the registry
# image, the stream provisioning (python /opt/kpd/provision_streams.py).
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
ARG PORT
ARG APT_PACKAGES
RUN if [ -n "${APT_PACKAGES}" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends ${APT_PACKAGES} \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 kpd \
    && useradd --system --uid 10001 --gid kpd --home-dir /var/lib/kpd --create-home \
        --shell /usr/sbin/nologin kpd \
    # Owned by kpd, so that a volume mounted here (the checkpoint signing key) is writable.
    && install -d -o kpd -g kpd -m 0700 /var/lib/kpd/keys
COPY --from=builder /opt/venv /opt/venv
COPY deploy/nats/provision_streams.py /opt/kpd/provision_streams.py
# The rule parameters as shipped; a deployment mounts its own over this path.
COPY config/policy.yaml /etc/kpd/policy.yaml
# servicekit.policy.DEFAULT_POLICY_FILE is <venv>/config/policy.yaml once installed, and
# some application constructors read that default instead of KPD_POLICY_FILE: point it here.
RUN mkdir -p /opt/venv/config && ln -s /etc/kpd/policy.yaml /opt/venv/config/policy.yaml
ENV PATH=/opt/venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/kpd \
    MPLCONFIGDIR=/tmp/matplotlib \
    KPD_SERVICE=${SERVICE} \
    KPD_HTTP_PORT=${PORT} \
    KPD_VAR_DIR=/var/lib/kpd \
    KPD_POLICY_FILE=/etc/kpd/policy.yaml
WORKDIR /var/lib/kpd
USER 10001:10001
EXPOSE ${PORT}
# Liveness only: /readyz also needs NATS and the store, which orchestrators check apart.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['KPD_HTTP_PORT'] + '/healthz', timeout=2)"
CMD ["sh", "-c", "exec python -m uvicorn --factory \"${KPD_SERVICE}.main:app_factory\" --host 0.0.0.0 --port \"${KPD_HTTP_PORT}\" --no-access-log"]
