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

# The patch files a series lists, in order (comments and blank lines skipped,
# quilt options after the name dropped).
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]].*//' -e '/^$/d' "$1"
}

# The upstream commits the queue knows (see upstream/README).
UPSTREAM_COMMITS="$QUEUE_ROOT/upstream/commits.tsv"

# upstream_field SHA N: column N of the upstream/commits.tsv row whose sha
# starts with SHA (1 order, 2 full sha, 3 subject, 4 the commit it fixes,
# 5 the Message-Id of its posting); nothing if no row has it.
upstream_field() {
	local sha row
	local -a f
	load_upstream
	for sha in "${UPSTREAM_SHAS[@]}"; do
		[[ $sha == "$1"* ]] || continue
		row=${UPSTREAM_ROWS[$sha]}
		IFS=$'\t' read -r -a f <<<"$row"
		printf '%s\n' "${f[$2 - 1]:-}"
		return 0
	done
}

# load_upstream: upstream/commits.tsv into UPSTREAM_ROWS (full sha -> row)
# and UPSTREAM_SHAS (in file order), once: the checks look it up often (a
# script that does calls it first, so that the lookups in its command
# substitutions find it loaded).
load_upstream() {
	[[ -z ${UPSTREAM_LOADED:-} ]] || return 0
	local line sha
	declare -gA UPSTREAM_ROWS=()
	declare -ga UPSTREAM_SHAS=()
	while IFS= read -r line; do
		[[ $line == \#* || -z $line ]] && continue
		sha=${line#*$'\t'}
		sha=${sha%%$'\t'*}
		UPSTREAM_ROWS[$sha]=$line
		UPSTREAM_SHAS+=("$sha")
	done <"$UPSTREAM_COMMITS"
	UPSTREAM_LOADED=1
}

# upstream_order SHA: the order of an upstream commit given by a full sha or
# a prefix of at least 12 digits; nothing if it is not known.
upstream_order() {
	((${#1} >= 12)) || return 0
	upstream_field "$1" 1
}

# posting_link MESSAGE_ID: the Link: trailer that points at a posting, in
# the form stable queues and upstream maintainers write it.
posting_link() {
	printf 'Link: https://lore.kernel.org/r/%s\n' "$1"
}

# What a well-formed Link: to a posting is: lore's /r/ or /<list>/ address
# of one Message-Id (no angle brackets, an @ in it), a slash at the end or
# not. posting_link writes the first form. Read by scripts/check-series.
# shellcheck disable=SC2034
POSTING_LINK_ERE='^Link: https://lore\.kernel\.org/[a-z0-9._-]+/([^/<> ]+@[^/<> ]+)/?$'

# The lines of a patch body that name an upstream commit, and what each says
# the patch is:
#   commit <sha> upstream.            a backport of that commit (the stable
#   [ Upstream commit <sha> ]         queue's two forms, read as the same)
#   Rewrite of commit <sha> upstream: <reason>
#                                     a diff written for the line that
#                                     shares only its subject and aim with
#                                     that commit (this queue's form; id
#                                     scans find the sha all the same)
# UPSTREAM_LINE_ERE is that form (bash and awk read it; a sha of any length
# matches, so that a checker can say it is not a full one).
UPSTREAM_LINE_ERE='^(commit ([0-9a-f]+) upstream\.|\[ Upstream commit ([0-9a-f]+) \]|Rewrite of commit ([0-9a-f]+) upstream:[[:space:]]*(.*))$'

# upstream_line LINE: "backport SHA" or "rewrite SHA REASON" for such a
# line; status 1 for any other.
upstream_line() {
	[[ $1 =~ $UPSTREAM_LINE_ERE ]] || return 1
	if [[ -n ${BASH_REMATCH[4]} ]]; then
		printf 'rewrite %s %s\n' "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}"
	else
		printf 'backport %s\n' "${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
	fi
}

# patch_upstream_commits PATCH: the upstream commits a patch names at the top
# of its body, one "KIND SHA" a line (KIND as upstream_line says): its own,
# then any follow-up fix folded into it (scripts/check-series keeps them
# together there). Nothing for a Backport-only patch.
patch_upstream_commits() {
	local line body=0 kind sha _
	while IFS= read -r line; do
		if ((!body)); then
			[[ -n $line ]] || body=1
			continue
		fi
		read -r kind sha _ < <(upstream_line "$line") || break
		printf '%s %s\n' "$kind" "$sha"
	done <"$1"
}

# order_key ORDER: a number to compare upstream orders of upstream/commits.tsv
# by: "NN" for the series and its follow-ups, "00.N" for the prerequisites a
# line carries before the series, in their upstream order.
order_key() {
	local order=$1
	if [[ $order =~ ^([0-9]+)\.([0-9]+)$ ]]; then
		printf '%d\n' $((10#${BASH_REMATCH[1]} * 100 + 10#${BASH_REMATCH[2]}))
	else
		printf '%d\n' $((10#$order * 100))
	fi
}

# The file name of a patch with this subject, as the stable queue names
# them: the subject without its [PATCH] tag, lower case, every run of other
# characters than letters, digits and "_" made one "-". Order lives in the
# series file only, so a patch keeps its name wherever it moves.
patch_file_name() {
	printf '%s.patch\n' "$(sed -E 's/^\[[^]]*\] *//' <<<"$1" | tr '[:upper:]' '[:lower:]' |
		sed -E 's/[^a-z0-9_]+/-/g; s/^-+//; s/-+$//')"
}

# The files a series' patches name (old and new side), relative to the tree.
series_files() {
	local series=$1 patches=$2 patch
	series_patches "$series" | while read -r patch; do
		sed -nE 's#^(---|\+\+\+) [^/]+/([^\t ]+).*#\2#p' "$patches/$patch"
	done | sort -u
}

# break_link FILE: give a hard-linked FILE its own copy (same mtime), so a
# change to it cannot reach the pristine tree it is linked to.
break_link() {
	cp -p "$1" "$1.unlink" && mv -f "$1.unlink" "$1"
}

# Give every file the series touches an inode of its own in the working copy:
# quilt keeps its backups as hard links, and an edit made in place (an editor,
# quilt edit) would otherwise reach the pristine tree through them.
break_links() {
	local tree=$1 series=$2 patches=$3 file
	while read -r file; do
		[[ -f $tree/$file ]] || continue
		break_link "$tree/$file"
	done < <(series_files "$series" "$patches")
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

# The arches the queue knows, one a line: a file each in kernels/arches/
# (kernels/README says what each of its names means).
known_arches() {
	local f
	for f in "$QUEUE_ROOT"/kernels/arches/*.conf; do
		f=${f##*/}
		printf '%s\n' "${f%.conf}"
	done
}

# arch_field ARCH NAME: one value of kernels/arches/ARCH.conf; fails naming
# the known arches for any other ARCH.
arch_field() {
	local conf="$QUEUE_ROOT/kernels/arches/$1.conf"
	[[ $1 =~ ^[a-z0-9_]+$ && -f $conf ]] ||
		die "unknown arch '$1'; known arches: $(known_arches | paste -sd' ')"
	# shellcheck source=/dev/null
	(. "$conf" && printf '%s\n' "${!2}")
}

# The kernel's ARCH= value of an arch.
kernel_arch() {
	arch_field "$1" KERNEL_ARCH
}

# arch_is_host ARCH: this machine is of that arch (it compiles natively).
arch_is_host() {
	[[ $(uname -m) == "$(arch_field "$1" UNAME_MACHINE)" ]]
}

# The CROSS_COMPILE= prefix of an arch on this host: none for its own.
cross_prefix() {
	arch_is_host "$1" || printf '%s-\n' "$(arch_field "$1" GNU_TRIPLET)"
}

# The Debian package that provides the compiler of an arch on this host.
compiler_package() {
	local triplet
	if arch_is_host "$1"; then
		echo gcc
	else
		triplet=$(arch_field "$1" GNU_TRIPLET)
		echo "gcc-${triplet//_/-}"
	fi
}

# The Debian package with the static C library of an arch on this host
# (the guest program is linked statically with it).
libc_package() {
	if arch_is_host "$1"; then
		echo libc6-dev
	else
		echo "libc6-dev-$(arch_field "$1" DEBIAN_ARCH)-cross"
	fi
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
