#!/usr/bin/env bash
# Change log benchmark (issue 14; docs/BENCHMARKS.md, "Change log (issue 14)"): a standalone emulator and two app
# instances, each in its own JVM; 50 status changes/s for 60 s sent to both in turn; one SSE client per instance.
# Prints, per instance, append -> visible p50/p99 and missing / duplicate / out-of-order counts, with the load average.
# Usage: bench/change-log.sh   (JAVA_OPTS="-Dchangelog.rate=50 -Dchangelog.seconds=60 -Dchangelog.todos=50")
# Set MVN_ARGS=-o to build offline. Logs of the child processes: target/change-log-bench/*.log
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_ARGS:-} test-compile
mvn -B -q ${MVN_ARGS:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.todostreams.live.ChangeLogBenchmark "$@"
