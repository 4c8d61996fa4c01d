#!/usr/bin/env bash
# The selftests verdict (scripts/lib/console.sh: selftests_results,
# selftests_verdict, selftests_summary) on recorded consoles of real IOMMU
# boots that ran upstream's vfio selftests (t/fixtures/console/selftests-*),
# against the lines' own expected failures and against lists broken on
# purpose: no QEMU, no build.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/console.sh"
consoles="$ROOT/t/fixtures/console"
type1=$consoles/selftests-5.10.y-x86_64.log
iommufd=$consoles/selftests-6.18.y-x86_64.log
plan 14

# rows KIND LOG EXPECTED: the verdict's rows of one verdict (fail, xfail,
# xpass), their details sorted.
rows() {
	selftests_verdict "$2" "$3" | awk -F'\t' -v v="$1" '$1 == v { print $2 " " $3 }' | LC_ALL=C sort
}
failures() {
	selftests_results "$1" | awk -F'\t' '$3 == "fail" { print $1 " " $2 }' | LC_ALL=C sort
}

# 5.10.y, type1v2 mode: its failures are the ones its list names.
nfail=$(failures "$type1" | wc -l)
ok "$([[ $nfail -gt 0 ]]; echo $?)" "the 5.10.y console has selftest failures ($nfail)"
ok "$([[ -z $(rows fail "$type1" "$ROOT/kernels/5.10.y/selftests-expected") ]]; echo $?)" \
	"against kernels/5.10.y/selftests-expected: no failure row"
ok "$([[ $(rows xfail "$type1" "$ROOT/kernels/5.10.y/selftests-expected" | wc -l) == "$nfail" ]]; echo $?)" \
	"every failure is an expected one, said as such"
ok "$([[ $(rows fail "$type1" /nonexistent | cut -d' ' -f2-) == "$(failures "$type1")" ]]; echo $?)" \
	"with no list, each failure is a failure row naming program and test"

# A list that lost an entry fails on exactly what the entry covered.
partial=$TAP_TMP/partial
grep -v 'unmap_all' "$ROOT/kernels/5.10.y/selftests-expected" >"$partial"
got=$(rows fail "$type1" "$partial" | cut -d' ' -f2-)
want=$(failures "$type1" | grep 'unmap_all')
ok "$([[ -n $want && $got == "$want" ]]; echo $?)" "a list without the unmap_all entry fails on unmap_all alone"
diag "got: $got" "want: $want"

# An entry without a reason is refused; an expected failure that passes is
# said.
printf 'vfio_dma_mapping_test *.overflow\n' >"$TAP_TMP/noreason"
ok "$(rows fail "$type1" "$TAP_TMP/noreason" | grep -q '^selftest-expected '; echo $?)" "an entry without a reason is a failure row"
{ cat "$ROOT/kernels/5.10.y/selftests-expected"; echo 'vfio_pci_device_test vfio_pci_device_test.reset a reason'; } >"$TAP_TMP/stale"
ok "$(rows xpass "$type1" "$TAP_TMP/stale" | grep -q '^selftest vfio_pci_device_test vfio_pci_device_test.reset$'; echo $?)" \
	"an expected failure that passed is an xpass row"
ok "$([[ -z $(rows fail "$type1" "$TAP_TMP/stale") ]]; echo $?)" "which fails nothing"

# A program cut short (the console ends inside its output) fails.
cut=$TAP_TMP/cut.log
awk '/^# selftests: vfio: vfio_dma_mapping_test/ { on = 1 } on && /^# ok / && ++n == 3 { print; exit } { print }' "$type1" >"$cut"
ok "$(rows fail "$cut" "$ROOT/kernels/5.10.y/selftests-expected" | grep -Eq '^selftest-plan vfio_dma_mapping_test 3 [0-9]+$'; echo $?)" \
	"a program whose output stops after 3 results is cut short, with its counts"

# The summary, and its counts against the results.
sum=$(selftests_summary "$type1")
pass=$(selftests_results "$type1" | awk -F'\t' '$3 == "pass"' | wc -l)
ok "$([[ $sum == "$pass pass, $nfail fail, "*" skip" ]]; echo $?)" "the summary counts them ($sum)"
# The programs' own "# Totals" lines agree with what was parsed.
totals=$(guest_tap "$type1" | sed -n 's/^# # Totals: pass:\([0-9]*\) fail:\([0-9]*\).*/\1 \2/p' |
	awk '{ p += $1; f += $2 } END { print p + 0, f + 0 }')
ok "$([[ $totals == "$pass $nfail" ]]; echo $?)" "the programs' own Totals lines agree ($totals)"

# 6.18.y, the selftests' own kernel, iommufd modes included: no failure.
ok "$(selftests_results "$iommufd" | cut -f2 | grep -q '\.iommufd'; echo $?)" \
	"the 6.18.y console ran iommufd variants"
ok "$([[ -z $(failures "$iommufd") && -z $(rows fail "$iommufd" "$ROOT/kernels/6.18.y/selftests-expected") ]]; echo $?)" \
	"and nothing failed there"

# A console without selftests (a plain boot) has no rows and no summary.
clean=$consoles/clean-5.10.y-x86_64.log
ok "$([[ -z $(selftests_verdict "$clean" /nonexistent) && -z $(selftests_summary "$clean") ]]; echo $?)" \
	"a plain boot's console has no selftests rows and no summary"
finish
