#!/usr/bin/env bash
# Issue 4's end-to-end ingest benchmark: ~100 KiB logplex bodies of Heroku router lines (Logplex's batch
# size; BODIES distinct bodies, cycled, so the stored lines are as unique as a real drain's) POSTed over
# HTTP to the real server (parsed, stored durably, 204), the same bodies loaded with `metronome import
# --format logplex`, then the same lines ingested by ClickHouse over HTTP with the same fields extracted,
# and ClickHouse's parsing alone on one core.
#
#   bench/drains/drain-load.sh                              # 20 s, 2 wrk threads, 8 connections
#   DURATION=10 CONNECTIONS=4 bench/drains/drain-load.sh
#   SKIP_CLICKHOUSE=1 bench/drains/drain-load.sh
#
# Environment: DURATION (20), WARMUP (3: seconds of load before the timed phase; 40 reaches the steady
# state, with the first merges running), CONNECTIONS (8), PORT (18480), TSV_LINES (1000000), BODIES (1000), PARSE_SECONDS (10), CLICKHOUSE_HTTP_PORT
# (18123), CLICKHOUSE_TCP_PORT (19000), BENCH_WORK (bench/results/tmp). Results: bench/drains/results/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/bench/drains"
work=${BENCH_WORK:-$repo/bench/results/tmp}/drains
duration=${DURATION:-20}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-8}
port=${PORT:-18480}
ch_http=${CLICKHOUSE_HTTP_PORT:-18123}
ch_tcp=${CLICKHOUSE_TCP_PORT:-19000}
mkdir -p "$work" "$here/results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

command -v wrk >/dev/null || { echo "== installing wrk"; apt-get install -y -q wrk >/dev/null; }

echo "== building the server (Release) into $work/cli"
dotnet build "$repo/src/Metronome.Cli" -c Release -o "$work/cli" -nologo -v quiet -clp:ErrorsOnly
cli="$work/cli/metronome.dll"

echo "== generating lines"
python3 "$here/make-lines.py" "$work" "${TSV_LINES:-1000000}" "${BODIES:-1000}"
lines_per_body=$(<"$work/body.lines")
body_count=$(wc -l <"$work/bodies.index")
body_lines=$(awk '{n += $3} END {print n}' "$work/bodies.index")

echo "== the decoder alone on one thread (${PARSE_SECONDS:-10} s, before the server starts)"
dotnet build "$repo/bench/Metronome.Bench" -c Release -o "$work/bench" -nologo -v quiet -clp:ErrorsOnly
parse_line=$(dotnet "$work/bench/metronome-bench.dll" drain-parse "$work/body.logplex" "${PARSE_SECONDS:-10}")
echo "$parse_line"
parse_rate=$(sed -E 's/.* = ([0-9]+) lines\/s;.*/\1/' <<<"$parse_line")
parse_cpu_ns=$(sed -E 's/.*CPU ([0-9]+) ns\/line.*/\1/' <<<"$parse_line")

data="$work/data"
rm -rf "$data"
key=$(dotnet "$cli" apps create bench --json --data "$data" | python3 -c 'import json,sys; print(json.load(sys.stdin)["writeKey"])')
basic=$(printf 'x:%s' "$key" | base64 -w0)

server_pid=""
ch_dir="$work/clickhouse"
cleanup() {
    [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -z ${SKIP_CLICKHOUSE:-} ]] && "$repo/scripts/clickhouse.sh" stop "$ch_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== starting metronome serve on 127.0.0.1:$port"
dotnet "$cli" serve --port "$port" --data "$data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

accepted() { curl -fs "http://127.0.0.1:$port/metrics" | awk -F' ' '/^metronome_events_accepted_total\{source="logplex"\}/ {print $2}' | head -1; }
url="http://127.0.0.1:$port/drains/logplex"

echo "== warming up (${warmup} s)"
wrk -t2 -c"$connections" -d"${warmup}s" -s "$here/post-logplex.lua" "$url" -- "$work/bodies.logplex" "$work/bodies.index" "$basic" 1 >/dev/null
before=$(accepted); before=${before:-0}
# The server's CPU time (user + system, clock ticks) over the timed phase: per line, it moves much less than
# the wall-clock rate when other work shares the cores.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_before=$(cpu_ticks)
echo "== posting for ${duration} s: $body_count distinct bodies of ~$lines_per_body lines ($body_lines distinct lines), $connections connections"
wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s "$here/post-logplex.lua" "$url" -- "$work/bodies.logplex" "$work/bodies.index" "$basic" 2 | tee "$work/wrk.txt"
after=$(accepted)
ticks_after=$(cpu_ticks)
redelivered=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^metronome_events_accepted_total\{source="logplex_redelivered_frames"\}/ {print $2}' | head -1)
# The load's own duration as wrk reports it: wrk first loads the 100 MB of bodies into each thread (seconds,
# with the server idle), which a wall clock around the command would count as serving time.
seconds=$(sed -nE 's/.* requests in ([0-9.]+)(ms|s|m|h),.*/\1 \2/p' "$work/wrk.txt" | awk '{print $1 * ($2 == "ms" ? 0.001 : $2 == "m" ? 60 : $2 == "h" ? 3600 : 1)}')
start=0; end=$seconds
metronome_rate=$(python3 -c "print(round(($after - $before) / ($end - $start)))")
read -r cpu_us_per_line cores_used < <(python3 -c "
hz = $(getconf CLK_TCK); cpu = ($ticks_after - $ticks_before) / hz; lines = $after - $before
print(round(cpu * 1e6 / max(lines, 1), 2), round(cpu / ($end - $start), 2))")
rejected=$(curl -fs "http://127.0.0.1:$port/metrics" | grep -E '^metronome_events_rejected_total' || true)
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
[[ -n $redelivered && $redelivered != 0 ]] && echo "warning: $redelivered frames were acknowledged as redeliveries (not stored): the runs' frame ids collided"
echo "Metronome: $((after - before)) lines stored durably in $(python3 -c "print(round($end - $start, 1))") s = $metronome_rate lines/s; server CPU $cpu_us_per_line µs per line ($cores_used cores busy)"

echo "== metronome import --format logplex of the same $body_count bodies (offline, durable)"
import_data="$work/import-data"
rm -rf "$import_data"
dotnet "$cli" apps create bench --data "$import_data" >/dev/null
import_line=$(dotnet "$cli" import --format logplex --app bench --data "$import_data" "$work/bodies.logplex" | tail -1)
echo "$import_line"
import_rate=$(sed -nE 's/.*\(([0-9,]+) events\/s\).*/\1/p' <<<"$import_line" | tr -d ,)

ch_ingest=""; ch_parse=""; ch_version=""
if [[ -z ${SKIP_CLICKHOUSE:-} ]]; then
    echo "== ClickHouse reference"
    rm -rf "$ch_dir"
    "$repo/scripts/clickhouse.sh" start "$ch_dir" "$ch_http" "$ch_tcp" >/dev/null
    ch() { curl -fsS "http://127.0.0.1:$ch_http/" --data-binary @- ; }
    ch_version=$(echo "SELECT version()" | ch)
    python3 - "$here/clickhouse-router.sql" <<'PY' | while IFS= read -r -d $'\0' statement; do printf '%s' "$statement" | ch; done
import sys
for block in open(sys.argv[1]).read().split("\n\n"):
    lines = [l for l in block.splitlines() if not l.startswith("--")]
    if any(l.strip() for l in lines):
        sys.stdout.write("\n".join(lines) + "\0")
PY
    tsv_lines=$(wc -l <"$work/router.tsv")
    t0=$(date +%s.%N)
    curl -fsS "http://127.0.0.1:$ch_http/?query=INSERT%20INTO%20router%20FORMAT%20TabSeparated" --data-binary @"$work/router.tsv"
    t1=$(date +%s.%N)
    ch_ingest=$(python3 -c "print(round($tsv_lines / ($t1 - $t0)))")
    curl -fsS "http://127.0.0.1:$ch_http/?query=INSERT%20INTO%20router_raw%20FORMAT%20TabSeparated" --data-binary @"$work/router.tsv"
    best=""
    for _ in 1 2 3; do
        t0=$(date +%s.%N); ch <"$here/clickhouse-parse.sql" >/dev/null; t1=$(date +%s.%N)
        best=$(python3 -c "b='$best'; t=$t1-$t0; print(t if not b or t < float(b) else b)")
    done
    ch_parse=$(python3 -c "print(round($tsv_lines / $best))")
    echo "ClickHouse $ch_version: ingest with extraction $ch_ingest lines/s; extraction alone, 1 thread: $ch_parse lines/s"
fi

report="$here/results/drain-load-$(date +%F).md"
{
    echo "# Drain load $(date '+%F %T')"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before: $load_before"
    echo
    echo "| target | lines/s |"
    echo "|---|---|"
    echo "| Metronome: $body_count distinct logplex bodies of ~$(stat -c %s "$work/body.logplex") B (~$lines_per_body lines; $body_lines distinct lines, cycled) over HTTP, $connections connections, parsed, durable, 204; timed for ${duration} s after ${warmup} s of load | $metronome_rate |"
    echo "| Metronome server CPU per line (user + system; $cores_used cores busy) | $cpu_us_per_line µs |"
    echo "| Metronome: \`metronome import --format logplex\` of the same bodies into a fresh store (one process, parsed, durable) | $import_rate |"
    echo "| Metronome decoder alone, one thread, the same body (\`metronome-bench drain-parse\`) | $parse_rate |"
    echo "| Metronome decoder alone: CPU per line (1e9 / it = lines per CPU-second) | $parse_cpu_ns ns |"
    [[ -n $ch_ingest ]] && echo "| ClickHouse $ch_version: the same kind of lines as one TSV insert over HTTP, fields extracted (MATERIALIZED), MergeTree | $ch_ingest |"
    [[ -n $ch_parse ]] && echo "| ClickHouse: extraction of the same fields alone, max_threads=1 | $ch_parse |"
    [[ -n $ch_ingest ]] && echo && echo "Ratio Metronome/ClickHouse ingest: $(python3 -c "print(round($metronome_rate / $ch_ingest, 2))")"
    [[ -n $ch_ingest && -n $import_rate ]] && echo "Ratio Metronome import/ClickHouse ingest: $(python3 -c "print(round($import_rate / $ch_ingest, 2))")"
    echo
    echo '```'
    cat "$work/wrk.txt"
    echo "$rejected"
    echo '```'
} >"$report"
echo "== report: $report"
