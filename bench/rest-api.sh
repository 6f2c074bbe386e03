#!/usr/bin/env bash
# REST API benchmark (docs/BENCHMARKS.md, "REST API"): starts the app on the embedded emulator and measures
# GET by id, POST and PATCH status next to a trivial endpoint with 1, 8 and 32 concurrent clients.
# Usage: bench/rest-api.sh [measureSeconds] [warmupSeconds] [endpointFilter] [initialWarmupSeconds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.todostreams.todo.RestApiBenchmark "$@"
