#!/usr/bin/env bash
# report: the Markdown table and a JUnit file CI engines can read.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 15
export VFIO_QUEUE_CACHE
VFIO_QUEUE_CACHE=$(scratch)
. "$ROOT/scripts/lib.sh"

run "$ROOT/scripts/report"
exits_fail "report with no results fails"
says "no results recorded" "and says so"

record_result 6.1.y all fetch pass 14 "linux-6.1.176"
record_result 6.1.y x86_64 build pass 62 "52 objects"
record_result 5.10.y s390 warnings fail 3 "2 new W=1 warnings & <more>"
junit="$VFIO_QUEUE_CACHE/junit.xml"
run "$ROOT/scripts/report" --junit "$junit"
exits_fail "a failed step makes report exit non-zero"
says '^\| 6.1.y \| x86_64 \| build \| PASS \| 62 \| 52 objects \|$' "a passed step is a table row"
says '^\| 5.10.y \| s390 \| warnings \| FAIL \| 3 \|' "a failed step is a table row"
run xmllint --noout "$junit"
exits_ok "the JUnit file is well-formed XML"
ok "$(grep -q '<testsuite name="5.10.y" tests="1" failures="1"' "$junit"; echo $?)" "the failing line's testsuite counts the failure"
ok "$(grep -q 'failure message="2 new W=1 warnings &amp; &lt;more&gt;"' "$junit"; echo $?)" "failure messages are escaped"

run "$ROOT/scripts/report" --line 6.1.y --junit "$junit"
exits_ok "report --line 6.1.y covers only 6.1.y, which passed"

# --from: the results of a CI pipeline's jobs, a directory each; a step that
# several jobs recorded is one row, failed if it failed in any.
jobs=$(scratch)
mkdir -p "$jobs/101" "$jobs/102" "$jobs/103"
printf 'pass\t5\tlinux-6.1.187\n' >"$jobs/101/6.1.y.all.fetch"
printf 'fail\t7\tno verified linux-6.1.187 tree\n' >"$jobs/102/6.1.y.all.fetch"
printf 'pass\t6\tlinux-6.1.187\n' >"$jobs/103/6.1.y.all.fetch"
printf 'fail\t40\tdid not compile: drivers/vfio/vfio_main.o\n' >"$jobs/102/6.1.y.x86_64.build"
run "$ROOT/scripts/report" --from "$jobs" --junit "$junit"
exits_fail "report --from a pipeline's job results fails when one job's step failed"
ok "$([[ $(grep -c '| 6.1.y | all | fetch |' <<<"$OUT") == 1 ]]; echo $?)" "a step three jobs recorded is one row"
says '^\| 6.1.y \| all \| fetch \| FAIL \| 7 \|' "failed, as one job had it"
says '^\| 6.1.y \| x86_64 \| build \| FAIL \| 40 \| did not compile: drivers/vfio/vfio_main.o \|$' "with every other job's step"
ok "$(grep -q '<testsuite name="6.1.y" tests="2" failures="2"' "$junit"; echo $?)" "the merged JUnit file counts each step once"
run "$ROOT/scripts/report" --from "$jobs/101"
exits_ok "report --from one job's directory reads that job alone"
rm -rf "$VFIO_QUEUE_CACHE"
finish
