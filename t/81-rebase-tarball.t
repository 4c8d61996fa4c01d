#!/usr/bin/env bash
# rebase of a tarball line (as 5.15.y, which Debian does not package): the
# user gives the new release as a tarball or a tree; the pins (version,
# tarball checksum, the manifest of the vfio files) follow what was given.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/fixture-line.sh"
set -u
plan 16
fixture_setup
q=$FIXTURE_ROOT
given=$(scratch)
fixture_tarball_line "$given"

reset_queue() { git -C "$q" checkout -q -- . && git -C "$q" clean -fdq; }
queue_clean() { [[ -z $(git -C "$q" status --porcelain) ]]; }
pin() { sed -n "s/^$1=//p" "$q/kernels/2.0.y/line.conf"; }
sha_of() { sha256sum <"$1" | cut -d' ' -f1; }

run "$q/scripts/rebase" 2.0.y --latest --no-verify
exits_fail "--latest is refused on a tarball line"
says 'comes from a tarball, not from Debian: give the new release with --tarball FILE or --tree DIR' "and the message says what to give"

run "$q/scripts/rebase" 2.0.y --tarball "$given/linux-3.0.1.tar.xz" --no-verify
exits_fail "a tarball of another line is refused"
says 'that tree is linux 3\.0\.1, not a 2\.0\.y release' "naming what it is"
ok "$(queue_clean; echo $?)" "and the queue is untouched"

run "$q/scripts/rebase" 2.0.y --tarball "$given/linux-2.0.2.tar.xz" --no-verify
exits_ok "rebase --tarball moves the line to the release the tarball holds"
ok "$([[ $(pin VERSION) == 2.0.2 && $(pin TARBALL_SHA256) == "$(sha_of "$given/linux-2.0.2.tar.xz")" ]]; echo $?)" \
	"the version and the tarball's sha256 are pinned"
ok "$(pin TARBALL_URL | grep -q 'linux-2\.0\.2\.tar\.xz$'; echo $?)" "the download URL names the new release"
ok "$(cd "$given/linux-2.0.2" && sha256sum --quiet --status -c "$q/kernels/2.0.y/vfio-files.sha256"; echo $?)" \
	"the manifest is measured again, on the new tree"
changed=$(git -C "$q" diff -U0 -- patches/2.0.y | grep -E '^[-+][^-+]')
ok "$([[ -n $changed ]] && ! grep -vqE '^[-+]@@ ' <<<"$changed"; echo $?)" \
	"the patches were refreshed, only their hunk headers changed"
reset_queue

run "$q/scripts/rebase" 2.0.y --tree "$given/linux-2.0.2" --no-verify
exits_ok "rebase --tree moves the line to the tree's release"
ok "$([[ $(pin VERSION) == 2.0.2 && -z $(pin TARBALL_SHA256) ]]; echo $?)" \
	"a tree pins the version and no tarball checksum (there is none)"
ok "$(cd "$given/linux-2.0.2" && sha256sum --quiet --status -c "$q/kernels/2.0.y/vfio-files.sha256"; echo $?)" \
	"the manifest is that tree's"
reset_queue

run "$q/scripts/rebase" 2.0.y --tree "$given/linux-2.0.4" --no-verify
exits_fail "a release where a patch does not fit stops the rebase"
says 'vfio-fix-b\.patch' "naming the patch"
ok "$(queue_clean; echo $?)" "with the queue untouched"
finish
