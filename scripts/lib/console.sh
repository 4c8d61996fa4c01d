# shellcheck shell=bash
# The console verdict of a boot test. Owns what fails a boot: the splat
# patterns, the guest TAP rules, what each ending of a QEMU run means. Pure:
# a function of the console log and the run's status, no QEMU, make or
# network, so t/unit/console.t tests it on recorded consoles in seconds.
# Sourced by scripts/boot-test (which boots, then renders these rows).

# Serial console patterns that fail a run whatever the tests said.
# kmemleak is judged by the guest program, which reads the objects in
# /sys/kernel/debug/kmemleak and fails its last test on any the tests
# allocated; the console's "N new suspected memory leaks" line also counts
# objects from boot (5.10's and 5.15's x86 pci_legacy_init() resource
# entries), so it is not a splat here.
CONSOLE_SPLAT_PATTERN='BUG:|WARNING:|Oops|KASAN|kernel BUG|general protection fault|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|ODEBUG:|INFO: task .* blocked'

# How a run ended, as scripts/boot-test's run_qemu returns it; any other
# status is QEMU's own. (RUN_KNOWN_HANG is boot-test's alone: it boots
# again.)
# shellcheck disable=SC2034
{
	RUN_TIMEOUT=124     # the global timeout
	RUN_NO_POWEROFF=125 # the tests finished, the guest did not power off
	RUN_KNOWN_HANG=126  # the console stalled on the line's known base-kernel hang
	RUN_SILENT=127      # the console was silent too long anywhere else
}

# The line the guest's init prints last; without it the guest stopped early.
GUEST_DONE_LINE='^vfio-boot-test: done'

# console_text LOG: the console without the serial line's carriage returns.
console_text() {
	tr -d '\r' <"$1"
}

# guest_tap LOG: the guest program's TAP, without the kernel messages the
# console interleaves.
guest_tap() {
	console_text "$1" | sed -n '/^TAP version/,/^# Totals/p' | grep -v '^\[ *[0-9]*\.[0-9]*\]' || true
}

# console_last_line LOG: the console's last line that says something (not
# QEMU's own termination message).
console_last_line() {
	console_text "$1" | grep -v -e '^[[:space:]]*$' -e '^qemu-system-' | tail -n 1
}

# Kernel messages printed from timers whatever the boot is doing, so they
# say nothing of where it stopped: under TCG on a busy host the clocksource
# watchdog finds the TSC skewed and says so (seen after a stall, CI run of
# 2026-11-30, t/fixtures/console/known-hang-watchdog-6.1.y-x86_64.log).
CONSOLE_TIMER_NOISE='^\[ *[0-9]+\.[0-9]+\] (clocksource: |tsc: Marking TSC unstable|TSC found unstable|sched_clock: Marking unstable)'

# stalled_on_known_hang LOG PATTERN: the console's last line, timer noise
# aside, is the known hang PATTERN describes (an ERE; empty: the line has
# none).
stalled_on_known_hang() {
	[[ -n $2 ]] && console_text "$1" | grep -Ev -- "$CONSOLE_TIMER_NOISE" | tail -n 1 | grep -Eq -- "$2"
}

# console_verdict LOG STATUS: why a run fails, one record a line,
#   fail<TAB>KIND<TAB>DETAIL
# KIND is timeout, hang, poweroff, panic, no-plan, short, not-ok, splat or
# unfinished; nothing is printed when the run passes. DETAIL is one line:
# the console's last line (hang), "RAN PLANNED" (short), a "not ok" line or
# one of the three after it (not-ok), "N:LINE" of the console (splat).
console_verdict() {
	local log=$1 status=$2 tap planned ran
	tap=$(guest_tap "$log")
	case $status in
	"$RUN_TIMEOUT") printf 'fail\ttimeout\t\n' ;;
	"$RUN_SILENT") printf 'fail\thang\t%s\n' "$(console_last_line "$log")" ;;
	"$RUN_NO_POWEROFF") printf 'fail\tpoweroff\t\n' ;;
	esac
	if grep -q 'Kernel panic' "$log"; then
		printf 'fail\tpanic\t\n'
	fi
	planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' <<<"$tap" | head -1)
	if [[ -z $planned ]]; then
		printf 'fail\tno-plan\t\n'
	else
		ran=$(grep -cE '^(not )?ok ' <<<"$tap" || true)
		[[ $ran == "$planned" ]] || printf 'fail\tshort\t%s %s\n' "$ran" "$planned"
	fi
	{ grep -A3 '^not ok' <<<"$tap" || true; } | grep -v '^--$' | sed 's/^/fail\tnot-ok\t/' || true
	{ console_text "$log" | grep -En "$CONSOLE_SPLAT_PATTERN" || true; } | head -20 | sed 's/^/fail\tsplat\t/'
	grep -q "$GUEST_DONE_LINE" "$log" || printf 'fail\tunfinished\t\n'
	return 0
}

# Upstream's vfio selftests in the guest's TAP (ci/guest/selftests.c): a
# "# selftests: vfio: PROGRAM" line, the program's own kselftest TAP behind
# "# ", then "# selftests: vfio: PROGRAM: exit STATUS", up to the guest's
# next step line.
KSFT_SKIP=4

# selftests_results LOG: one row a selftest result, PROGRAM<TAB>TEST<TAB>
# STATUS (pass, fail or skip; TEST "*" for a program that skipped whole,
# exit KSFT_SKIP without a plan), and one row PROGRAM<TAB>-<TAB>plan RAN
# PLANNED a program (PLANNED empty: it printed no plan).
selftests_results() {
	guest_tap "$1" | awk -v skip="$KSFT_SKIP" '
		function end_block() {
			if (prog == "")
				return
			if (planned == "" && ran == 0 && status == skip) {
				printf "%s\t*\tskip\n", prog
				planned = 0
			}
			printf "%s\t-\tplan %d %s\n", prog, ran, planned
			prog = ""
		}
		/^# selftests: vfio: [^ ]+: exit [0-9]+$/ { status = $NF; next }
		/^# selftests: vfio: [^ ]+$/ { end_block(); prog = $4; ran = 0; planned = ""; status = ""; next }
		prog == "" { next }
		/^(not )?ok [0-9]+ / { end_block(); next }
		/^# 1\.\.[0-9]+/ { planned = substr($2, 4); sub(/[^0-9].*/, "", planned); next }
		/^# (not )?ok [0-9]+ / {
			line = substr($0, 3)
			status = line ~ /^not ok/ ? "fail" : "pass"
			sub(/^(not )?ok [0-9]+ /, "", line)
			if (line ~ / # SKIP/)
				status = "skip"
			sub(/ # .*/, "", line)
			printf "%s\t%s\t%s\n", prog, line, status
			ran++
		}
		END { end_block() }'
}

# selftests_verdict LOG EXPECTED: the selftests' results against the line's
# expected failures (EXPECTED: rows "PROGRAM TEST-GLOB REASON", # comments;
# a missing file expects none). One record a line,
#   fail<TAB>selftest<TAB>PROGRAM TEST      a failure not expected
#   fail<TAB>selftest-plan<TAB>PROGRAM RAN PLANNED   a program cut short
#   fail<TAB>selftest-expected<TAB>LINE     an entry without a reason
#   xfail<TAB>selftest<TAB>PROGRAM TEST     a failure expected (reported)
#   xpass<TAB>selftest<TAB>PROGRAM TEST     an expected failure that passed
# Nothing is printed when the console has no selftests.
selftests_verdict() {
	local log=$1 expected=$2 prog test status rest ran planned pattern found i
	local -a xprog=() xglob=()
	if [[ -f $expected ]]; then
		while read -r prog pattern rest; do
			[[ -z $prog || $prog == \#* ]] && continue
			if [[ -z $rest ]]; then
				printf 'fail\tselftest-expected\t%s %s\n' "$prog" "$pattern"
				continue
			fi
			xprog+=("$prog") xglob+=("$pattern")
		done <"$expected"
	fi
	while IFS=$'\t' read -r prog test status; do
		if [[ $test == - ]]; then
			read -r _ ran planned <<<"$status"
			[[ -n $planned && $ran == "$planned" ]] ||
				printf 'fail\tselftest-plan\t%s %s %s\n' "$prog" "$ran" "${planned:-none}"
			continue
		fi
		[[ $status == skip ]] && continue
		found=0
		for i in "${!xprog[@]}"; do
			# The entry is a glob: unquoted on purpose.
			# shellcheck disable=SC2053
			[[ $prog == "${xprog[i]}" && $test == ${xglob[i]} ]] && { found=1; break; }
		done
		case $status:$found in
		fail:0) printf 'fail\tselftest\t%s %s\n' "$prog" "$test" ;;
		fail:1) printf 'xfail\tselftest\t%s %s\n' "$prog" "$test" ;;
		pass:1) printf 'xpass\tselftest\t%s %s\n' "$prog" "$test" ;;
		esac
	done < <(selftests_results "$log")
	return 0
}

# selftests_summary LOG: "PASS pass, FAIL fail, SKIP skip" of the selftests'
# results (empty when the console has none).
selftests_summary() {
	selftests_results "$1" | awk -F'\t' '
		$2 != "-" { n[$3]++; any = 1 }
		END { if (any) printf "%d pass, %d fail, %d skip\n", n["pass"], n["fail"], n["skip"] }'
}
