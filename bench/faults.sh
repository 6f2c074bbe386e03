#!/usr/bin/env bash
# Fault suite (docs/BENCHMARKS.md, "Faults"): every app and emulator in its own JVM, killed with SIGKILL.
# Usage: bench/faults.sh [a] [b] [c] [d] [soak]   (default: a b c d)
#   -Dfaults.burst=N changes per burst (1500); soak: -Dfaults.rate=R -Dfaults.seconds=S (300/s, 120 s)
# Set JAVA_OPTS for those, e.g. JAVA_OPTS="-Dfaults.rate=500 -Dfaults.seconds=600" bench/faults.sh soak
# Logs of the child processes: target/faults/*.log
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.todostreams.notify.FaultBenchmark "$@"
