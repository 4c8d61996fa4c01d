# shellcheck shell=bash
# Arches as data: what the tools know of an arch is read from its file,
# kernels/arches/<arch>.conf (kernels/README says what each name means);
# these functions are the only readers. Sourced by lib.sh.

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
# the known arches for any other ARCH, and the file for a NAME it lacks
# (every arch file defines every field, empty where it does not apply).
arch_field() {
	local conf="$QUEUE_ROOT/kernels/arches/$1.conf"
	[[ $1 =~ ^[a-z0-9_]+$ && -f $conf ]] ||
		die "unknown arch '$1'; known arches: $(known_arches | paste -sd' ')"
	# shellcheck source=/dev/null
	(
		. "$conf"
		[[ -v $2 ]] || die "kernels/arches/$1.conf does not define $2: every arch file defines every field, empty where it does not apply (kernels/README)"
		printf '%s\n' "${!2}"
	)
}

# arch_file_fields FILE: the names an arch file defines, one a line, sorted.
arch_file_fields() {
	sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$1" | LC_ALL=C sort -u
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
