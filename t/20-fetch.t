#!/usr/bin/env bash
# fetch-kernel: real downloads from Debian, and every way a source can be bad.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 22
. "$ROOT/scripts/lib.sh"

# The real 6.1.y tree, in the user's cache (downloaded once, then reused).
run "$ROOT/scripts/fetch-kernel" 6.1.y
exits_ok "fetch-kernel 6.1.y gets a verified tree"
tree=$(tail -n1 <<<"$OUT")
ok "$([[ -f $tree/$VERIFIED_STAMP && -f $tree/drivers/vfio/vfio_main.c ]]; echo $?)" "the 6.1.y tree is complete and stamped"
load_line 6.1.y
orig="$QUEUE_CACHE/downloads/linux_${LINE_VERSION}.orig.tar.xz"
before=$(stat -c %Y "$orig" 2>/dev/null || echo none)
start=$SECONDS
run "$ROOT/scripts/fetch-kernel" 6.1.y
exits_ok "a second fetch-kernel 6.1.y succeeds"
ok "$(((SECONDS - start) < 5 ? 0 : 1))" "a second fetch downloads and unpacks nothing (took $((SECONDS - start)) s)"
ok "$([[ $(stat -c %Y "$orig" 2>/dev/null || echo none) == "$before" ]]; echo $?)" "the verified orig tarball was not fetched again"

# A truncated orig tarball in a private cache: rejected, removed, never used.
export VFIO_QUEUE_CACHE
VFIO_QUEUE_CACHE=$(scratch)
mkdir -p "$VFIO_QUEUE_CACHE/downloads"
bad="$VFIO_QUEUE_CACHE/downloads/${orig##*/}"
head -c 4M "$orig" >"$bad"
run "$ROOT/scripts/fetch-kernel" 6.1.y --offline
exits_fail "a truncated orig tarball fails"
says "removed .*${orig##*/}" "the truncated tarball is reported removed"
ok "$([[ ! -e $bad ]]; echo $?)" "the truncated tarball is gone from the cache"
ok "$([[ ! -e $VFIO_QUEUE_CACHE/trees/linux-$LINE_VERSION ]]; echo $?)" "no tree was made from it"

# Same size, one byte changed: the checksum catches it.
cp "$orig" "$bad"
printf 'X' | dd of="$bad" bs=1 seek=1000000 conv=notrunc status=none
run "$ROOT/scripts/fetch-kernel" 6.1.y --offline
exits_fail "an orig tarball with a wrong checksum fails"
says "sha256 does not match" "the checksum mismatch is named"
ok "$([[ ! -e $bad ]]; echo $?)" "the corrupt tarball is gone from the cache"

# 5.15.y is not in Debian: offline with nothing cached, say how to provide it.
run "$ROOT/scripts/fetch-kernel" 5.15.y --offline
exits_fail "5.15.y offline with nothing cached fails"
says "fetch-kernel 5.15.y --tarball" "the message says how to give a tarball"
says "fetch-kernel 5.15.y --tree" "the message says how to give a tree"

# A tarball that is not linux-5.15.145: its files do not match the manifest.
fake=$(scratch)
mkdir -p "$fake/linux-5.15.145/drivers/vfio"
echo 'VERSION = 5' >"$fake/linux-5.15.145/Makefile"
echo '/* not vfio.c */' >"$fake/linux-5.15.145/drivers/vfio/vfio.c"
tar -C "$fake" -cJf "$fake/linux-5.15.145.tar.xz" linux-5.15.145
run "$ROOT/scripts/fetch-kernel" 5.15.y --tarball "$fake/linux-5.15.145.tar.xz"
exits_fail "a tarball of another tree fails verification"
says "does not match .*vfio-files.sha256" "the manifest mismatch is named"
head -c -24 "$fake/linux-5.15.145.tar.xz" >"$fake/truncated.tar.xz"
run "$ROOT/scripts/fetch-kernel" 5.15.y --tarball "$fake/truncated.tar.xz"
says "failed verification" "a truncated 5.15.y tarball fails verification"
rm -rf "$fake" "$VFIO_QUEUE_CACHE"
unset VFIO_QUEUE_CACHE

# A pristine tree whose vfio files changed after verification is refused.
export VFIO_QUEUE_CACHE
VFIO_QUEUE_CACHE=$(scratch)
load_line 6.1.y
mini="$VFIO_QUEUE_CACHE/trees/linux-$LINE_VERSION"
mkdir -p "$mini/drivers/vfio"
echo 'all:' >"$mini/Makefile"
echo '/* vfio */' >"$mini/drivers/vfio/vfio_main.c"
(cd "$mini" && vfio_files . | xargs sha256sum >"$TREE_FILES_STAMP" && touch "$VERIFIED_STAMP")
# An empty series: this checks the pristine-tree guard, not the 6.1.y queue,
# whose patches the small tree could not take.
empty=$(scratch)
: >"$empty/series"
run "$ROOT/scripts/apply" 6.1.y --series "$empty/series" --patches "$empty"
exits_ok "an unmodified (small) pristine tree is accepted"
echo '/* written in place */' >>"$mini/drivers/vfio/vfio_main.c"
run "$ROOT/scripts/apply" 6.1.y --series "$empty/series" --patches "$empty"
exits_fail "a pristine tree modified after verification is refused"
says "pristine 6.1.y tree .* was modified" "the refusal says the pristine tree was modified"
rm -rf "$VFIO_QUEUE_CACHE"
unset VFIO_QUEUE_CACHE

# The real 5.15.y tree, where this machine has one (CI machines do not).
load_line 5.15.y
if [[ -d $(pristine_tree) ]]; then
	run "$ROOT/scripts/fetch-kernel" 5.15.y --offline
	exits_ok "fetch-kernel 5.15.y verifies the 5.15.145 tree in the cache"
else
	skip "5.15.y tree missing on this machine: provide it with scripts/fetch-kernel 5.15.y --tarball FILE or --tree DIR"
fi
finish
