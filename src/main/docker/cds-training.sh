#!/usr/bin/env sh
# Training run for a class data archive (CDS on JDK 17+, or the AOT cache of JDK 24+): starts the service on the
# embedded default, creates one todo, waits until the stream consumer has handled its change, then stops the service
# with SIGTERM so the JVM writes the archive on its way out. Going as far as the first handled change puts the
# classes of KCL, the AWS SDK's stream clients, the handlers and the webhook path into the archive too, which a
# training run that stops when the context is refreshed never loads (docs/BENCHMARKS.md, "Start-up").
# Usage: cds-training.sh JAR LOG [JVM options...]      (JAVA selects the java binary; default: java on the PATH)
# e.g.   cds-training.sh app.jar training.log -XX:ArchiveClassesAtExit=app.jsa
#        JAVA=/opt/jdk-25/bin/java cds-training.sh app.jar training.log -XX:AOTCacheOutput=app.aot
set -eu
jar="$1"
log="$2"
shift 2
"${JAVA:-java}" "$@" -jar "$jar" --server.port=0 >"$log" 2>&1 &
pid=$!
fail() {
	echo "training run: $1 (log: $log)" >&2
	kill "$pid" 2>/dev/null || true
	exit 1
}
tries=0
port=""
while [ -z "$port" ]; do
	kill -0 "$pid" 2>/dev/null || fail "the service exited"
	port=$(grep -o 'Tomcat started on port [0-9]*' "$log" | grep -o '[0-9]*$' || true)
	tries=$((tries + 1)); [ "$tries" -lt 1200 ] || fail "no port after 120 s"
	sleep 0.1
done
tries=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/todos" \
		-H 'Content-Type: application/json' -d '{"task":"training run","status":"In Progress"}')" = 201 ]; do
	tries=$((tries + 1)); [ "$tries" -lt 1200 ] || fail "the API did not create a todo"
	sleep 0.1
done
tries=0
until grep -q 'Status change handled' "$log"; do
	tries=$((tries + 1)); [ "$tries" -lt 1200 ] || fail "no change handled after 120 s"
	sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
