#!/usr/bin/env bash
# Emulator benchmark: the project's DynamoDB emulator against dynalite, same load client, same run, same machine.
# Usage: bench/emulator-benchmark.sh [-Dbench.durationSeconds=5 ...]   (see docs/BENCHMARKS.md, section Emulator)
# The load client is -Dbench.client=raw (default: pre-encoded requests on plain sockets) or -Dbench.client=sdk
# (AWS SDK for Java v2); both targets of a run get the same client, and the report says which.
#
# Environment:
#   BENCH_TARGETS       emulator,dynalite (default) | emulator | dynalite
#   EMULATOR_JAVA_OPTS  JVM options of the emulator process (default: none, i.e. what `java` gives a user)
#   CLIENT_JAVA_OPTS    JVM options of the load client (default: none)
#   BENCH_JFR           a file name: record the emulator with Java Flight Recorder and print its hottest frames
#
# The report (Markdown) is printed and also written to target/emulator-benchmark.md.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
targets=${BENCH_TARGETS:-emulator,dynalite}
emulator_java_opts=${EMULATOR_JAVA_OPTS:-}
client_java_opts=${CLIENT_JAVA_OPTS:-}
report=target/emulator-benchmark.md

pids=()
cleanup() {
	local i pid
	# the last started first: the load client before the servers it talks to
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		pid=${pids[i]}
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() {
	echo "[emulator-benchmark] $*" >&2
}

# A TCP port on 127.0.0.1 that nothing answers on.
free_port() {
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	echo "no free port found" >&2
	return 1
}

# Waits (at most 60 s) until the server of process $1 accepts connections on port $2.
await_port() {
	local pid=$1 port=$2
	for _ in $(seq 1 600); do
		if ! kill -0 "$pid" 2>/dev/null; then
			log "process $pid exited before listening on port $port"
			return 1
		fi
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	log "nothing listens on port $port after 60 s"
	return 1
}

log "building test classes"
# Maven's output goes to standard error: standard output is the report
mvn -B -q -DskipTests test-compile >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
classpath="$root/target/test-classes:$root/target/classes:$(cat target/bench-classpath.txt)"

endpoints=()
pid_opts=()

if [[ ",$targets," == *",dynalite,"* ]]; then
	dynalite_cli=target/dynalite/node_modules/dynalite/cli.js
	if [[ ! -f $dynalite_cli ]]; then
		log "installing dynalite with npm into target/dynalite"
		mkdir -p target/dynalite
		npm install --prefix target/dynalite --no-audit --no-fund dynalite >&2
	fi
	dynalite_port=$(free_port)
	log "starting dynalite $(node -p "require('./target/dynalite/node_modules/dynalite/package.json').version") (node $(node --version), in memory) on port $dynalite_port"
	node "$dynalite_cli" --host 127.0.0.1 --port "$dynalite_port" >target/dynalite.log 2>&1 &
	pids+=($!)
	await_port "${pids[-1]}" "$dynalite_port"
	endpoints+=("dynalite=http://127.0.0.1:$dynalite_port")
	pid_opts+=("-Dbench.pid.dynalite=${pids[-1]}")
fi

if [[ ",$targets," == *",emulator,"* ]]; then
	emulator_port=$(free_port)
	if [[ -f target/classes/dev/todostreams/emulator/EmulatorMain.class ]]; then
		emulator_main=dev.todostreams.emulator.EmulatorMain
	else
		emulator_main=dev.todostreams.emulator.bench.BenchEmulatorLauncher
	fi
	jfr_opts=()
	if [[ -n ${BENCH_JFR:-} ]]; then
		jfr_opts=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true")
	fi
	log "starting the emulator ($emulator_main, JVM options: ${emulator_java_opts:-none}) on port $emulator_port"
	# shellcheck disable=SC2086
	java $emulator_java_opts "${jfr_opts[@]}" -cp "$classpath" "$emulator_main" --port "$emulator_port" \
		>target/emulator.log 2>&1 &
	pids+=($!)
	emulator_pid=${pids[-1]}
	await_port "$emulator_pid" "$emulator_port"
	# the emulator first, so that it is the subject of the ratio column
	endpoints=("emulator=http://127.0.0.1:$emulator_port" "${endpoints[@]}")
	pid_opts+=("-Dbench.pid.emulator=$emulator_pid")
fi

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# in the background, so that an interrupt stops everything at once (the report is printed at the end anyway)
# shellcheck disable=SC2086
java $client_java_opts "${pid_opts[@]}" "$@" -cp "$classpath" dev.todostreams.emulator.bench.EmulatorBenchmark \
	"${endpoints[@]}" >"$report" &
pids+=($!)
wait "${pids[-1]}"
cat "$report"
log "report written to $report"

if [[ -n ${BENCH_JFR:-} && -n ${emulator_pid:-} ]]; then
	kill "$emulator_pid"
	wait "$emulator_pid" 2>/dev/null || true
	log "hottest frames of the emulator (jdk.ExecutionSample, top of stack):"
	jfr print --stack-depth 64 --events jdk.ExecutionSample "$BENCH_JFR" >target/emulator-samples.txt
	awk '/stackTrace = \[/ { top = 1; next } top == 1 { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print; top = 0 }' \
		target/emulator-samples.txt | sort | uniq -c | sort -rn | head -25 >&2
	log "hottest project frames (first dev.todostreams frame of each sample):"
	awk '/stackTrace = \[/ { want = 1; next } want == 1 && /dev\.todostreams/ { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print; want = 0 } /^}/ { want = 0 }' \
		target/emulator-samples.txt | sort | uniq -c | sort -rn | head -25 >&2
fi
