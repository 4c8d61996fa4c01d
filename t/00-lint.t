#!/usr/bin/env bash
# Every script and test passes shellcheck, and every script answers --help.
. "$(dirname "$0")/lib/tap.sh"
set -u
cd "$ROOT" || exit 1
mapfile -t scripts < <(grep -ls '^#!/usr/bin/env bash' scripts/* | sort)
plan $((2 * ${#scripts[@]} + 1))
for s in "${scripts[@]}"; do
	run shellcheck "$s"
	exits_ok "shellcheck $s"
	run "$s" --help
	exits_ok "$s --help"
done
run shellcheck scripts/*.sh scripts/lib/*.sh t/*.t t/unit/*.t t/lib/*.sh .ci/run ci/init
exits_ok "shellcheck of libraries, tests, .ci/run and the guest init"
finish
