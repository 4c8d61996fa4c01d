#!/usr/bin/env bash
# The arch files (kernels/arches/*.conf): each defines the same fields, every
# field documented in kernels/README. A field one file lacks reads as unset
# in the tools that take every field of an arch (boot-test): it is caught
# here, and arch_field names it.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
plan 5

# field_problems DIR: what breaks the rule in the arch files of DIR.
field_problems() {
	local dir=$1 f all name
	all=$(cat "$dir"/*.conf | arch_file_fields /dev/stdin)
	for f in "$dir"/*.conf; do
		comm -23 <(printf '%s\n' "$all") <(arch_file_fields "$f") | sed "s|^|${f##*/} lacks |"
	done
	for name in $all; do
		grep -qw "$name" "$ROOT/kernels/README" || echo "kernels/README does not say what $name means"
	done
}

problems=$(field_problems "$ROOT/kernels/arches")
ok "$([[ -z $problems ]]; echo $?)" "every arch file defines the same fields, each documented in kernels/README"
[[ -z $problems ]] || diag "$problems"

copy=$TAP_TMP/arches
mkdir -p "$copy"
cp "$ROOT"/kernels/arches/*.conf "$copy/"
sed -i '/^SELFTESTS_LINE=/d' "$copy/arm64.conf"
problems=$(field_problems "$copy")
ok "$([[ $problems == 'arm64.conf lacks SELFTESTS_LINE' ]]; echo $?)" "a file without a field is caught, by name: $problems"

cp "$ROOT"/kernels/arches/*.conf "$copy/"
echo 'UNDOCUMENTED_FIELD=' >>"$copy/s390.conf"
problems=$(field_problems "$copy")
ok "$(grep -q 'kernels/README does not say what UNDOCUMENTED_FIELD means' <<<"$problems"; echo $?)" \
	"a field kernels/README does not document is caught"

run arch_field x86_64 SELFTESTS_LINE
ok "$([[ $RC == 0 && $OUT == 6.18.y ]]; echo $?)" "arch_field reads a field ($OUT)"
QUEUE_ROOT=$TAP_TMP/root
mkdir -p "$QUEUE_ROOT/kernels"
cp -r "$copy" "$QUEUE_ROOT/kernels/arches"
sed -i '/^SELFTESTS_LINE=/d' "$QUEUE_ROOT/kernels/arches/arm64.conf"
run arch_field arm64 SELFTESTS_LINE
ok "$([[ $RC != 0 && $OUT == *'arm64.conf does not define SELFTESTS_LINE'* ]]; echo $?)" \
	"arch_field fails naming the file and the field it lacks"
finish
