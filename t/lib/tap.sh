# shellcheck shell=bash
# Minimal TAP producer for the queue's tests (read by prove).
# Each test file sources this, calls plan N, then the assertions below.

TAP_N=0
TAP_FAILED=0
# The queue's root. The tests call its scripts by path ("$ROOT/scripts/NAME"):
# scripts/ is not put on PATH, where build, report and test would shadow
# other commands.
# shellcheck disable=SC2034
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Everything a test file creates lives under one directory, removed at exit
# whatever the test did.
TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vfio-queue-test.XXXXXX")
trap 'rm -rf "$TAP_TMP"' EXIT
# Step results of test runs (fixture series among them) stay out of the
# user's report.
VFIO_QUEUE_RESULTS=$TAP_TMP/results
mkdir "$VFIO_QUEUE_RESULTS"
export VFIO_QUEUE_RESULTS

plan() { printf '1..%s\n' "$1"; }

ok() {
	local cond=$1 name=$2
	TAP_N=$((TAP_N + 1))
	if [[ $cond == 0 ]]; then
		printf 'ok %d - %s\n' "$TAP_N" "$name"
	else
		printf 'not ok %d - %s\n' "$TAP_N" "$name"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

skip() { TAP_N=$((TAP_N + 1)); printf 'ok %d # skip %s\n' "$TAP_N" "$1"; }

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# run CMD...: run a command, keeping its exit code in RC and its stdout and
# stderr together in OUT.
run() {
	OUT=$("$@" 2>&1) && RC=0 || RC=$?
}

# Assertions on the last run.
exits_ok() { ok "$RC" "$1"; [[ $RC == 0 ]] || diag "exit $RC" "$OUT"; }
exits_fail() {
	local c=1
	[[ $RC != 0 ]] && c=0
	ok $c "$1"
	[[ $c == 0 ]] || diag "unexpected success:" "$OUT"
}
says() {
	local c=1
	grep -qE -- "$1" <<<"$OUT" && c=0
	ok $c "$2"
	[[ $c == 0 ]] || diag "expected output matching: $1" "got:" "$OUT"
}

# in_full_run TESTS WHAT: true in the full run (scripts/test --full);
# outside it, skip the TESTS tests that follow, saying that WHAT runs there
# only, and be false.
in_full_run() {
	local _
	[[ ${VFIO_QUEUE_TEST_FULL:-0} != 1 ]] || return 0
	for _ in $(seq "$1"); do skip "$2: in the full run only (scripts/test --full)"; done
	return 1
}

# full_run_only TESTS WHAT: the file's last TESTS tests run in the full run
# only (in_full_run); outside it the file ends here.
full_run_only() {
	in_full_run "$@" || finish
}

# each_backport_line TESTS FUNC: FUNC LINE for each backport line users take
# whose tree is at hand, 5.10.y (Debian serves it) and 5.15.y (where
# provided); TESTS skips, saying so, for one whose tree is not.
each_backport_line() {
	local tests=$1 func=$2 line _
	for line in 5.10.y 5.15.y; do
		if "$ROOT/scripts/fetch-kernel" "$line" >/dev/null 2>&1; then
			"$func" "$line"
			continue
		fi
		for _ in $(seq "$tests"); do
			skip "$line tree not at hand on this machine (scripts/fetch-kernel $line says how to provide it)"
		done
	done
}

# A throwaway directory, removed at exit with the rest of TAP_TMP.
scratch() { mktemp -d "$TAP_TMP/scratch.XXXXXX"; }

finish() { exit $((TAP_FAILED > 0)); }
