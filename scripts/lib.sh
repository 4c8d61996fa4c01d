# shellcheck shell=bash
# Shared helpers for the queue's scripts. Sourced, never run.

QUEUE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QUEUE_CACHE=${VFIO_QUEUE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-queue}
# A relative path (a CI job's, inside its project directory) is taken from
# where the first script started, and handed on absolute to the scripts it
# runs, which may start elsewhere.
[[ $QUEUE_CACHE == /* ]] || QUEUE_CACHE=$PWD/$QUEUE_CACHE
# shellcheck source=scripts/lib/cache.sh
. "$QUEUE_ROOT/scripts/lib/cache.sh"
# Where step results are kept for scripts/report (tests point it elsewhere).
QUEUE_RESULTS=${VFIO_QUEUE_RESULTS:-$(cache_path results)}
[[ $QUEUE_RESULTS == /* ]] || QUEUE_RESULTS=$PWD/$QUEUE_RESULTS
export VFIO_QUEUE_CACHE=$QUEUE_CACHE VFIO_QUEUE_RESULTS=$QUEUE_RESULTS
PROG=${0##*/}

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

note() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# The concerns that have a library of their own (scripts/lib/README).
# shellcheck source=scripts/lib/results.sh
. "$QUEUE_ROOT/scripts/lib/results.sh"
# shellcheck source=scripts/lib/apt.sh
. "$QUEUE_ROOT/scripts/lib/apt.sh"
# shellcheck source=scripts/lib/series.sh
. "$QUEUE_ROOT/scripts/lib/series.sh"
# shellcheck source=scripts/lib/arch.sh
. "$QUEUE_ROOT/scripts/lib/arch.sh"

# Print the lines the queue defines, one a line.
known_lines() {
	local d
	for d in "$QUEUE_ROOT"/kernels/*/line.conf; do
		d=${d%/line.conf}
		printf '%s\n' "${d##*/}"
	done
}

# load_line LINE [CONF]: load kernels/<line>/line.conf (or CONF, a candidate
# line.conf such as scripts/rebase's) into LINE_* variables, or fail naming
# the lines that exist.
load_line() {
	local line=$1 conf=${2:-$QUEUE_ROOT/kernels/$1/line.conf}
	[[ $line =~ ^[0-9]+\.[0-9]+\.y$ && -f $QUEUE_ROOT/kernels/$line/line.conf ]] ||
		die "unknown kernel line '$line'; known lines: $(known_lines | tr '\n' ' ')"
	[[ -f $conf ]] || die "no line.conf $conf"
	local VERSION='' SOURCE='' DEBIAN_SUITE='' DEBIAN_SUITES='' DEBIAN_VERSION='' ORIG_SHA256=''
	local TARBALL_URL='' TARBALL_SHA256='' TREE_MANIFEST='' ARCHES='' SERIES_UPSTREAM=''
	local BOOT_KNOWN_HANG='' BOOT_KNOWN_HANG_WHY=''
	# shellcheck source=/dev/null
	. "$conf"
	# The LINE_* globals are read by the scripts that source this file.
	# shellcheck disable=SC2034
	{
		LINE=$line
		LINE_DIR="$QUEUE_ROOT/kernels/$line"
		LINE_VERSION=$VERSION
		LINE_SOURCE=$SOURCE
		LINE_CONF=$conf
		LINE_DEBIAN_SUITE=$DEBIAN_SUITE
		LINE_DEBIAN_SUITES=${DEBIAN_SUITES:-$DEBIAN_SUITE}
		LINE_DEBIAN_VERSION=$DEBIAN_VERSION
		LINE_ORIG_SHA256=$ORIG_SHA256
		LINE_TARBALL_URL=$TARBALL_URL
		LINE_TARBALL_SHA256=$TARBALL_SHA256
		LINE_TREE_MANIFEST=${TREE_MANIFEST:+${conf%/*}/$TREE_MANIFEST}
		LINE_ARCHES=$ARCHES
		LINE_SERIES_UPSTREAM=${SERIES_UPSTREAM:-no}
		LINE_BOOT_KNOWN_HANG=$BOOT_KNOWN_HANG
		LINE_BOOT_KNOWN_HANG_WHY=$BOOT_KNOWN_HANG_WHY
		LINE_SERIES="$QUEUE_ROOT/series/$line"
		LINE_PATCHES="$QUEUE_ROOT/patches/$line"
	}
	[[ -n $LINE_VERSION && -n $LINE_SOURCE && -n $LINE_ARCHES ]] ||
		die "$conf must set VERSION, SOURCE and ARCHES"
	local arch
	for arch in $LINE_ARCHES; do
		[[ -f $QUEUE_ROOT/kernels/arches/$arch.conf ]] ||
			die "$conf names arch '$arch', which kernels/arches/ does not define; known arches: $(known_arches | paste -sd' ')"
	done
}

# Where the verified pristine tree of the loaded line lives.
pristine_tree() {
	cache_path tree "$LINE_VERSION"
}

# The stamp fetch-kernel leaves in a tree once it is complete and verified.
VERIFIED_STAMP=.vfio-queue-verified

# The sha256 list of a pristine tree's vfio files, written when it is verified.
TREE_FILES_STAMP=.vfio-queue-files.sha256

# Print the files the series touches or builds in a tree: the vfio code, its
# in-tree users and headers. This is also the path set of TREE_MANIFEST.
vfio_files() {
	(
		cd "$1" || exit 1
		# A tree without one of these (a small fixture tree) is no error.
		find drivers/vfio samples/vfio-mdev drivers/gpu/drm/i915/gvt -type f 2>/dev/null || true
		compgen -G 'drivers/s390/cio/vfio_ccw*' || true
		compgen -G 'drivers/s390/crypto/vfio_ap*' || true
		compgen -G 'include/linux/vfio*.h' || true
		compgen -G 'include/uapi/linux/vfio*.h' || true
		ls include/linux/mdev.h drivers/s390/cio/Makefile drivers/s390/crypto/Makefile \
			samples/Kconfig samples/Makefile 2>/dev/null || true
	) | LC_ALL=C sort
}

# Fail unless the loaded line's pristine tree is in the cache, complete and
# unmodified: working copies are hard links to it, so a file written in place
# in a copy would change it; its vfio files are checked at every use.
require_pristine_tree() {
	local tree
	tree=$(pristine_tree)
	[[ -f $tree/$VERIFIED_STAMP ]] ||
		die "no verified $LINE tree in $tree; run: scripts/fetch-kernel $LINE"
	if [[ -f $tree/$TREE_FILES_STAMP ]] &&
		! (cd "$tree" && sha256sum --quiet --status -c "$TREE_FILES_STAMP"); then
		die "the pristine $LINE tree $tree was modified (a file written in place in a hard-linked copy?); remove it and run: scripts/fetch-kernel $LINE"
	fi
	printf '%s\n' "$tree"
}

# need_cmd COMMAND PACKAGE: fail naming the Debian package that provides it.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: install the Debian package '$2' (apt-get install $2, or run scripts/install-deps)"
}

# verify_sha256 FILE SHA: succeed if FILE has that sha256. A check that
# could not read the file (interrupted, an I/O error) stops the run and
# leaves the file alone: only a file read whole and found different is
# rejected.
verify_sha256() {
	local got
	got=$(sha256sum "$1") || die "could not read $1 to check its sha256 (interrupted?); it was left as it is"
	[[ ${got%% *} == "$2" ]]
}

# Run a command holding the machine-wide build lock: the machine has two
# cores, and two kernel builds at once would only slow both down.
with_build_lock() {
	local lock
	lock=$(cache_path lock)
	mkdir -p "${lock%/*}"
	(
		flock 9 || die "cannot take the build lock $lock"
		"$@"
	) 9>"$lock"
}

# b4_am MBOX OUTDIR [b4 am options]: b4 am of a local mbox, offline. b4 adds
# trailers in the name of the git user, so it is given the queue's identity
# (without touching anyone's git config) and an empty HOME of its own.
b4_am() {
	local mbox=$1 outdir=$2 msgid identity home
	shift 2
	need_cmd b4 b4
	need_cmd git git
	msgid=$(sed -nE '0,/^Message-I[Dd]: */{s/^Message-I[Dd]: *<([^>]*)>.*/\1/p}' "$mbox")
	[[ -n $msgid ]] || die "$mbox has no Message-Id: header"
	identity=$(cat "$QUEUE_ROOT/upstream/signoff")
	home=$(mktemp -d)
	mkdir -p "$outdir"
	(
		cd "$outdir" &&
			HOME=$home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_COUNT=2 \
				GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="${identity% <*}" \
				GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$(sed -E 's/.*<(.*)>.*/\1/' <<<"$identity")" \
				b4 --offline-mode am -m "$mbox" -o "$outdir" "$@" "$msgid" </dev/null
	) >"$outdir/b4.log" 2>&1 || { rm -rf "$home"; die "b4 am of $mbox failed; see $outdir/b4.log"; }
	rm -rf "$home"
}
