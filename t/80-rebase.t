#!/usr/bin/env bash
# rebase and sweep on a small fixture line (t/lib/fixture-line.sh): a signed
# Debian archive on file:// serving six releases of line 1.0.y, one of each
# kind a real line meets: the queue applies, only moves, does not fit, is
# already in the release, or the release's tarball is missing.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/fixture-line.sh"
set -u
plan 46
fixture_setup
q=$FIXTURE_ROOT
state=$VFIO_QUEUE_CACHE/work/1.0.y/rebase
pool=$FIXTURE_ARCHIVE/pool/main/l/linux

# Put the fixture queue back as committed.
reset_queue() { git -C "$q" checkout -q -- . && git -C "$q" clean -fdq; }
queue_clean() { [[ -z $(git -C "$q" status --porcelain) ]]; }
pin() { sed -n "s/^$1=//p" "$q/kernels/1.0.y/line.conf"; }
sha_of() { sha256sum <"$pool/linux_$1.orig.tar.xz" | cut -d' ' -f1; }

# sweep: one row a release, each with its verdict.
run "$q/scripts/sweep" 1.0.y
exits_fail "sweep fails when a release newer than the pin does not take the queue"
says '^\| 1\.0\.1 \(pinned\) \| 1\.0\.1-1 fixture \| applies clean \|$' "sweep: the pinned release applies clean"
says '^\| 1\.0\.2 \| .* \| needs refresh: vfio-fix-a\.patch vfio-fix-b\.patch \|$' "sweep: a release where the patches only move needs a refresh of both"
says '^\| 1\.0\.3 \| .* \| cannot be downloaded \(.*linux_1\.0\.3\.orig\.tar\.xz\) \|$' "sweep: a listed release whose tarball is missing is said, not fetched"
says '^\| 1\.0\.4 \| .* \| fails: vfio-fix-b\.patch \(drivers/vfio/vfio_main\.c hunk #1 at line 14\) \|$' "sweep: a failing patch is named with its file and hunk"
says '^\| 1\.0\.5 \| .* \| already contains: 111111111111 \|$' "sweep: a release that has a patch names its upstream id"
says 'does not apply to 1\.0\.4 ' "sweep says which newer release needs work"
ok "$(queue_clean; echo $?)" "sweep changes nothing of the queue"
ok "$([[ -f $VFIO_QUEUE_CACHE/downloads/linux_1.0.5.orig.tar.xz && ! -e $VFIO_QUEUE_CACHE/downloads/linux_1.0.3.orig.tar.xz ]]; echo $?)" \
	"sweep keeps the tarballs it fetched in the cache, and nothing of a missing one"

# --latest: the newest listed release (1.0.6) is missing; 1.0.5 has patch A.
run "$q/scripts/rebase" 1.0.y --latest --no-verify
exits_ok "rebase --latest moves the line"
says 'linux 1\.0\.6 is listed in fixture, but its orig tarball cannot be downloaded \(.*\)' "a listed-but-missing release is said"
says '^rebase: linux 1\.0\.6: skipped$' "and skipped"
ok "$([[ $(pin VERSION) == 1.0.5 && $(pin DEBIAN_VERSION) == 1.0.5-1 && $(pin ORIG_SHA256) == "$(sha_of 1.0.5)" ]]; echo $?)" \
	"the pins are rewritten: version, Debian version, checksum of the newest downloadable release"
ok "$(grep -qx '# sha256 of linux_1.0.5.orig.tar.xz, as listed in the suite.s signed Sources.' "$q/kernels/1.0.y/line.conf"; echo $?)" \
	"the comment on the checksum names the new tarball"
ok "$(grep -qx '# not-applicable 111111111111 vfio: fix a: already in linux 1.0.5 (the base took it from stable)' "$q/series/1.0.y"; echo $?)" \
	"the patch the release already has is dropped with a comment naming its id and the release"
ok "$([[ ! -e $q/patches/1.0.y/vfio-fix-a.patch ]] && grep -qx 'vfio-fix-b.patch' "$q/series/1.0.y"; echo $?)" \
	"its file is removed; the other patch stays"
says 'dropped, already in 1\.0\.5: vfio-fix-a\.patch \(111111111111\)' "the summary lists the drop"
ok "$([[ ! -e $state ]]; echo $?)" "a finished rebase leaves no working state"
run "$q/scripts/apply" 1.0.y
exits_ok "the rebased series applies to the new pin with fuzz 0 and no offsets"
reset_queue

# --to a release where the patches only move: both refreshed.
printf 'pass\t1\told base\n' >"$VFIO_QUEUE_RESULTS/1.0.y.x86_64.boot"
run "$q/scripts/rebase" 1.0.y --to 1.0.2 --no-verify
exits_ok "rebase --to 1.0.2 succeeds"
ok "$([[ ! -e $VFIO_QUEUE_RESULTS/1.0.y.x86_64.boot ]]; echo $?)" "the results recorded on the old base are forgotten"
says 'refreshed \(it only moved\): vfio-fix-a\.patch' "the summary lists the first refresh"
says 'refreshed \(it only moved\): vfio-fix-b\.patch' "and the second"
says 'interdiff of vfio-fix-a\.patch \(1\.0\.1 -> 1\.0\.2\):' "an interdiff of each refreshed patch is shown"
ok "$(git -C "$q" diff -U0 patches | grep -E '^[-+][^-+]' | grep -vcE '^[-+]@@ ' | grep -qx 0; echo $?)" \
	"the refresh changes only hunk lines: headers, notes and the diff format are kept"
ok "$(git -C "$q" diff patches | grep -qE '^\+@@ -5,7 \+5,7 @@$'; echo $?)" "the hunk moved by the three new lines"
run "$q/scripts/apply" 1.0.y
exits_ok "the refreshed series applies to 1.0.2 with no offsets"
reset_queue

# --to a release where patch B does not fit: stop, fix by hand, --continue.
run "$q/scripts/rebase" 1.0.y --to 1.0.4 --no-verify
exits_fail "rebase stops at a hunk that does not fit"
says 'vfio-fix-b\.patch does not apply to linux 1\.0\.4:' "the stop names the patch"
says 'drivers/vfio/vfio_main\.c hunk #1 at line 14' "and the hunk"
says 'quilt push -f --fuzz=0' "the commands to fix it are printed"
says "scripts/rebase 1\.0\.y --continue" "including how to resume"
ok "$(queue_clean && [[ $(pin VERSION) == 1.0.1 ]]; echo $?)" "nothing of the queue is changed at the stop"
run "$q/scripts/rebase" 1.0.y --to 1.0.2 --no-verify
exits_fail "a second rebase is refused while one is under way"
run "$q/scripts/rebase" 1.0.y --continue --no-verify
exits_fail "--continue before the patch is pushed is refused"
(cd "$state/src" && QUILT_PATCHES=$state/patches QUILT_SERIES=$state/series quilt push -f --fuzz=0 >/dev/null 2>&1)
run "$q/scripts/rebase" 1.0.y --continue --no-verify
exits_fail "--continue with a reject left is refused"
says 'vfio_main\.c\.rej' "the refusal names the reject"
sed -i 's/return 2;/return 20;/' "$state/src/drivers/vfio/vfio_main.c"
rm -f "$state/src/drivers/vfio/vfio_main.c.rej"
run "$q/scripts/rebase" 1.0.y --continue --no-verify
exits_ok "--continue after the fix finishes the rebase"
says 'fixed by hand and refreshed: vfio-fix-b\.patch' "the summary lists the hand fix"
ok "$(grep -qE '^ int vfio_b\(long x\)$' "$q/patches/1.0.y/vfio-fix-b.patch" && [[ $(pin VERSION) == 1.0.4 ]]; echo $?)" \
	"the fixed patch has the new context and the line pins 1.0.4"
reset_queue

# A release whose tarball is missing, a dirty queue, --abort.
run "$q/scripts/rebase" 1.0.y --to 1.0.3 --no-verify
exits_fail "rebase --to a listed release whose tarball is missing fails"
says 'linux 1\.0\.3 cannot be downloaded' "and says so"
echo '# local change' >>"$q/series/1.0.y"
run "$q/scripts/rebase" 1.0.y --to 1.0.2 --no-verify
exits_fail "a queue with uncommitted changes is refused"
ok "$(tail -1 "$q/series/1.0.y" | grep -qx '# local change'; echo $?)" "and the change is kept"
reset_queue
"$q/scripts/rebase" 1.0.y --to 1.0.4 --no-verify >/dev/null 2>&1
run "$q/scripts/rebase" 1.0.y --abort
exits_ok "--abort gives a stopped rebase up"
ok "$([[ ! -e $state ]] && queue_clean; echo $?)" "leaving no state and the queue as it was"
finish
