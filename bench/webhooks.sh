#!/usr/bin/env bash
# Webhook benchmark (docs/BENCHMARKS.md, "Webhooks"): starts the app on the embedded emulator and a local receiver;
# measures PATCH -> webhook latency at a fixed change rate and the delivery worker's throughput.
# Usage: bench/webhooks.sh [changesPerSecond] [latencySeconds] [deliveries] [subscriptions] [receivers]
#   receivers: comma-separated, each measured in turn: keepalive (default), http10 (answers HTTP/1.0 and closes, like
#   Python's http.server), close (HTTP/1.1, closes after each answer without saying so), idle-close (closes
#   connections idle for 1 s). Example: bench/webhooks.sh 50 60 0 16 keepalive,http10,close
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.todostreams.notify.WebhookBenchmark "$@"
