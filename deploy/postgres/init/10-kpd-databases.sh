#!/usr/bin/env bash
# One role and one database per kpd service (architecture.md §3) and one for the
# workbench's user directory, created by the official postgres image on its first
# start (/docker-entrypoint-initdb.d). Each role owns its database and nothing else,
# so the migration step can create its schema there and no service can read another's
# event store. A volume initialised before the workbench existed: docs/runbook.md,
# "工作台".
# Passwords come from KPD_PG_<SERVICE>_PASSWORD; KPD_PG_PREFIX (default "kpd")
# names the roles and databases, e.g. kpd_registry.
set -euo pipefail

prefix="${KPD_PG_PREFIX:-kpd}"

for service in registry issues scheduling assessment notify workbench; do
    var="KPD_PG_${service^^}_PASSWORD"
    password="${!var:?$var must be set}"
    name="${prefix}_${service}"
    # psql variables quote the identifier and the literal: no injection through a password.
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" \
        --dbname "${POSTGRES_DB:-postgres}" \
        --set=name="$name" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
    echo "kpd: database ${name} owned by role ${name}"
done
