#!/usr/bin/env bash
# A private ClickHouse server for benchmarks and integration tests.
#
#   scripts/clickhouse.sh start DIR HTTP_PORT TCP_PORT   install if missing, start, wait until it answers
#   scripts/clickhouse.sh wait DIR [SECONDS]             wait until the server in DIR answers SELECT 1
#   scripts/clickhouse.sh stop DIR                       stop the server in DIR (by its pid)
#   scripts/clickhouse.sh status DIR                     exit 0 when the server in DIR answers
#
# Everything lives under DIR: config.xml, users.xml, data/, tmp/, log/, clickhouse.pid, http_port.
# The server listens on 127.0.0.1 only and runs as the current user. Every command is idempotent:
# `start` on a running server just waits for it, `stop` on a stopped one does nothing.
set -euo pipefail

die() { echo "clickhouse.sh: $*" >&2; exit 1; }
log() { echo "clickhouse.sh: $*" >&2; }

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# Debian (bookworm) ships ClickHouse 18.16 as clickhouse-server and clickhouse-client.
ensure_installed() {
    local missing=()
    command -v clickhouse-server >/dev/null 2>&1 || missing+=(clickhouse-server)
    command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install them"
        sudo=(sudo)
    fi
    log "installing ${missing[*]} with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    # policy-rc.d usually stops the package from starting its system-wide service; either way ours is
    # separate (own ports, own data dir).
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >&2
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

pid_of() {
    local pidfile="$1/clickhouse.pid"
    [[ -f $pidfile ]] || return 1
    local pid
    pid=$(<"$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    # Guard against a recycled pid: the process must still be a ClickHouse server.
    [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q clickhouse || return 1
    echo "$pid"
}

answers() {
    local port="$1"
    [[ $(curl -fsS --max-time 2 "http://127.0.0.1:$port/?query=SELECT%201" 2>/dev/null) == 1 ]]
}

port_in_use() {
    # /dev/tcp succeeds when something accepts on the port.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

write_config() {
    local dir="$1" http="$2" tcp="$3"
    mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
    # Root element <yandex> is what 18.16 reads; current releases still accept it.
    # No interserver_http_port / https / mysql ports: nothing to collide with other instances.
    cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/clickhouse-server.log</log>
        <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <max_connections>256</max_connections>
    <keep_alive_timeout>10</keep_alive_timeout>
    <max_concurrent_queries>64</max_concurrent_queries>
    <mark_cache_size>1073741824</mark_cache_size>
    <uncompressed_cache_size>1073741824</uncompressed_cache_size>
    <mlock_executable>false</mlock_executable>
</yandex>
EOF
    cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>10000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
    echo "$http" >"$dir/http_port"
    echo "$tcp" >"$dir/tcp_port"
}

cmd_wait() {
    local dir seconds="${2:-60}"
    dir=$(abs_dir "$1")
    [[ -f $dir/http_port ]] || die "$dir has no http_port: was it started with 'start'?"
    local port
    port=$(<"$dir/http_port")
    local deadline=$((SECONDS + seconds))
    until answers "$port"; do
        if ! pid_of "$dir" >/dev/null; then
            tail -n 20 "$dir/log/clickhouse-server.err.log" "$dir/log/stdout.log" 2>/dev/null >&2 || true
            die "server in $dir is not running"
        fi
        ((SECONDS < deadline)) || die "server in $dir did not answer on 127.0.0.1:$port within ${seconds}s"
        sleep 0.2
    done
}

cmd_start() {
    [[ $# -eq 3 ]] || usage
    local dir http="$2" tcp="$3"
    [[ $http =~ ^[0-9]+$ && $tcp =~ ^[0-9]+$ ]] || die "ports must be numbers"
    dir=$(abs_dir "$1")
    ensure_installed
    if pid_of "$dir" >/dev/null; then
        local running
        running=$(cat "$dir/http_port" 2>/dev/null || echo "?")
        [[ $running == "$http" ]] || die "server in $dir already runs on port $running, not $http"
        cmd_wait "$dir"
        log "already running (pid $(pid_of "$dir"), http $http)"
        return 0
    fi
    port_in_use "$http" && die "port $http is already in use on 127.0.0.1"
    port_in_use "$tcp" && die "port $tcp is already in use on 127.0.0.1"
    write_config "$dir" "$http" "$tcp"
    rm -f "$dir/clickhouse.pid"
    # setsid: the server must not receive the caller's Ctrl-C; `stop` ends it by pid.
    setsid clickhouse-server --config-file="$dir/config.xml" \
        >"$dir/log/stdout.log" 2>&1 </dev/null &
    echo $! >"$dir/clickhouse.pid"
    cmd_wait "$dir" 60
    log "started (pid $(<"$dir/clickhouse.pid"), http 127.0.0.1:$http, tcp 127.0.0.1:$tcp, dir $dir)"
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    local dir pid
    dir=$(abs_dir "$1")
    if ! pid=$(pid_of "$dir"); then
        rm -f "$dir/clickhouse.pid"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop in 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/clickhouse.pid"
    log "stopped (pid $pid)"
}

cmd_status() {
    [[ $# -eq 1 ]] || usage
    local dir
    dir=$(abs_dir "$1")
    pid_of "$dir" >/dev/null && [[ -f $dir/http_port ]] && answers "$(<"$dir/http_port")"
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    wait) [[ $# -ge 1 && $# -le 2 ]] || usage; cmd_wait "$@" ;;
    status) cmd_status "$@" ;;
    *) usage ;;
esac
