# shellcheck shell=bash
# The cache: ${VFIO_QUEUE_CACHE:-~/.cache/vfio-queue}, and every path in it.
# Owns the layout: cache_path is the only code that composes a path under
# the cache, so what lives where is read here and nowhere else.
#
#   trees/linux-VERSION         a verified pristine tree (fetch-kernel)
#   downloads/FILE              verified tarballs, kept (fetch-kernel, rebase)
#   apt/                        the private apt state of the Debian sources
#   apt-releases/LINE           the apt state scripts/sweep and rebase read
#                               a line's point releases with
#   work/LINE/STAGE/src         a line's working copies: apply, base,
#                               patched, bisect, boot, mail, rebase
#   work/LINE/VARIANT/out-ARCH  the O= build dirs of scripts/build
#   work/LINE/base/abi-ARCH     abi-report's genksyms output of the base
#                               build dir, with what it was made from
#   boot/LINE-ARCH              a boot kernel, its initramfs, console logs
#   boot/LINE-ARCH-debian       a Debian package's kernel unpacked for
#                               boot-test --kernel-dir, and its consoles
#   guest/DEBIAN_ARCH           the busybox of another arch's guest
#   selftests/VERSION-ARCH      upstream's vfio selftests built from the
#                               tree of linux VERSION: src/, vfio/, stamp
#   git/linux-VERSION.git       the mail round trip's repository
#   debian/linux-DEBVERSION     a line's Debian source package, unpacked
#                               (dpkg-source -x) for scripts/export-debian
#   chroot/RELEASE-DEBARCH      a Debian release's build chroot, with a
#                               line package's build dependencies
#                               (scripts/debian-package)
#   debian-build/LINE           the .debs debian-package built of a line
#   mail/LINE.mbox              export-mail's default output
#   report/FILE                 kept reports (kABI, JUnit)
#   results/                    step records (scripts/lib/results.sh)
#   logs/NAME.log               the logs of fetches, rebases, mutants, bench
#   ccache, ccache-NAME         compiler caches (NAME: bench's cold ones)
#   tools/NAME                  tools installed for the queue (gitlab-ci-local)
#   ci-local/project            the working copy ci-local runs the jobs in
#   build.lock                  the machine-wide build lock

# cache_path KIND [ARGS...]: the path of one thing in the cache (above).
cache_path() {
	local kind=$1
	shift
	case $kind in
	tree) printf '%s/trees/linux-%s\n' "$QUEUE_CACHE" "$1" ;;
	trees) printf '%s/trees\n' "$QUEUE_CACHE" ;;
	download) printf '%s/downloads%s\n' "$QUEUE_CACHE" "${1:+/$1}" ;;
	apt) printf '%s/apt\n' "$QUEUE_CACHE" ;;
	apt-releases) printf '%s/apt-releases/%s\n' "$QUEUE_CACHE" "$1" ;;
	work) printf '%s/work%s%s\n' "$QUEUE_CACHE" "${1:+/$1}" "${2:+/$2}" ;;
	src) printf '%s/work/%s/%s/src\n' "$QUEUE_CACHE" "$1" "$2" ;;
	build) printf '%s/work/%s/%s/out-%s\n' "$QUEUE_CACHE" "$1" "$2" "$3" ;;
	abi-base) printf '%s/work/%s/base/abi-%s\n' "$QUEUE_CACHE" "$1" "$2" ;;
	boot) printf '%s/boot/%s-%s\n' "$QUEUE_CACHE" "$1" "$2" ;;
	boot-deb) printf '%s/boot/%s-%s-debian\n' "$QUEUE_CACHE" "$1" "$2" ;;
	guest) printf '%s/guest/%s\n' "$QUEUE_CACHE" "$1" ;;
	selftests) printf '%s/selftests/%s-%s\n' "$QUEUE_CACHE" "$1" "$2" ;;
	git) printf '%s/git/linux-%s.git\n' "$QUEUE_CACHE" "$1" ;;
	debian) printf '%s/debian/linux-%s\n' "$QUEUE_CACHE" "$1" ;;
	chroot) printf '%s/chroot/%s\n' "$QUEUE_CACHE" "$1" ;;
	debian-build) printf '%s/debian-build/%s\n' "$QUEUE_CACHE" "$1" ;;
	mail) printf '%s/mail/%s.mbox\n' "$QUEUE_CACHE" "$1" ;;
	report) printf '%s/report%s\n' "$QUEUE_CACHE" "${1:+/$1}" ;;
	results) printf '%s/results\n' "$QUEUE_CACHE" ;;
	log) printf '%s/logs%s\n' "$QUEUE_CACHE" "${1:+/$1.log}" ;;
	ccache) printf '%s/ccache%s\n' "$QUEUE_CACHE" "${1:+-$1}" ;;
	tools) printf '%s/tools/%s\n' "$QUEUE_CACHE" "$1" ;;
	ci-local) printf '%s/ci-local/project\n' "$QUEUE_CACHE" ;;
	lock) printf '%s/build.lock\n' "$QUEUE_CACHE" ;;
	*) die "cache_path: no such thing in the cache: $kind" ;;
	esac
}
