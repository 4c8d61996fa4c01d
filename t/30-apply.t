#!/usr/bin/env bash
# apply: real series on real trees, fixture series that must apply or fail,
# and a user's own tree that must never be touched when it is not clean.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 32
. "$ROOT/scripts/lib.sh"
fixtures="$ROOT/t/fixtures/apply"
comment='fixture: a comment that applies cleanly'

# Each line's real series on its pristine tree (5.15.y only where it exists).
for line in 6.1.y 6.12.y 6.18.y 5.10.y 5.15.y; do
	load_line "$line"
	if [[ ! -f $(pristine_tree)/$VERIFIED_STAMP ]]; then
		if [[ $line == 5.15.y ]]; then
			skip "5.15.y tree missing on this machine: provide it with scripts/fetch-kernel 5.15.y --tarball FILE or --tree DIR"
			continue
		fi
		"$ROOT/scripts/fetch-kernel" "$line" >/dev/null 2>&1
	fi
	run "$ROOT/scripts/apply" "$line"
	exits_ok "the $line series applies to linux-$LINE_VERSION with fuzz 0 and no offsets"
done

# Called through run, which shellcheck cannot follow.
# shellcheck disable=SC2317
fixture() { "$ROOT/scripts/apply" 6.1.y --series "$fixtures/$1/series" --patches "$fixtures/$1" "${@:2}"; }

run fixture good
exits_ok "a fixture series that fits applies"
ok "$(grep -qF "$comment" "$(tail -n1 <<<"$OUT")/drivers/vfio/vfio_main.c"; echo $?)" "the working copy has the change"
pristine=$(load_line 6.1.y && pristine_tree)
ok "$(grep -qF "$comment" "$pristine/drivers/vfio/vfio_main.c"; echo $((!$?)))" "the pristine tree does not"

run fixture fuzz
exits_fail "a patch that needs fuzz fails"
says "0001-vfio-fixture-needs-fuzz.patch: Hunk #1 FAILED" "the failure names the patch and the hunk"

run fixture offset
exits_fail "a patch that applies only at an offset fails"
says "0001-vfio-fixture-offset.patch: Hunk #1 succeeded at [0-9]+ \(offset 12 lines\)" "the failure names the patch, the hunk and the offset"

# A user's tree: a small git tree holding the file the fixtures touch.
user=$(scratch)
mkdir -p "$user/drivers/vfio"
echo 'all:' >"$user/Makefile"
cp "$pristine/drivers/vfio/vfio_main.c" "$user/drivers/vfio/"
git -C "$user" init -q
git -C "$user" -c user.name=t -c user.email=t@t add -A
git -C "$user" -c user.name=t -c user.email=t@t commit -qm base

echo '/* local change */' >>"$user/drivers/vfio/vfio_main.c"
sum=$(sha256sum <"$user/drivers/vfio/vfio_main.c")
run fixture good --tree "$user"
exits_fail "a dirty user tree is refused"
says "uncommitted changes" "the refusal says why"
ok "$([[ $(sha256sum <"$user/drivers/vfio/vfio_main.c") == "$sum" && ! -e $user/.pc-vfio-queue ]]; echo $?)" "the dirty tree is untouched"
git -C "$user" checkout -q -- .

run fixture good --tree "$user" --check
exits_ok "--check says a fitting series applies to a user tree"
ok "$([[ -z $(git -C "$user" status --porcelain) ]]; echo $?)" "--check leaves the user tree untouched"
run fixture offset --tree "$user" --check
exits_fail "--check says an offset series does not apply cleanly"

run fixture fuzz --tree "$user"
exits_fail "a failing series on a clean user tree fails"
ok "$([[ -z $(git -C "$user" status --porcelain --ignored) ]]; echo $?)" "after the failure the user tree is as it was"

run fixture good --tree "$user"
exits_ok "a fitting series applies to a clean user tree"
ok "$(grep -qF "$comment" "$user/drivers/vfio/vfio_main.c"; echo $?)" "the user tree has the change"
ok "$([[ -f $user/.pc-vfio-queue/applied-patches && ! -e $user/.pc ]]; echo $?)" "its quilt state is in .pc-vfio-queue"

# A tree with its own quilt stack pushed (dpkg-source -x of a Debian source
# package leaves its patches in .pc): the queue goes on top, and that .pc
# stays as it was.
deb=$(scratch)
mkdir -p "$deb/drivers/vfio" "$deb/.pc/debian-fix"
echo 'all:' >"$deb/Makefile"
cp "$pristine/drivers/vfio/vfio_main.c" "$deb/drivers/vfio/"
echo debian-fix >"$deb/.pc/applied-patches"
echo 2 >"$deb/.pc/.version"
debpc=$(cd "$deb/.pc" && find . -type f -exec sha256sum {} + | sort)
run fixture good --tree "$deb"
exits_ok "a series applies to a tree with its own quilt stack pushed"
ok "$([[ $(cd "$deb/.pc" && find . -type f -exec sha256sum {} + | sort) == "$debpc" ]]; echo $?)" "and the tree's own .pc is untouched"
run fixture good --tree "$deb"
exits_fail "the queue already pushed in a user tree is refused"
says "QUILT_PC=.pc-vfio-queue quilt pop -a" "and the refusal says how to pop it"
# Doing what the refusal says (quilt leaves the state directory behind,
# empty) must let the queue be pushed again.
(cd "$deb" && QUILT_PC=.pc-vfio-queue QUILT_PATCHES="$fixtures/good" \
	QUILT_SERIES="$fixtures/good/series" quilt pop -a -q >/dev/null)
run fixture good --tree "$deb"
exits_ok "after the pop the refusal asked for, the queue is pushed again"
rm -rf "$deb"

# Already applied: the patch reverse-applies, and apply says so.
git -C "$user" -c user.name=t -c user.email=t@t add drivers
git -C "$user" -c user.name=t -c user.email=t@t commit -qm applied
rm -rf "$user/.pc-vfio-queue"
run fixture good --tree "$user"
exits_fail "a series already in the tree does not apply again"
says "0001-vfio-fixture-comment.patch: already in the tree" "apply says the patch is already in the tree"
rm -rf "$user"

# An empty series passes.
empty=$(scratch)
printf '# nothing yet\n' >"$empty/series"
run "$ROOT/scripts/apply" 6.1.y --series "$empty/series" --patches "$empty"
exits_ok "an empty series passes"
says "empty series" "and says it is empty"
rm -rf "$empty"
finish
