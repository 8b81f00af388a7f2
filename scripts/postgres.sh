#!/usr/bin/env bash
# A private PostgreSQL cluster for benchmarks and integration tests.
#
#   scripts/postgres.sh start DIR PORT   install if missing, initdb (once), start on 127.0.0.1:PORT, wait until ready
#   scripts/postgres.sh stop DIR         stop the cluster in DIR (fast shutdown)
#   scripts/postgres.sh status DIR       exit 0 when the cluster in DIR accepts connections
#   scripts/postgres.sh bin              print the directory of the server binaries (pg_ctl, pgbench, psql)
#
# Everything lives under DIR: data/ (the cluster), postgres.log, port; the unix socket goes in DIR too.
# Authentication is `trust` for the superuser `postgres`, over 127.0.0.1 only. Durability settings stay
# at PostgreSQL's defaults (fsync=on, synchronous_commit=on). As root, the server runs as the `postgres`
# user (PostgreSQL refuses to run as root), so DIR is handed to that user. Every command is idempotent.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

bin_dir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x $dir/pg_ctl ]] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; }
    return 1
}

# Debian (bookworm) ships PostgreSQL 15 as `postgresql`; pgbench comes with postgresql-contrib on older
# releases and with the server package on newer ones.
ensure_installed() {
    bin_dir >/dev/null && [[ -x "$(bin_dir)/pgbench" ]] && return 0
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is missing and apt-get is not available"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "PostgreSQL is missing; run as root or install it"
        sudo=(sudo)
    fi
    log "installing postgresql with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql postgresql-contrib >&2
    bin_dir >/dev/null || die "apt-get installed postgresql but no pg_ctl was found"
}

# Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

is_ready() {
    local dir="$1" port
    [[ -f $dir/port ]] || return 1
    port=$(<"$dir/port")
    "$(bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1
}

start() {
    local dir port
    dir=$(abs_dir "$1")
    port="$2"
    [[ $port =~ ^[0-9]+$ ]] || die "bad port '$port'"
    ensure_installed
    local bin
    bin=$(bin_dir)
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (the postgresql package creates it)"
        chown postgres "$dir"
        # The server must reach DIR: every parent needs search permission for `postgres`.
        runuser -u postgres -- test -x "$dir" || die "user postgres cannot reach $dir; use a directory under /tmp"
    fi
    if [[ -f $dir/data/postmaster.pid ]] && is_ready "$dir"; then
        log "already running in $dir on port $(<"$dir/port")"
        return 0
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    echo "$port" >"$dir/port"
    # fsync and synchronous_commit are on by default; they are named so the log shows what was measured.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 120 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=on -c synchronous_commit=on -c max_connections=200" \
        start >/dev/null || { tail -n 30 "$dir/postgres.log" >&2; die "pg_ctl start failed"; }
    local i
    for ((i = 0; i < 120; i++)); do
        is_ready "$dir" && { log "ready on 127.0.0.1:$port ($dir)"; return 0; }
        sleep 1
    done
    die "the server in $dir did not accept connections within 120 s"
}

stop() {
    local dir="$1"
    [[ -d $dir ]] || return 0
    dir=$(cd "$dir" && pwd)
    [[ -f $dir/data/postmaster.pid ]] || return 0
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

case "${1:-}" in
    start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
    stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
    status) [[ $# -eq 2 ]] || usage; is_ready "$(cd "$2" && pwd)" ;;
    bin) ensure_installed; bin_dir ;;
    *) usage ;;
esac
