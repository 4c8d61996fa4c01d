# shellcheck shell=bash
# Upstream's vfio selftests (tools/testing/selftests/vfio) for the guest:
# built static from the verified tree of the line an arch names
# (SELFTESTS_LINE in kernels/arches/, the newest LTS Debian serves that has
# them), never copied into this repository. Sourced by scripts/boot-test
# after lib.sh.

# Bookworm's gcc 12 and clang 14/16 stop at a C23 empty initializer of a
# variable-length array in lib/vfio_pci_device.c; Debian's clang-19 builds
# them all.
SELFTESTS_CC=clang-19
SELFTESTS_CC_PACKAGE=clang-19
# What of a tree their build reads: the top Makefile and what "make
# headers" needs, tools/, and three headers lib/drivers/{dsa,ioat} link to.
SELFTESTS_TREE_PATHS=(Makefile Kbuild Kconfig scripts include tools
	drivers/dma/idxd/registers.h drivers/dma/ioat/hw.h drivers/dma/ioat/registers.h)
# Our one object linked into them: it sets their default IOMMU mode from the
# environment (see the file).
SELFTESTS_SHIM=ci/selftests/iommu-mode.c

# selftests_srcarch ARCH: the arch/ directory of an arch's headers.
selftests_srcarch() {
	local karch
	karch=$(kernel_arch "$1")
	case $karch in
	x86_64) echo x86 ;;
	*) echo "$karch" ;;
	esac
}

# guest_selftests ARCH: the directory of the selftests built for ARCH (its
# SELFTESTS_LINE's tree), built when missing or made from anything else.
guest_selftests() {
	local arch=$1 line tree version dir stamp want
	line=$(arch_field "$arch" SELFTESTS_LINE)
	need_cmd "$SELFTESTS_CC" "$SELFTESTS_CC_PACKAGE"
	tree=$("$QUEUE_ROOT/scripts/fetch-kernel" "$line") ||
		die "upstream's vfio selftests come from the $line tree, which could not be fetched (see above)"
	version=${tree##*/linux-}
	dir=$(cache_path selftests "$version" "$arch")
	stamp="$dir/stamp"
	want="$version $(sha256sum <"$QUEUE_ROOT/$SELFTESTS_SHIM" | cut -d' ' -f1) $("$SELFTESTS_CC" --version | head -1)"
	if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
		printf '%s\n' "$dir/vfio"
		return
	fi
	build_selftests "$arch" "$tree" "$dir" >&2
	printf '%s\n' "$want" >"$stamp"
	printf '%s\n' "$dir/vfio"
}

# build_selftests ARCH TREE DIR: copy what the build reads of TREE to
# DIR/src (the pristine tree stays untouched), install its uapi headers
# there, build the programs static with our shim linked in, and keep them
# in DIR/vfio. The log is DIR/build.log.
build_selftests() {
	local arch=$1 tree=$2 dir=$3 src log srcarch
	src="$dir/src" log="$dir/build.log"
	srcarch=$(selftests_srcarch "$arch")
	rm -rf "$dir"
	mkdir -p "$src" "$dir/vfio"
	note "building upstream's vfio selftests of ${tree##*/} for $arch with $SELFTESTS_CC (log: $log)"
	(cd "$tree" && cp -a --parents "${SELFTESTS_TREE_PATHS[@]}" "arch/$srcarch" "$src/") ||
		die "copying the selftests' sources out of $tree failed"
	make -C "$src" ARCH="$(kernel_arch "$arch")" headers >"$log" 2>&1 ||
		die "installing the uapi headers of ${tree##*/} for the selftests failed; see $log"
	"$SELFTESTS_CC" -c -O2 -Wall -Werror -o "$src/iommu-mode.o" "$QUEUE_ROOT/$SELFTESTS_SHIM" >>"$log" 2>&1 ||
		die "compiling $SELFTESTS_SHIM failed; see $log"
	make -C "$src/tools/testing/selftests/vfio" CC="$SELFTESTS_CC" LDFLAGS=-static \
		LDLIBS="$src/iommu-mode.o" >>"$log" 2>&1 ||
		die "building upstream's vfio selftests failed; see $log"
	keep_selftest_programs "$src/tools/testing/selftests/vfio" "$dir/vfio" "$log"
}

# keep_selftest_programs BUILT DEST LOG: copy every program the build made
# (the executables that are ELF files; which of them run is the guest's
# choice, ci/guest/selftests.c) to DEST, each required static.
keep_selftest_programs() {
	local built=$1 dest=$2 log=$3 prog n=0
	for prog in "$built"/*; do
		[[ -f $prog && -x $prog ]] || continue
		LC_ALL=C readelf -h "$prog" >/dev/null 2>&1 || continue
		file_is_static "$prog" || die "the selftest ${prog##*/} was not built static; see $log"
		cp "$prog" "$dest/"
		n=$((n + 1))
	done
	((n)) || die "the selftests' build made no program in $built; see $log"
}
