#!/usr/bin/env bash
# check-series: the real series pass, and each rule fails on its fixture.
. "$(dirname "$0")/lib/tap.sh"
set -u
fixtures="$ROOT/t/fixtures/check-series"
# fixture case -> what the failure must say
cases=(
	"no-from:header: no From: line"
	"no-subject:header: no Subject: line"
	"no-date:header: no Date: line"
	"unknown-sha:upstream: commit 0123456789abcdef0123456789abcdef01234567 is not one of upstream/commits.tsv"
	"no-upstream-line:upstream: first body line is neither"
	"backport-only-no-reason:upstream: Backport-only: gives no reason"
	"dep-unknown-sha:dep: Stable-dep-of names 0123456789ab"
	"dep-wrong-subject:dep: Stable-dep-of subject \"vfio: some other subject\" is not that of cb9ff3f3b84c"
	"no-note:note: the series is not upstream in this kernel"
	"unclosed-note:note: a \[ backport: ... \] note is not closed"
	"signoff-not-last:signoff: the last line before the diff must be"
	"order:0001-.*order: upstream 01 is listed after upstream 02"
	"not-applicable-order:0002-.*order: upstream 02 is listed after upstream 03"
	"not-applicable-no-reason:not-applicable d3966e305ac4: upstream: gives no reason"
	"unlisted:0003-unlisted.patch: listed: a patch file the series does not list"
	"missing:0004-missing.patch: listed: in the series but no such file"
	"twice:listed: listed more than once"
)
plan $((3 + 2 * ${#cases[@]} + 1))

run check-series --all
exits_ok "the real series of every line pass"
# Called through run, which shellcheck cannot follow.
# shellcheck disable=SC2317
check() { check-series --series "$fixtures/$1/series" --patches "$fixtures/$1" --line-kind "${2:-backport}"; }
run check good
exits_ok "the good fixture passes"
says "stable metadata in order" "and says so"
for c in "${cases[@]}"; do
	name=${c%%:*} want=${c#*:}
	run check "$name"
	exits_fail "fixture $name fails"
	says "$want" "fixture $name: the message says: $want"
done
# On a line where the series is upstream, a patch as upstream needs no note.
run check no-note upstream
exits_ok "without a note, the same patch passes on an upstream line"
finish
