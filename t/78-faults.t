#!/usr/bin/env bash
# Faults: a guest kernel panic and a guest hang end with their own verdict
# and the console kept, well before the global timeout; an interrupted boot
# test leaves no QEMU behind (scripts/test --full); an interrupted apply
# leaves a user's tree whole or as it was, never half pushed; an
# interrupted build or unpack leaves the pristine tree verified or absent;
# two builds on one cache both finish (--full); a full disk while a tree is
# unpacked leaves the cache valid.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 28
. "$ROOT/scripts/lib.sh"
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true
"$ROOT/scripts/fetch-kernel" 5.10.y >/dev/null 2>&1 || true
# The boots are 5.10.y's, whose boot kernel t/72 builds.
load_line 5.10.y
boot_dir=$(cache_path boot 5.10.y x86_64)
# BOOT_TIMEOUT_SECONDS of scripts/boot-test: every verdict below must come
# well before it.
timeout_s=420

# A guest kernel panic (sysrq c from the guest's init).
start=$SECONDS
run "$ROOT/scripts/boot-test" 5.10.y --guest-args vfio_test.panic=1
exits_fail "a guest kernel panic fails the boot test"
says 'the kernel panicked' "the verdict says the kernel panicked"
says 'console log kept: /' "and the console is kept"
ok "$(grep -q '^fail' "$VFIO_QUEUE_RESULTS/5.10.y.x86_64.boot"; echo $?)" "the boot step is recorded as failed"
ok "$((SECONDS - start < timeout_s / 2 ? 0 : 1))" "the panic verdict comes in $((SECONDS - start)) s, well before the ${timeout_s} s timeout"

# A guest that hangs silently after its init started (not the known hang,
# which a short stall limit still recognises first).
start=$SECONDS
run env VFIO_BOOT_HANG_SECONDS=20 VFIO_BOOT_STALL=15 "$ROOT/scripts/boot-test" 5.10.y --guest-args vfio_test.hang=1
exits_fail "a guest that hangs fails the boot test"
says 'the guest hung: no console output for 20s' "the verdict says the guest hung"
says 'after: vfio-boot-test: start' "and where: the console's last line"
ok "$((SECONDS - start < timeout_s / 2 ? 0 : 1))" "the hang verdict comes in $((SECONDS - start)) s, well before the ${timeout_s} s timeout"

# qemu_of DIR: the QEMU processes booting the kernel of a boot dir.
qemu_of() { pgrep -f -- "-kernel $1/arch/x86/boot/bzImage" || true; }

# background CMD...: start CMD as a job of its own process group, with
# SIGINT as a terminal's foreground job has it (without job control, bash
# starts a background command with SIGINT ignored, and an ignored signal
# cannot be trapped); sets PID.
background() {
	set -m
	"$@" &
	PID=$!
	set +m
}

# interrupt_boot SIGNAL TARGET: start a boot test in its own process group,
# wait for its QEMU, then send SIGNAL to the boot test alone (TARGET=main,
# as a CI job's timeout does) or to its whole group (TARGET=group, as
# Ctrl-C does). Sets RC.
interrupt_boot() {
	local sig=$1 target=$2 pid waited=0
	background "$ROOT/scripts/boot-test" 5.10.y >"$TAP_TMP/interrupted.log" 2>&1
	pid=$PID
	while [[ -z $(qemu_of "$boot_dir") ]] && ((waited < 600)) && kill -0 "$pid" 2>/dev/null; do
		sleep 1
		waited=$((waited + 1))
	done
	sleep 3
	if [[ $target == group ]]; then
		kill "-$sig" -- "-$pid"
	else
		kill "-$sig" "$pid"
	fi
	RC=0
	wait "$pid" || RC=$?
	sleep 2
}

# Each interrupted boot costs a boot kernel check and a QEMU start: in the
# full run.
if in_full_run 4 "interrupted boot tests"; then
	interrupt_boot TERM main
	ok "$([[ $RC == 143 ]]; echo $?)" "SIGTERM to the boot test ends it (exit $RC)"
	ok "$([[ -z $(qemu_of "$boot_dir") ]]; echo $?)" "and leaves no QEMU running"
	interrupt_boot INT group
	ok "$([[ $RC != 0 ]]; echo $?)" "Ctrl-C (SIGINT to the process group) ends the boot test (exit $RC)"
	ok "$([[ -z $(qemu_of "$boot_dir") ]]; echo $?)" "and leaves no QEMU running"
fi

# An apply into a user's tree interrupted at any moment: the tree is whole
# (the run finished) or as it was (the run popped what it pushed).
load_line 5.10.y
pristine=$(pristine_tree)
files=$(series_files "$LINE_SERIES" "$LINE_PATCHES")
# The push of the 15 patches takes about half a second here.
for delay in 0.1 0.2 0.3; do
	user=$(scratch)
	cp -al "$pristine/." "$user/"
	background "$ROOT/scripts/apply" 5.10.y --tree "$user" >"$TAP_TMP/apply.log" 2>&1
	pid=$PID
	sleep "$delay"
	kill -INT -- "-$pid" 2>/dev/null || true
	rc=0
	wait "$pid" || rc=$?
	if ((rc == 0)); then
		state="whole: $(wc -l <"$user/.pc-vfio-queue/applied-patches") patches pushed"
		[[ $(wc -l <"$user/.pc-vfio-queue/applied-patches") == "$(series_patches "$LINE_SERIES" | wc -l)" ]]
	else
		state="as it was"
		[[ ! -s $user/.pc-vfio-queue/applied-patches ]] &&
			(cd "$user" && while read -r f; do
				if [[ -e $pristine/$f ]]; then cmp -s "$f" "$pristine/$f" || exit 1; else [[ ! -e $f ]] || exit 1; fi
			done <<<"$files")
	fi
	ok $? "apply interrupted after ${delay}s: the user's tree is $state"
	rm -rf "$user"
done

# A build interrupted by Ctrl-C: the pristine tree stays as verified.
background "$ROOT/scripts/build" 6.1.y --arch x86_64 >"$TAP_TMP/build-int.log" 2>&1
pid=$PID
sleep 8
kill -INT -- "-$pid" 2>/dev/null || true
wait "$pid"
ok "$("$ROOT/scripts/fetch-kernel" 6.1.y --offline >/dev/null 2>&1; echo $?)" "after a build interrupted by Ctrl-C the pristine tree is still the verified one"

# An unpack interrupted by Ctrl-C: a tree is stamped verified only by a
# fetch that said it succeeded, and the next fetch completes.
load_line 6.1.y
cache=$(scratch)
mkdir -p "$cache/downloads"
cp "$QUEUE_CACHE/downloads/linux_$LINE_VERSION.orig.tar.xz" "$cache/downloads/"
background env VFIO_QUEUE_CACHE="$cache" "$ROOT/scripts/fetch-kernel" 6.1.y --offline >"$TAP_TMP/fetch-int.log" 2>&1
pid=$PID
sleep 3
kill -INT -- "-$pid" 2>/dev/null || true
rc=0
wait "$pid" || rc=$?
stamped=0
[[ -e $cache/trees/linux-$LINE_VERSION/$VERIFIED_STAMP ]] && stamped=1
ok "$([[ ($rc == 0 && $stamped == 1) || ($rc != 0 && $stamped == 0) ]]; echo $?)" \
	"an unpack interrupted by Ctrl-C (exit $rc) leaves a verified tree only if the fetch said it succeeded"
run env VFIO_QUEUE_CACHE="$cache" "$ROOT/scripts/fetch-kernel" 6.1.y --offline
exits_ok "the next fetch-kernel unpacks and verifies the tree"
ok "$(compgen -G "$cache/trees/linux-*.partial.*" >/dev/null; echo $((!$?)))" "and leaves no partial unpack behind"
rm -rf "$cache"

# Two builds on one cache at once: the build lock makes them take turns
# (two builds of 6.1.y's vfio objects: in the full run).
if in_full_run 3 "two builds at once"; then
	"$ROOT/scripts/build" 6.1.y --arch x86_64 >"$TAP_TMP/build1.log" 2>&1 &
	first=$!
	"$ROOT/scripts/build" 6.1.y --arch x86_64 >"$TAP_TMP/build2.log" 2>&1
	second=$?
	wait "$first"
	ok "$?" "of two builds started together on one cache, the first passes"
	ok "$second" "and the second too"
	ok "$(grep -q '^pass' "$VFIO_QUEUE_RESULTS/6.1.y.x86_64.build"; echo $?)" "the recorded build result is a pass"
fi

# A full disk while the tree is unpacked: a clear error, the verified
# tarball kept, no partial tree left to be taken for a tree.
full=$(scratch)
load_line 6.1.y
tarball="$QUEUE_CACHE/downloads/linux_$LINE_VERSION.orig.tar.xz"
if mount -t tmpfs -o size=300m vfio-queue-full "$full" 2>/dev/null; then
	mkdir -p "$full/downloads"
	cp "$tarball" "$full/downloads/"
	run env VFIO_QUEUE_CACHE="$full" "$ROOT/scripts/fetch-kernel" 6.1.y --offline
	exits_fail "fetch-kernel fails when the disk fills while unpacking"
	says 'No space left on device' "the error says the disk is full"
	says "unpacking .* failed" "and what failed"
	ok "$(compgen -G "$full/trees/linux-*" >/dev/null; echo $((!$?)))" "no partial tree is left in the cache"
	ok "$(cmp -s "$tarball" "$full/downloads/${tarball##*/}"; echo $?)" "the verified tarball is still there, intact"
	umount "$full"
else
	for _ in 1 2 3 4 5; do skip "cannot mount a small tmpfs here (not root?): the full-disk case is not run"; done
fi
finish
