# shellcheck shell=bash
# Kernel builds in O= dirs with ccache, shared by build, list-objects,
# abi-report and boot-test. Sourced after lib.sh.

# Where the vfio code and its in-tree users live. Directories are searched
# whole; globs name the vfio parts of directories shared with other drivers,
# and the code outside vfio that a follow-up fix of the series touches (the
# fsl-mc bus's DPRC driver, 303c9c63abb9), so that it is compiled too.
# shellcheck disable=SC2034 # read by scripts that source this file
VFIO_SOURCE_DIRS="drivers/vfio samples/vfio-mdev"
# shellcheck disable=SC2034
VFIO_SOURCE_GLOBS="drivers/gpu/drm/i915/gvt/*.c drivers/s390/cio/vfio_ccw*.c drivers/s390/crypto/vfio_ap*.c"
# shellcheck disable=SC2034
VFIO_SOURCE_GLOBS+=" drivers/bus/fsl-mc/dprc-driver.c"

# Config changes on top of allmodconfig, and why:
#   WERROR off: a new warning must be reported by the W=1 comparison, not stop
#     the build half way (the issue asks for warnings to be compared).
#   DEBUG_INFO off: it only makes every object larger and slower to build;
#     it changes no warning the compiler gives.
CONFIG_ADJUSTMENTS="-d WERROR -d DEBUG_INFO -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF4 -d DEBUG_INFO_DWARF5 -d DEBUG_INFO_BTF -e DEBUG_INFO_NONE"

ccache_env() {
	export CCACHE_DIR=${CCACHE_DIR:-$(cache_path ccache)}
	# Base and patched trees sit at the same relative place from their build
	# dirs, so with paths made relative to this dir they share cache entries.
	CCACHE_BASEDIR=$(cache_path work)
	export CCACHE_BASEDIR
	export CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
}

# kmake TREE OUT ARCH ARGS...: make in an O= dir for an arch, with ccache.
kmake() {
	local tree=$1 out=$2 arch=$3 prefix
	shift 3
	prefix=$(cross_prefix "$arch")
	ccache_env
	make -C "$tree" O="$out" ARCH="$(kernel_arch "$arch")" CROSS_COMPILE="$prefix" \
		CC="ccache ${prefix}gcc" -j"$(nproc)" "$@"
}

# Fail unless the arch's compiler is installed, naming its Debian package.
require_compiler() {
	local arch=$1
	need_cmd "$(cross_prefix "$arch")gcc" "$(compiler_package "$arch")"
	need_cmd ccache ccache
}

# The config recipe, so a build dir whose recipe changed is configured anew.
config_recipe() {
	printf 'allmodconfig %s\n' "$CONFIG_ADJUSTMENTS"
}

# forget_other_release OUT: empty a build dir that built another release of
# the line (scripts/rebase moved it). The new tree's files keep their
# release's older mtimes, so make would take every object built from the old
# release for up to date; ccache makes the rebuild cheap.
# A build dir from before this stamp existed is taken as of the pinned release.
forget_other_release() {
	local out=$1 stamp="$1/.vfio-queue-release"
	if [[ -f $stamp && "$(cat "$stamp")" != "$LINE_VERSION" ]]; then
		note "$out was built from linux $(cat "$stamp"), not $LINE_VERSION: emptied, built again"
		find "$out" -mindepth 1 -delete
	fi
	mkdir -p "$out"
	printf '%s\n' "$LINE_VERSION" >"$stamp"
}

# prepare_build_dir TREE OUT ARCH: allmodconfig with our adjustments, then
# modules_prepare; both are skipped by make when nothing changed.
prepare_build_dir() {
	local tree=$1 out=$2 arch=$3 log
	require_compiler "$arch"
	forget_other_release "$out"
	mkdir -p "$out"
	log="$out/prepare.log"
	if [[ ! -f $out/.config || "$(cat "$out/.recipe" 2>/dev/null)" != "$(config_recipe)" ]]; then
		# shellcheck disable=SC2086 # CONFIG_ADJUSTMENTS is a list of options
		{
			kmake "$tree" "$out" "$arch" allmodconfig &&
				"$tree/scripts/config" --file "$out/.config" $CONFIG_ADJUSTMENTS &&
				kmake "$tree" "$out" "$arch" olddefconfig
		} >"$log" 2>&1 || die "allmodconfig for $arch failed in $out; see $log"
		config_recipe >"$out/.recipe"
	fi
	kmake "$tree" "$out" "$arch" modules_prepare >>"$log" 2>&1 ||
		die "make modules_prepare for $arch failed in $out; see $log"
}

# The objects kernels/<line>/vfio-objects lists for an arch.
expected_objects() {
	local arch=$1 list="$LINE_DIR/vfio-objects"
	[[ -f $list ]] || die "$list is missing; generate it with scripts/list-objects $LINE"
	awk -v a="$arch" '$1 == a { print $2 }' "$list"
}

# The warnings of a build log, each once, in a form that does not depend on
# line numbers or the tree's path, so base and patched logs compare. (Each
# once: an object kbuild reaches by two paths is compiled twice.)
normalized_warnings() {
	sed -nE 's#^([^ :]+):[0-9]+(:[0-9]+)?: warning: #\1: warning: #p' "$1" |
		sed -E 's#^(\.\./)*(src/)?##; s#^/[^ :]*/(drivers|samples|include|arch)/#\1/#' |
		LC_ALL=C sort -u
}

# The base tree for builds: a hard-linked copy of the pristine tree placed
# beside the patched one (work/<line>/{base,patched}/src), so compiler paths
# relative to each build dir are the same and ccache entries are shared.
base_tree() {
	local pristine dest
	dest=$(cache_path src "$LINE" base)
	pristine=$(require_pristine_tree)
	if [[ "$(cat "$dest/.vfio-queue-base" 2>/dev/null)" != "$pristine" ]]; then
		rm -rf "$dest"
		mkdir -p "${dest%/*}"
		cp -al "$pristine" "$dest"
		rm -f "$dest/$VERIFIED_STAMP"
		printf '%s\n' "$pristine" >"$dest/.vfio-queue-base"
	fi
	printf '%s\n' "$dest"
}

# build_dir VARIANT ARCH: the O= dir of a tree variant (base, patched, bisect).
build_dir() {
	cache_path build "$LINE" "$1" "$2"
}
