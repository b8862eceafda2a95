#!/usr/bin/env bash
# Brings up a local PostgreSQL for the storage tests on a Debian 12 machine, as root, without prompts.
# Idempotent: installs only when missing, starts the cluster only when down, and resetting the password is harmless.
# The password is a throwaway for a loopback-only test cluster, not a secret.
# Progress goes to stderr; stdout is only the export line, so: eval "$(bash .ci/postgres-setup.sh)"
# then run the tests, e.g. dotnet test tests/FhirPriorAuth.Server.Tests (they read FPA_TEST_POSTGRES).
set -euo pipefail

log() { echo "postgres-setup: $*" >&2; }

setup() {
    if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
        log "installing postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
    fi

    # The Debian package creates one cluster; take whichever version it installed.
    version="$(pg_lsclusters --no-header | awk 'NR==1 {print $1}')"
    cluster="$(pg_lsclusters --no-header | awk 'NR==1 {print $2}')"
    port="$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')"
    if [ -z "$version" ]; then
        version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
        cluster=main
        log "creating cluster $version/$cluster"
        pg_createcluster "$version" "$cluster" >/dev/null
        port="$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')"
    fi

    status="$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}')"
    if [[ "$status" != online* ]]; then
        log "starting cluster $version/$cluster"
        pg_ctlcluster "$version" "$cluster" start </dev/null
    fi

    # Wait until it accepts connections (a fresh start takes a moment).
    for _ in $(seq 1 30); do
        if su postgres -c "pg_isready -q -h 127.0.0.1 -p $port"; then break; fi
        sleep 1
    done
    su postgres -c "pg_isready -h 127.0.0.1 -p $port" >/dev/null

    # Password authentication over TCP on 127.0.0.1 is the Debian default (scram-sha-256 in pg_hba.conf).
    su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

    # Tests create their own uniquely named schema inside this database, so one database serves every run.
    if ! su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'fpa_test'\"" | grep -q 1; then
        su postgres -c "createdb -p $port fpa_test"
    fi

    log "ready on 127.0.0.1:$port"
}

# Everything but the export line goes to stderr: tools such as pg_ctlcluster print to stdout
# ("Removed stale pid file."), and the caller evals stdout. A redirection of the call (not `exec 3>&1`)
# matters: bash keeps the caller's stdout in a close-on-exec descriptor, so the server, which outlives
# this script, cannot inherit the caller's $(...) pipe and keep it waiting for an end of file forever.
setup >&2
echo "export FPA_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=fpa_test'"
