#!/usr/bin/env bash
# mutants: one real life-cycle mutant of 6.1.y must be caught by the detector
# it names (the others run behind scripts/mutants), and a mutant that is no
# bug must survive, which fails the command.
. "$(dirname "$0")/lib/tap.sh"
set -u
plan 7
"$ROOT/scripts/fetch-kernel" 6.1.y >/dev/null 2>&1 || true

run "$ROOT/scripts/mutants" 6.1.y --only mutant-mtty-use-after-free
exits_ok "scripts/mutants catches the use-after-free mutant"
says '^\| mutant-mtty-use-after-free \| KASAN \| [^|]*KASAN[^|]* \| caught \| [0-9]+ \|$' "KASAN caught it, as the table says"
ok "$([[ ! -e $VFIO_QUEUE_RESULTS/6.1.y.x86_64.boot ]]; echo $?)" "the mutant's failed boot is not recorded as 6.1.y's"

run "$ROOT/scripts/mutants" 6.1.y --dir "$ROOT/t/fixtures/mutants/survivor"
exits_fail "a mutant that survives fails scripts/mutants"
says '^\| mutant-mtty-harmless \| KASAN \| nothing \| SURVIVED \| [0-9]+ \|$' "the table says it survived"
says '1 of 1 mutants not caught' "and the command says how many"

run "$ROOT/scripts/mutants" 6.1.y --only no-such-mutant
exits_fail "an unknown mutant name is refused"
finish
