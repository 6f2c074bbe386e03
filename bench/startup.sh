#!/usr/bin/env bash
# Start-up benchmark (docs/BENCHMARKS.md, "Start-up"): cold starts of the service on the embedded emulator, each in a
# new JVM with an empty in-memory emulator, timed from the launch of the process:
#   api    the API answers (GET /api/ping is 200)
#   ready  /actuator/health/readiness is UP (the stream consumer holds its leases)
#   change the first change is handled (a todo is created as soon as the API answers; the time is taken from the
#          "Status change handled" log line)
# and prints the median of the runs per mode:
#   jar          java -jar target/todo-streams-*.jar (the fat jar, as in issue 15)
#   extracted    the jar extracted with `-Djarmode=tools extract` (plain class path of jars), without CDS
#   cds          the extracted jar with a CDS archive from a training run (-XX:ArchiveClassesAtExit, context
#                exits on refresh)
#   cds-full     as cds, but the training run goes as far as the first handled change (KCL, the AWS SDK's stream
#                clients and the handlers' classes are in the archive too) and stops with SIGTERM
#   aot          JDK 24+ only (AOT_JAVA, default the `java` on the PATH): the extracted jar with an AOT cache
#                (-XX:AOTCacheOutput, JEP 514) from a training run like cds-full's, started with -XX:AOTCache
#   maven        mvn spring-boot:run, timed from the forked application JVM's start (Maven's own work excluded)
# Usage: bench/startup.sh [runs (5)] [modes (jar extracted cds maven)]
#   e.g. AOT_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/startup.sh 5 "cds cds-full aot"
# Needs JDK 17+, Maven and curl; builds the jar if target/ has none. Every run uses random ports.
# Experiments: JAVA_OPTS (JVM options) and APP_ARGS (application arguments) are added to every java start, e.g.
#   JAVA_OPTS=-XX:TieredStopAtLevel=1 bench/startup.sh 5 cds
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-5}"
MODES="${2:-jar extracted cds maven}"
WORK=target/startup
TIMEOUT_MS=120000

jar=$(ls target/todo-streams-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [[ -z "$jar" ]]; then
	mvn -B -q -DskipTests package
	jar=$(ls target/todo-streams-*.jar | grep -v plain | head -1)
fi
rm -rf "$WORK"
mkdir -p "$WORK"

now_ms() { date +%s%3N; }
log_ms() { date -d "$1" +%s%3N; }   # ISO time stamp of a log line -> epoch ms

# CDS needs a class path of jars as it will be at run time: extract once, train once
AOT_JAVA="${AOT_JAVA:-java}"
if [[ " $MODES " == *" extracted "* || " $MODES " == *" cds"* || " $MODES " == *" aot "* ]]; then
	java -Djarmode=tools -jar "$jar" extract --destination "$WORK/app" >/dev/null
fi

# a training run that goes as far as the first handled change (the script the Dockerfile runs too): $1 java, the
# rest JVM options
train_to_first_change() {
	local java="$1"
	shift
	JAVA="$java" src/main/docker/cds-training.sh "$WORK/app/$(basename "$jar")" "$WORK/training-full.log" "$@"
}
if [[ " $MODES " == *" cds-full "* ]]; then
	echo "training run (to the first handled change) for the cds-full archive..."
	train_to_first_change java -XX:ArchiveClassesAtExit="$WORK/app-full.jsa"
	ls -l "$WORK/app-full.jsa" | awk '{ printf "CDS archive (full training): %.0f MB\n", $5 / 1048576 }'
fi
if [[ " $MODES " == *" aot "* ]]; then
	echo "training run (to the first handled change) for the AOT cache ($("$AOT_JAVA" -version 2>&1 | head -1))..."
	train_to_first_change "$AOT_JAVA" -XX:AOTCacheOutput="$WORK/app.aot"
	ls -l "$WORK/app.aot" | awk '{ printf "AOT cache: %.0f MB\n", $5 / 1048576 }'
fi
if [[ " $MODES " == *" cds "* ]]; then
	echo "training run for the CDS archive..."
	java -XX:ArchiveClassesAtExit="$WORK/app.jsa" -Dspring.context.exit=onRefresh \
		-jar "$WORK/app/$(basename "$jar")" --server.port=0 >"$WORK/training.log" 2>&1
	ls -l "$WORK/app.jsa" | awk '{ printf "CDS archive: %.0f MB\n", $5 / 1048576 }'
fi

JAVA_OPTS="${JAVA_OPTS:-}"
APP_ARGS="${APP_ARGS:-}"
command_for() {
	case "$1" in
		jar) echo "java $JAVA_OPTS -jar $jar --server.port=0 $APP_ARGS" ;;
		extracted) echo "java $JAVA_OPTS -jar $WORK/app/$(basename "$jar") --server.port=0 $APP_ARGS" ;;
		cds) echo "java $JAVA_OPTS -XX:SharedArchiveFile=$WORK/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $WORK/app/$(basename "$jar") --server.port=0 $APP_ARGS" ;;
		cds-full) echo "java $JAVA_OPTS -XX:SharedArchiveFile=$WORK/app-full.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $WORK/app/$(basename "$jar") --server.port=0 $APP_ARGS" ;;
		aot) echo "$AOT_JAVA $JAVA_OPTS -XX:AOTCache=$WORK/app.aot -Xlog:aot=off -Xlog:cds=off -jar $WORK/app/$(basename "$jar") --server.port=0 $APP_ARGS" ;;
		maven) echo "mvn -B -o -q spring-boot:run -Dspring-boot.run.arguments='--server.port=0 $APP_ARGS' -Dspring-boot.run.jvmArguments='$JAVA_OPTS'" ;;
	esac
}

# one cold start; prints "api ready change started" in ms from the start of the process
one_run() {
	local mode="$1" log="$2" start pid port="" api="" ready="" change="" deadline line jvm_start
	: >"$log"
	start=$(now_ms)
	setsid bash -c "exec $(command_for "$mode")" >"$log" 2>&1 &
	pid=$!
	deadline=$((start + TIMEOUT_MS))
	while [[ -z "$port" ]]; do
		port=$(grep -oE 'Tomcat started on port [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
		[[ $(now_ms) -lt $deadline ]] || { kill -- "-$pid"; echo "no port" >&2; return 1; }
		sleep 0.02
	done
	until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/ping")" == 200 ]]; do
		[[ $(now_ms) -lt $deadline ]] || { kill -- "-$pid"; echo "no API" >&2; return 1; }
		sleep 0.02
	done
	api=$(now_ms)
	curl -s -o /dev/null -X POST "http://127.0.0.1:$port/api/todos" -H 'Content-Type: application/json' \
		-d '{"task":"start-up benchmark","status":"In Progress"}'
	until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness")" == 200 ]]; do
		[[ $(now_ms) -lt $deadline ]] || { kill -- "-$pid"; echo "never ready" >&2; return 1; }
		sleep 0.05
	done
	ready=$(now_ms)
	until line=$(grep -m1 'Status change handled' "$log"); do
		[[ $(now_ms) -lt $deadline ]] || { kill -- "-$pid"; echo "no change handled" >&2; return 1; }
		sleep 0.05
	done
	change=$(log_ms "${line%% *}")
	line=$(grep -m1 'Started TodoStreamsApplication' "$log")
	if [[ "$mode" == maven ]]; then
		# measured from the application JVM's start: its log time stamp minus "process running for" seconds
		jvm_start=$(( $(log_ms "${line%% *}") - $(echo "$line" | sed -E 's/.*process running for ([0-9.]+).*/\1/' | awk '{ printf "%d", $1 * 1000 }') ))
		start=$jvm_start
	fi
	kill -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	echo "$((api - start)) $((ready - start)) $((change - start)) $(echo "$line" | sed -E 's/.*Started TodoStreamsApplication in ([0-9.]+) seconds.*/\1/')"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "load before: $(uptime | sed 's/.*load average/load average/')   cores: $(nproc)   $(java -version 2>&1 | head -1)"
printf '%-10s %5s %8s %8s %8s %10s   %s\n' mode runs api_ms ready_ms change_ms started_s "(medians; every run: api/ready/change ms)"
for mode in $MODES; do
	results=()
	for run in $(seq 1 "$RUNS"); do
		results+=("$(one_run "$mode" "$WORK/$mode-$run.log")")
	done
	col() { printf '%s\n' "${results[@]}" | awk -v c="$1" '{ print $c }' | median; }
	started=$(printf '%s\n' "${results[@]}" | awk '{ print $4 * 1000 }' | median)
	printf '%-10s %5d %8s %8s %8s %10s   %s\n' "$mode" "$RUNS" "$(col 1)" "$(col 2)" "$(col 3)" \
		"$(awk -v s="$started" 'BEGIN { printf "%.2f", s / 1000 }')" \
		"$(printf '%s\n' "${results[@]}" | awk '{ printf "%s/%s/%s ", $1, $2, $3 }')"
done
echo "load after:  $(uptime | sed 's/.*load average/load average/')"
