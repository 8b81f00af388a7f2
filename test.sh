#!/usr/bin/env bash
# Installs what the tests need and runs every test. CI runs this on a clean checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null; then
  echo "test.sh: the .NET SDK (dotnet) is required" >&2
  exit 1
fi

# System packages the tests drive for real: Chromium for the browser tests, rsyslog and logger for syslog.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rsyslogd >/dev/null || missing+=(rsyslog)
command -v logger >/dev/null || missing+=(bsdutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== build"
dotnet build Metronome.slnx -c Release -nologo -clp:ErrorsOnly
# The end-to-end tests drive the real binary, built the way ./metronome builds it.
./metronome --help >/dev/null

echo "== test"
log="$(mktemp)"
status=0
dotnet test Metronome.slnx -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log" || status=$?

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
