#!/usr/bin/env bash
# checkpatch: every message on a real series is fixed or justified in the
# patch's [ backport: ] note; an unjustified one fails, named.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 7
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
fixtures="$ROOT/t/fixtures/checkpatch"

run "$ROOT/scripts/checkpatch" 6.1.y
exits_ok "checkpatch 6.1.y: the reference queue is clean or justified"

run "$ROOT/scripts/checkpatch" 6.1.y --series "$fixtures/unjustified/series" --patches "$fixtures/unjustified"
exits_fail "a patch with an unjustified checkpatch message fails"
says "0001-vfio-fixture-unjustified.patch:[0-9]+: ERROR:TRAILING_WHITESPACE" "the message is printed with its patch and line"
says "name \"trailing whitespace\" there" "the words a note would need are given"

run "$ROOT/scripts/checkpatch" 6.1.y --series "$fixtures/justified/series" --patches "$fixtures/justified"
exits_ok "the same message, justified in the note, passes"

# 5.15.y, where this machine has its tree (CI machines do not).
. "$ROOT/scripts/lib.sh"
load_line 5.15.y
if [[ -f $(pristine_tree)/$VERIFIED_STAMP ]]; then
	n=$(series_patches "$LINE_SERIES" | wc -l)
	run "$ROOT/scripts/checkpatch" 5.15.y
	exits_ok "checkpatch 5.15.y: every message of the $n patches is justified"
	says "5.15.y: $n patches" "all $n patches were checked"
else
	skip "5.15.y tree missing on this machine: provide it with scripts/fetch-kernel 5.15.y --tarball FILE or --tree DIR"
	skip "5.15.y tree missing on this machine"
fi
finish
