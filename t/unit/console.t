#!/usr/bin/env bash
# The console verdict (scripts/lib/console.sh) on recorded consoles of real
# boots (t/fixtures/console/, each named in its verdicts file with how its
# run ended and what the verdict must say): no QEMU, no build.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/console.sh"
consoles="$ROOT/t/fixtures/console"

# The recorded consoles: "LOG STATUS KINDS..." (KINDS: the verdict's kinds,
# sorted, or "pass").
mapfile -t cases < <(grep -v -e '^#' -e '^$' "$consoles/verdicts")
plan $((${#cases[@]} * 2 + 10))

# kinds LOG STATUS: the kinds of the verdict's rows, sorted, one line.
kinds() {
	local k
	k=$(console_verdict "$1" "$2" | cut -f2 | LC_ALL=C sort -u | paste -sd' ')
	printf '%s\n' "${k:-pass}"
}

for c in "${cases[@]}"; do
	read -r log status want <<<"$c"
	got=$(kinds "$consoles/$log" "$status")
	ok "$([[ $got == "$want" ]]; echo $?)" "$log (run status $status): verdict $want"
	[[ $got == "$want" ]] || diag "got: $got" "$(console_verdict "$consoles/$log" "$status")"
	rows=$(console_verdict "$consoles/$log" "$status")
	ok "$(awk -F'\t' 'NF && (NF != 3 || $1 != "fail") { bad = 1 } END { exit bad }' <<<"$rows"; echo $?)" \
		"$log: every row is fail<TAB>KIND<TAB>DETAIL"
done

# The detail a person reads: where a silent guest stopped, what splatted.
hang=$(awk '!/^#/ && $3 ~ /hang/ { print $1; exit }' "$consoles/verdicts")
detail=$(console_verdict "$consoles/$hang" "$RUN_SILENT" | awk -F'\t' '$2 == "hang" { print $3 }')
ok "$([[ -n $detail && $detail != qemu-system-* ]]; echo $?)" "a hang names the console's last line ($detail)"
# verdict_has NAME ROW_ERE: the verdict of the recorded console whose name
# contains NAME (with its run status from the verdicts file) has a row
# matching ROW_ERE.
verdict_has() {
	local log status
	read -r log status < <(awk -v n="$1" '!/^#/ && index($1, n) { print $1, $2; exit }' "$consoles/verdicts")
	console_verdict "$consoles/$log" "$status" | grep -Eq "$2"
}
ok "$(verdict_has kasan $'^fail\tsplat\t[0-9]+:.*KASAN'; echo $?)" \
	"a KASAN report is a splat row with its console line number"
ok "$(verdict_has kmemleak $'^fail\tnot-ok\tnot ok [0-9]+ - kmemleak: no leak after the tests'; echo $?)" \
	"a leak the tests made is the guest's failed kmemleak test, named"
ok "$(verdict_has refcount $'^fail\tsplat\t[0-9]+:.*WARNING: .* refcount_warn_saturate'; echo $?)" \
	"a refcount_t underflow is a splat row of its own, beside the KASAN report"
ok "$(verdict_has lockdep $'^fail\tsplat\t[0-9]+:.*possible recursive locking detected'; echo $?)" \
	"lockdep's recursive locking report is a splat row, beside the hang it ends in"

# A known base-kernel hang (BOOT_KNOWN_HANG of a line.conf): 6.1.y's RCU-tasks
# self test. A console whose last line is the one the pattern names is
# recognised; with one more line after it, it is not. The recorded clean
# 6.1.y console, cut after that line, is what the hang leaves (the hang
# prints nothing more: seen in 7 of 148 TCG boots).
stall=$TAP_TMP/stall.log
load_line 6.1.y
clean=$(awk '!/^#/ && $1 ~ /^clean-6\.1\.y/ { print $1; exit }' "$consoles/verdicts")
console_text "$consoles/$clean" | sed -E "/$LINE_BOOT_KNOWN_HANG/q" >"$stall"
ok "$([[ $(wc -l <"$stall") -lt $(wc -l <"$consoles/$clean") ]]; echo $?)" \
	"the recorded 6.1.y console has the known hang's line ($LINE_BOOT_KNOWN_HANG)"
ok "$(stalled_on_known_hang "$stall" "$LINE_BOOT_KNOWN_HANG"; echo $?)" \
	"a console stalled on its known hang's line is recognised"
echo 'the next line' >>"$stall"
ok "$(! stalled_on_known_hang "$stall" "$LINE_BOOT_KNOWN_HANG"; echo $?)" \
	"one more line after it, and it is not"
# The clocksource watchdog may speak after the stall (TCG on a busy host):
# a recorded console of t/70's stand-in stall (vfio_test.stall=1), as QEMU
# left it before it was stopped, is still the known hang; a line of the
# boot after the watchdog's is not.
watchdog=$TAP_TMP/watchdog.log
grep -v '^qemu-system-' "$consoles/known-hang-watchdog-6.1.y-x86_64.log" >"$watchdog"
ok "$(stalled_on_known_hang "$watchdog" '^vfio-boot-test: stalling$'; echo $?)" \
	"a stall followed by the clocksource watchdog's messages is recognised"
echo '[    9.000000] vfio-pci 0000:00:03.0: enabling device' >>"$watchdog"
ok "$(! stalled_on_known_hang "$watchdog" '^vfio-boot-test: stalling$'; echo $?)" \
	"a boot message after them, and it is not"
finish
