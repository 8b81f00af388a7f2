#!/usr/bin/env bash
# The store benchmark of issue 3 in one command: build, start a private ClickHouse, load the same
# workload into every target, run Q1..Q7, print the comparison and write bench/results/*.md.
#
#   bench/store-vs-clickhouse.sh                      # the reference run: 10M events (heavy)
#   bench/store-vs-clickhouse.sh --events 200000      # a quick check
#   bench/store-vs-clickhouse.sh --targets clickhouse --runs 3
#
# Every argument goes to `metronome-bench store` (see `--help` there). Environment:
#   CLICKHOUSE_HTTP_PORT (18123), CLICKHOUSE_TCP_PORT (19000), BENCH_WORK (bench/results/tmp)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$repo/bench/results/tmp}
http_port=${CLICKHOUSE_HTTP_PORT:-18123}
tcp_port=${CLICKHOUSE_TCP_PORT:-19000}
clickhouse_dir=$work/clickhouse

echo "== building (Release)"
dotnet build "$repo/bench/Metronome.Bench" -c Release -nologo -v quiet -clp:ErrorsOnly
# The Metronome target runs the real server binary, built as ./metronome builds it.
if ! dotnet build "$repo/src/Metronome.Cli" -c Release -o "$repo/.build/cli" -nologo -v quiet -clp:ErrorsOnly; then
    # A shared working tree may be mid-change; an earlier build of the server still measures something real.
    [[ -f $repo/.build/cli/metronome.dll ]] || exit 1
    echo "== WARNING: the server build failed; using the existing .build/cli/metronome.dll from $(date -r "$repo/.build/cli/metronome.dll" '+%F %T')" >&2
fi

mkdir -p "$work"
echo "== starting ClickHouse on 127.0.0.1:$http_port"
# A fresh data dir each run: the bench drops and recreates its table anyway, and leftovers of an old
# run (inactive parts waiting for cleanup) would only blur bytes on disk.
"$repo/scripts/clickhouse.sh" stop "$clickhouse_dir"
rm -rf "$clickhouse_dir/data" "$clickhouse_dir/tmp"
trap '"$repo/scripts/clickhouse.sh" stop "$clickhouse_dir"' EXIT
"$repo/scripts/clickhouse.sh" start "$clickhouse_dir" "$http_port" "$tcp_port"

echo "== running"
cd "$repo"
dotnet "$repo/bench/Metronome.Bench/bin/Release/net10.0/metronome-bench.dll" store \
    --work "$work" \
    --clickhouse-url "http://127.0.0.1:$http_port/" \
    --clickhouse-dir "$clickhouse_dir" \
    "$@"
