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
plan $((${#cases[@]} * 2 + 5))

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
hang=$(awk '$3 ~ /hang/ { print $1; exit }' "$consoles/verdicts")
detail=$(console_verdict "$consoles/$hang" "$RUN_SILENT" | awk -F'\t' '$2 == "hang" { print $3 }')
ok "$([[ -n $detail && $detail != qemu-system-* ]]; echo $?)" "a hang names the console's last line ($detail)"
kasan=$(awk '$1 ~ /kasan/ { print $1, $2; exit }' "$consoles/verdicts")
ok "$(console_verdict "$consoles/${kasan% *}" "${kasan#* }" | grep -q $'^fail\tsplat\t[0-9]*:.*KASAN'; echo $?)" \
	"a KASAN report is a splat row with its console line number"
leak=$(awk '$1 ~ /kmemleak/ { print $1, $2; exit }' "$consoles/verdicts")
ok "$(console_verdict "$consoles/${leak% *}" "${leak#* }" | grep -q $'^fail\tnot-ok\tnot ok [0-9]* - kmemleak: no leak after the tests'; echo $?)" \
	"a leak the tests made is the guest's failed kmemleak test, named"

# A known base-kernel hang (BOOT_KNOWN_HANG of a line.conf, 6.1.y's being
# its RCU-tasks self test): a console whose last line is the one the
# pattern names is recognised; with one more line after it, it is not. The
# recorded console, cut where 5.15 runs its RCU self tests, stands for the
# stall.
stall=$TAP_TMP/stall.log
clean=$(awk '$2 == 0 && $3 == "pass" { print $1; exit }' "$consoles/verdicts")
sed '/Running RCU self tests/q' "$consoles/$clean" >"$stall"
known='Running RCU self tests$'
ok "$(stalled_on_known_hang "$stall" "$known"; echo $?)" \
	"a console stalled on its known hang's line is recognised"
echo 'the next line' >>"$stall"
ok "$(! stalled_on_known_hang "$stall" "$known"; echo $?)" \
	"one more line after it, and it is not"
finish
