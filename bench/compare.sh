#!/usr/bin/env bash
# Measures a scenario on an earlier commit and on the working tree, alternately, in the same session:
# the figure before a change next to the figure after it, on the same machine under the same load.
# Usage: bench/compare.sh <base-ref> <throughput|burst> [rounds=2] [driver options...]
#   e.g. bench/compare.sh e07d390 throughput 2
#        bench/compare.sh e07d390 burst 3 --followers 2000 --latency 8
# CURRENT_REF=<ref> measures that commit instead of the working tree (the driver is always the working tree's).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?base ref}"; scenario="${2:?throughput or burst}"; rounds="${3:-2}"; shift $(( $# < 3 ? $# : 3 ))
extra=("$@")
if [[ ${#extra[@]} -eq 0 ]]; then
  if [[ "$scenario" == throughput ]]; then extra=(--concurrency 64 --warmup 40 --seconds 20); else extra=(--followers 2000 --latency 8); fi
fi

work="$(mktemp -d)"
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; git worktree remove --force "$work/current" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/base" "$base"
dotnet build "$work/base/src/WebApi" -c Release -nologo -v quiet
current_app=src/WebApi/bin/Release/net10.0/WeChatGpt.WebApi.dll
current_name="$(git rev-parse --short HEAD)+working tree"
if [[ -n "${CURRENT_REF:-}" ]]; then
  git worktree add --detach -q "$work/current" "$CURRENT_REF"
  dotnet build "$work/current/src/WebApi" -c Release -nologo -v quiet
  current_app="$work/current/src/WebApi/bin/Release/net10.0/WeChatGpt.WebApi.dll"
  current_name="$CURRENT_REF"
else
  dotnet build src/WebApi -c Release -nologo -v quiet
fi
dotnet build bench/LoadDriver -c Release -nologo -v quiet
driver=bench/LoadDriver/bin/Release/net10.0/WeChatGpt.Bench.LoadDriver.dll
for round in $(seq 1 "$rounds"); do
  for side in base current; do
    app="$current_app"
    [[ "$side" == base ]] && app="$work/base/src/WebApi/bin/Release/net10.0/WeChatGpt.WebApi.dll"
    echo "=== round $round: $side ($([[ $side == base ]] && echo "$base" || echo "$current_name")) ==="
    dotnet "$driver" "$scenario" --app "$app" "${extra[@]}" || true
  done
done
