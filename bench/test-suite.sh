#!/usr/bin/env bash
# Test-suite timing (docs/BENCHMARKS.md, "Test suite (issue 16)"): runs `mvn -B verify` once (README's test command)
# and prints the wall time, the time of each phase (compile, unit tests = surefire, jar, integration tests =
# failsafe) and the slowest test classes of each phase (from target/surefire-reports and target/failsafe-reports),
# with the load average before and after: the figures are only comparable at a similar load.
# Usage: bench/test-suite.sh [more Maven arguments, e.g. -o]
# The Maven output, each line prefixed with its time, is kept in ${TMPDIR:-/tmp}/todo-streams-test-suite.log.
# On a machine shared with other builds, serialise: flock /tmp/verify.lock bench/test-suite.sh -o
set -euo pipefail
cd "$(dirname "$0")/.."

log="${TMPDIR:-/tmp}/todo-streams-test-suite.log"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$EPOCHREALTIME
status=0
mvn -B "$@" verify 2>&1 | while IFS= read -r line; do printf '%s\t%s\n' "$EPOCHREALTIME" "$line"; done > "$log" \
	|| status=$?
end=$EPOCHREALTIME
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

# the time a phase starts: the first line of its plugin
at() {
	awk -F'\t' -v pattern="$1" 'index($2, pattern) { print $1; exit }' "$log"
}
compile=$(at "--- maven-compiler-plugin")
unit=$(at "--- maven-surefire-plugin")
jar=$(at "--- maven-jar-plugin")
it=$(at "--- maven-failsafe-plugin:" )
itdone=$(awk -F'\t' 'index($2, "--- maven-failsafe-plugin:") && index($2, ":verify") { print $1; exit }' "$log")
span() {
	if [[ -n "$1" && -n "$2" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%6.1f s", b - a }'; else echo "     -"; fi
}
echo
echo "wall                $(span "$start" "$end")   (mvn exit status $status)"
echo "start, compile      $(span "$start" "$unit")"
echo "unit tests          $(span "$unit" "$jar")"
echo "jar                 $(span "$jar" "$it")"
echo "integration tests   $(span "$it" "$itdone")"
grep -h -E '^.*\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
	| cut -f2 | sed 's/^/totals: /'

# the slowest classes of a report directory: seconds, class (without dev.todostreams.)
slowest() {
	local dir=$1
	[[ -d "$dir" ]] || return 0
	echo
	echo "slowest classes, $(basename "$dir") (sum of all: $(sed -n 's/.*<testsuite [^>]*time="\([0-9.,]*\)".*/\1/p' "$dir"/TEST-*.xml | tr -d , | awk '{ s += $1 } END { printf "%.1f s", s }'))"
	for report in "$dir"/TEST-*.xml; do
		name=$(basename "$report" .xml)
		seconds=$(sed -n 's/.*<testsuite [^>]*time="\([0-9.,]*\)".*/\1/p' "$report" | head -1 | tr -d ,)
		printf '%8.2f  %s\n' "$seconds" "${name#TEST-dev.todostreams.}"
	done | sort -rn | head -"${TOP:-12}"
}
slowest target/surefire-reports
slowest target/failsafe-reports
exit "$status"
