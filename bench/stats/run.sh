#!/usr/bin/env bash
# The stats API against ClickHouse on the reference workload (issue 6). Starts a private ClickHouse
# with scripts/clickhouse.sh (127.0.0.1:18223, data in bench/results/tmp/stats-clickhouse), builds and
# runs bench/stats with the remaining arguments, stops ClickHouse on exit. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BENCH_WORK:-bench/results/tmp}/stats-clickhouse
port=${CLICKHOUSE_HTTP_PORT:-18223}
scripts/clickhouse.sh start "$dir" "$port" "${CLICKHOUSE_TCP_PORT:-19100}"
trap 'scripts/clickhouse.sh stop "$dir"' EXIT
dotnet build bench/stats -c Release -o .build/stats-bench >/dev/null
dotnet .build/stats-bench/metronome-stats-bench.dll --clickhouse-url "http://127.0.0.1:$port" --clickhouse-pid "$(cat "$dir/clickhouse.pid")" \
    --commit "$(git rev-parse --short HEAD)" "$@"
