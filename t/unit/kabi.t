#!/usr/bin/env bash
# The kABI verdict (scripts/lib/kabi.sh) on the recorded rows of real
# reports (t/fixtures/kabi/rows/: scripts/abi-report of 5.10.y and 5.15.y,
# every arch): judged again against the lines' kabi-accepted lists they
# give the verdicts recorded; against lists missing an entry, the breaks
# that entry covered come back. No build.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/kabi.sh"
rows="$ROOT/t/fixtures/kabi/rows"
plan 10

# judge LINE ACCEPTED: every measured row of LINE's recorded report judged
# against ACCEPTED, as "ARCH KIND NAME<TAB>VERDICT" lines; BREAKS, ACCEPTED
# and THROUGH count them (so it is not run in a command substitution).
judge() {
	local arch kind name via
	ACCEPTED_LIST=$2 BREAKS=0 ACCEPTED=0 THROUGH=0
	while IFS=$'\t' read -r arch kind name _ _ via; do
		case $kind in
		removed) verdict export "$name" ;;
		crc) verdict_crc "$name" "${via//-/}" ;;
		type) [[ $name == struct\ * || $name == union\ * ]] || continue; verdict struct "${name#* }" ;;
		*) continue ;;
		esac
		printf '%s %s %s\t%s\n' "$arch" "$kind" "$name" "$VERDICT"
	done <"$rows/$1.rows"
}

# recorded LINE: the verdicts the report recorded, in the same form.
recorded() {
	awk -F'\t' '$2 == "removed" || $2 == "crc" || ($2 == "type" && $3 ~ /^(struct|union) /) {
		printf "%s %s %s\t%s\n", $1, $2, $3, $5 }' "$rows/$1.rows"
}

for line in 5.10.y 5.15.y; do
	load_line "$line"
	judge "$line" "$LINE_DIR/kabi-accepted" >"$TAP_TMP/got"
	got=$(<"$TAP_TMP/got")
	ok "$([[ $got == "$(recorded "$line")" ]]; echo $?)" "$line: judged again, every recorded row keeps its verdict"
	ok "$((BREAKS == 0 ? 0 : 1))" "$line: no break outside kabi-accepted ($BREAKS)"
done

# Without its vfio_device entry, 5.15.y's structure change is a break, and
# so is every CRC change that went through it.
load_line 5.15.y
cut=$TAP_TMP/accepted
grep -v '^struct vfio_device ' "$LINE_DIR/kabi-accepted" >"$cut"
judge 5.15.y "$cut" >"$TAP_TMP/got"
got=$(<"$TAP_TMP/got")
ok "$(grep -q $'^x86_64 type struct vfio_device\tBREAK' <<<"$got"; echo $?)" "struct vfio_device not accepted: a break"
ok "$(grep -q $'^x86_64 crc vfio_device_put\tBREAK' <<<"$got"; echo $?)" "and vfio_device_put's CRC, which changes through it, a break of its own"
ok "$((THROUGH == 0 ? 0 : 1))" "no CRC change is accepted through an unaccepted structure ($THROUGH)"

# An export the list accepts by name is accepted with its reason; taken out
# of the list, its removal is a break.
load_line 5.10.y
judge 5.10.y "$LINE_DIR/kabi-accepted" >"$TAP_TMP/got"
got=$(<"$TAP_TMP/got")
ok "$(grep -q $'^x86_64 removed vfio_add_group_dev\taccepted: 1ae1b20f6f2c' <<<"$got"; echo $?)" "an accepted removal carries the list's reason"
grep -v '^export vfio_add_group_dev ' "$LINE_DIR/kabi-accepted" >"$cut"
judge 5.10.y "$cut" >"$TAP_TMP/got"
got=$(<"$TAP_TMP/got")
ok "$(grep -q $'^x86_64 removed vfio_add_group_dev\tBREAK' <<<"$got"; echo $?)" "not listed, it is a break"
ok "$((BREAKS == 3 ? 0 : 1))" "once on each of the three arches ($BREAKS)"
finish
