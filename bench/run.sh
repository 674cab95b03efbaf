#!/usr/bin/env bash
# Builds the service and the load driver in Release, then runs both webhook benchmarks.
# Usage: bench/run.sh [throughput|burst|all|soak]   (soak: 30 minutes, SOAK_MINUTES to change)   (from the repository root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

dotnet build src/WebApi -c Release -nologo -v quiet
dotnet build bench/LoadDriver -c Release -nologo -v quiet
driver=bench/LoadDriver/bin/Release/net10.0/WeChatGpt.Bench.LoadDriver.dll

if [[ "$what" == all || "$what" == throughput ]]; then
  dotnet "$driver" throughput --concurrency 64 --warmup 40 --seconds 20
fi
if [[ "$what" == all || "$what" == burst ]]; then
  dotnet "$driver" burst --followers 2000 --latency 8
fi
if [[ "$what" == soak ]]; then
  dotnet "$driver" soak --minutes "${SOAK_MINUTES:-30}" --rate 200
fi
