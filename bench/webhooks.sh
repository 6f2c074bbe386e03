#!/usr/bin/env bash
# Webhook benchmark (docs/BENCHMARKS.md, "Webhooks"): starts the app on the embedded emulator and a local receiver;
# measures PATCH -> webhook latency at a fixed change rate and the delivery worker's throughput.
# Usage: bench/webhooks.sh [changesPerSecond] [latencySeconds] [deliveries] [subscriptions]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.todostreams.notify.WebhookBenchmark "$@"
