#!/usr/bin/env bash
# check-series: the real series pass, and each rule fails on its fixture.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
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
	"ahead-unmarked:vfio-add-struct-device.patch: order: upstream 15 is listed after upstream 17 .*put a line above it: # ahead-of <sha12>"
	"ahead-wrong-target:order: the ahead-of marker names 5f6c7e0831a1, but the patch fixes 3c28a76124b2"
	"ahead-no-target:order: its ahead-of marker names 3c28a76124b2, which the series does not carry after it"
	"fold-not-a-fix:fold: commit ac1237912fbd0f2503344aa268ceb43628cdffa8 is not a follow-up fix of a commit this patch names"
	"prerequisite-order:vfio-platform-prerequisite.patch: order: upstream 00.1 is listed after upstream 00.3"
	"fold-apart:fold: \"commit 168a9c91fe0a1180959b6394f4566de7080244b6 upstream.\" stands apart"
	"link-missing:0002-.*link: no Link: to the posting of 63d7c77989de \(\"Link: https://lore.kernel.org/r/20220921104401.38898-3-kevin.tian@intel.com\"\)"
	"link-wrong-posting:0002-.*link: no Link: to the posting of 63d7c77989de"
	"link-malformed:0002-.*link: not of the form \"Link: https://lore.kernel.org/r/<message-id>\": Link: <20220921104401.38898-3-kevin.tian@intel.com>"
	"link-fold-missing:link: no Link: to the posting of 168a9c91fe0a"
	"rewrite-as-backport:0002-.*label: its note says \"written for 5.15\", but its first line labels it a plain backport"
	"rewrite-no-reason:label: \"Rewrite of commit <sha> upstream:\" gives no reason"
)
# Fixtures that pass: a fix carried ahead of what it fixes under its
# marker, a fix folded into the patch of the commit it fixes, and a diff
# written for the line labelled as the rewrite it is.
passing=(ahead fold rewrite)
plan $((3 + 2 * ${#cases[@]} + ${#passing[@]} + 8 + $(known_lines | wc -l)))

run "$ROOT/scripts/check-series" --all
exits_ok "the real series of every line pass"
# Called through run, which shellcheck cannot follow.
# shellcheck disable=SC2317
check() { "$ROOT/scripts/check-series" --series "$fixtures/$1/series" --patches "$fixtures/$1" --line-kind "${2:-backport}" "${@:3}"; }
run check good
exits_ok "the good fixture passes"
says "stable metadata in order" "and says so"
for c in "${cases[@]}"; do
	name=${c%%:*} want=${c#*:}
	run check "$name"
	exits_fail "fixture $name fails"
	says "$want" "fixture $name: the message says: $want"
done
for name in "${passing[@]}"; do
	run check "$name"
	exits_ok "fixture $name passes"
done
# On a line where the series is upstream, a patch as upstream needs no note.
run check no-note upstream
exits_ok "without a note, the same patch passes on an upstream line"
# A line must carry the follow-up fixes of what it has, or say why not.
run check uncovered upstream --coverage
exits_fail "fixture uncovered fails with --coverage"
says 'upstream 168a9c91fe0a: carried: "vfio: platform: ignore missing reset if disabled at module init" is neither carried' \
	"the message names the fix that is neither carried nor listed"
run check in-progress upstream --coverage
exits_ok "the same series marked in-progress passes"
says 'not yet: .*upstream 168a9c91fe0a: carried' "and says what it does not carry yet"
run check fold upstream --coverage
says_not() { ! grep -q -- "$1" <<<"$OUT"; ok $? "$2"; }
says_not 'upstream 168a9c91fe0a' "a folded fix counts as carried"

# Patch files are named after their subject.
named=$(scratch)
cp "$ROOT/patches/6.1.y/"*.patch "$named/0001-renamed.patch"
echo 0001-renamed.patch >"$named/series"
run "$ROOT/scripts/check-series" --series "$named/series" --patches "$named" --line-kind upstream --names
exits_fail "a patch file not named after its subject fails with --names"
says '0001-renamed.patch: name: a patch file is named after its subject: vfio-platform-ignore-missing-reset-if-disabled-at-module-init.patch' "and the message gives the name"

# What the real series say is carried, a grep of the patches finds by full
# sha: every upstream commit that is not listed as not-applicable, and on
# a line where the series is upstream, only the follow-ups.
for line in $(known_lines); do
	load_line "$line"
	missing=''
	if [[ -z $(series_patches "$LINE_SERIES") ]]; then
		skip "$line: empty series, nothing carried"
		continue
	fi
	if grep -qE '^#[[:space:]]*in-progress:' "$LINE_SERIES"; then
		skip "$line: series in progress, it does not carry the whole series yet"
		continue
	fi
	while IFS=$'\t' read -r order sha _ fixes _; do
		[[ $order == \#* ]] && continue
		[[ $fixes == prerequisite ]] && continue
		[[ $LINE_SERIES_UPSTREAM == yes && $fixes == - ]] && continue
		grep -q "^# not-applicable ${sha:0:12} " "$LINE_SERIES" && continue
		grep -rqF "$sha" "$LINE_PATCHES" || missing+=" ${sha:0:12}"
	done <"$ROOT/upstream/commits.tsv"
	ok "$([[ -z $missing ]]; echo $?)" "$line: grep -r finds every carried upstream commit by its full sha${missing:+ (missing:$missing)}"
done
finish
