#!/usr/bin/env bash
# Issue 2's load benchmark in one command: build, start a private PostgreSQL, drive the real Metronome
# server with wrk (single events, NDJSON batches) and PostgreSQL with pgbench, print the comparison and
# write bench/results/tick-load-DATE.md.
#
#   bench/tick-load.sh                                  # 64 connections, 15 s per phase
#   bench/tick-load.sh --duration 5 --warmup 1          # a quick check
#   bench/tick-load.sh --connections 32 --batch 5000
#
# Every argument goes to `metronome-bench tick-load` (see `--help` there). Environment:
#   POSTGRES_PORT (25432), BENCH_WORK (bench/results/tmp). wrk and PostgreSQL are installed with
#   apt-get when missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$repo/bench/results/tmp}/tick-load
pg_port=${POSTGRES_PORT:-25432}

if ! command -v wrk >/dev/null 2>&1; then
    echo "== installing wrk"
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk
fi

echo "== building (Release)"
dotnet build "$repo/bench/Metronome.Bench" -c Release -nologo -v quiet -clp:ErrorsOnly
if ! dotnet build "$repo/src/Metronome.Cli" -c Release -o "$repo/.build/cli" -nologo -v quiet -clp:ErrorsOnly; then
    # A shared working tree may be mid-change; an earlier build of the server still measures something real.
    [[ -f $repo/.build/cli/metronome.dll ]] || exit 1
    echo "== WARNING: the server build failed; using the existing .build/cli/metronome.dll from $(date -r "$repo/.build/cli/metronome.dll" '+%F %T')" >&2
fi

mkdir -p "$work"
# PostgreSQL refuses to run as root and its user must reach the cluster's directory: a temp dir works.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/metronome-tick-load-pg.XXXXXX")
trap '"$repo/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
echo "== starting PostgreSQL on 127.0.0.1:$pg_port"
"$repo/scripts/postgres.sh" start "$pg_dir" "$pg_port"

echo "== running"
cd "$repo"
dotnet "$repo/bench/Metronome.Bench/bin/Release/net10.0/metronome-bench.dll" tick-load \
    --work "$work" \
    --postgres-port "$pg_port" \
    --postgres-bin "$("$repo/scripts/postgres.sh" bin)" \
    "$@"
