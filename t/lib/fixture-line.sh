# shellcheck shell=bash
# A small kernel line for the rebase and sweep tests, end to end: a copy of
# the queue's scripts with a fixture line 1.0.y (two patches), and a signed
# Debian archive on file:// that serves its point releases. apt, quilt and
# the scripts all run for real; only the trees are small. Sourced after
# tap.sh.
#
# Releases (drivers/vfio/vfio_main.c, patch A changes vfio_a(), B vfio_b()):
#   1.0.1  the pinned base: both patches apply
#   1.0.2  three lines added at the top: both patches only move
#   1.0.3  listed in the index, but its orig tarball is not in the pool
#   1.0.4  vfio_b()'s context changed: B does not fit
#   1.0.5  has A's change already (from "stable"): A is dropped
#   1.0.6  listed, missing, like 1.0.3 (so --latest must skip it for 1.0.5)

FIXTURE_A_SHA=1111111111111111111111111111111111111111

# fixture_source VARIANT: drivers/vfio/vfio_main.c of a release.
fixture_source() {
	local variant=$1 i
	[[ $variant == moved ]] && printf '/* added */\n/* by */\n/* 1.0.2 */\n'
	printf '/* fixture vfio_main.c */\n\nint vfio_a(void)\n{\n'
	if [[ $variant == has-a ]]; then
		printf '\treturn 10;\n'
	else
		printf '\treturn 1;\n'
	fi
	printf '}\n'
	for i in 1 2 3 4 5 6 7 8; do printf '/* padding %s */\n' "$i"; done
	if [[ $variant == b-changed ]]; then
		printf 'int vfio_b(long x)\n{\n\treturn 2;\n}\n'
	else
		printf 'int vfio_b(void)\n{\n\treturn 2;\n}\n'
	fi
}

# fixture_tree DIR SUBLEVEL VARIANT: an unpacked release.
fixture_tree() {
	local dir=$1 sub=$2 variant=$3
	mkdir -p "$dir/drivers/vfio"
	printf 'VERSION = 1\nPATCHLEVEL = 0\nSUBLEVEL = %s\n' "$sub" >"$dir/Makefile"
	fixture_source "$variant" >"$dir/drivers/vfio/vfio_main.c"
}

# fixture_patch FILE SUBJECT UPSTREAM_LINE OLD NEW: a patch of the queue's
# form against 1.0.1.
fixture_patch() {
	local file=$1 subject=$2 upstream=$3 old=$4 new=$5 a
	a=$(mktemp -d "$TAP_TMP/p.XXXXXX")
	fixture_tree "$a/a" 1 base
	cp -r "$a/a" "$a/b"
	sed -i "s/$old/$new/" "$a/b/drivers/vfio/vfio_main.c"
	{
		printf 'From: Fixture Author <author@localhost>\nSubject: [PATCH] %s\n\n%s\n\n' "$subject" "$upstream"
		printf 'Signed-off-by: Fixture Author <author@localhost>\nSigned-off-by: vfio-queue developers <vfio-queue@localhost>\n---\n'
		(cd "$a" && diff -u --show-c-function a/drivers/vfio/vfio_main.c b/drivers/vfio/vfio_main.c |
			sed -E 's/^(---|\+\+\+) ([^\t]*)\t.*/\1 \2/')
	} >"$file"
	rm -rf "$a"
}

# sources_stanza DIR VERSION: the Sources entry of a release whose files are
# in DIR (the orig tarball may be missing: then the stanza still lists it,
# with the checksum it would have, which is what a half-synced mirror does).
sources_stanza() {
	local dir=$1 up=$2 f sha size md5
	printf 'Package: linux\nBinary: linux-doc\nVersion: %s-1\nMaintainer: Fixture <f@localhost>\n' "$up"
	printf 'Architecture: all\nFormat: 3.0 (quilt)\nDirectory: pool/main/l/linux\n'
	printf 'Files:\n'
	for f in "linux_$up-1.dsc" "linux_$up.orig.tar.xz"; do
		read -r md5 size < <(fixture_sum md5sum "$dir/$f")
		printf ' %s %s %s\n' "$md5" "$size" "$f"
	done
	printf 'Checksums-Sha256:\n'
	for f in "linux_$up-1.dsc" "linux_$up.orig.tar.xz"; do
		read -r sha size < <(fixture_sum sha256sum "$dir/$f")
		printf ' %s %s %s\n' "$sha" "$size" "$f"
	done
	printf '\n'
}

# The checksum and size of a file, or of the stand-in a missing one has.
fixture_sum() {
	local tool=$1 file=$2
	if [[ -f $file ]]; then
		printf '%s %s\n' "$($tool <"$file" | cut -d' ' -f1)" "$(stat -c %s "$file")"
	else
		printf '%s 1000\n' "$(printf missing | $tool | cut -d' ' -f1)"
	fi
}

# fixture_archive DIR: the signed archive with every release above; prints
# nothing; sets FIXTURE_KEYRING.
fixture_archive() {
	local dir=$1 pool="$1/pool/main/l/linux" src stage sub variant gnupg
	mkdir -p "$pool" "$dir/dists/fixture/main/source"
	stage=$(mktemp -d "$TAP_TMP/stage.XXXXXX")
	for sub in 1:base 2:moved 3:missing 4:b-changed 5:has-a 6:missing; do
		variant=${sub#*:} sub=${sub%%:*}
		printf 'Source: linux\nVersion: 1.0.%s-1\n' "$sub" >"$pool/linux_1.0.$sub-1.dsc"
		[[ $variant == missing ]] && continue
		fixture_tree "$stage/linux-1.0.$sub" "$sub" "$variant"
		tar -C "$stage" -cJf "$pool/linux_1.0.$sub.orig.tar.xz" "linux-1.0.$sub"
	done
	src="$dir/dists/fixture/main/source/Sources"
	for sub in 1 2 3 4 5 6; do sources_stanza "$pool" "1.0.$sub"; done >"$src"
	{
		printf 'Origin: Fixture\nLabel: Fixture\nSuite: fixture\nCodename: fixture\n'
		printf 'Date: %s\nArchitectures: source\nComponents: main\nSHA256:\n' "$(date -uR)"
		printf ' %s %s main/source/Sources\n' "$(sha256sum <"$src" | cut -d' ' -f1)" "$(stat -c %s "$src")"
	} >"$dir/dists/fixture/Release"
	gnupg=$(mktemp -d "$TAP_TMP/gnupg.XXXXXX")
	gpg --homedir "$gnupg" --batch --quiet --passphrase '' --quick-gen-key 'Fixture archive <archive@localhost>' ed25519 sign never 2>/dev/null
	gpg --homedir "$gnupg" --batch --quiet --clearsign -o "$dir/dists/fixture/InRelease" "$dir/dists/fixture/Release"
	FIXTURE_KEYRING="$dir/keyring.gpg"
	gpg --homedir "$gnupg" --batch --quiet --export >"$FIXTURE_KEYRING"
	rm -rf "$stage"
}

# fixture_queue DIR: a git checkout of the queue's scripts with line 1.0.y
# pinned to 1.0.1 and its two patches; sets FIXTURE_ROOT.
fixture_queue() {
	local dir=$1
	# Read by the tests that source this file.
	# shellcheck disable=SC2034
	FIXTURE_ROOT=$dir
	mkdir -p "$dir/kernels/1.0.y" "$dir/series" "$dir/patches/1.0.y"
	cp -r "$ROOT/scripts" "$dir/"
	cp -r "$ROOT/kernels/arches" "$dir/kernels/"
	cat >"$dir/kernels/1.0.y/line.conf" <<'EOF'
# 1.0.y: the rebase tests' fixture line.
VERSION=1.0.1
SOURCE=debian
DEBIAN_SUITES="fixture"
DEBIAN_SUITE=fixture
DEBIAN_VERSION=1.0.1-1
# sha256 of linux_1.0.1.orig.tar.xz, as listed in the suite's signed Sources.
ORIG_SHA256=@SHA@
ARCHES="x86_64"
EOF
	sed -i "s/@SHA@/$(sha256sum <"$FIXTURE_ARCHIVE/pool/main/l/linux/linux_1.0.1.orig.tar.xz" | cut -d' ' -f1)/" \
		"$dir/kernels/1.0.y/line.conf"
	fixture_patch "$dir/patches/1.0.y/vfio-fix-a.patch" "vfio: fix a" \
		"commit $FIXTURE_A_SHA upstream." 'return 1;' 'return 10;'
	fixture_patch "$dir/patches/1.0.y/vfio-fix-b.patch" "vfio: fix b" \
		"Backport-only: the fixture's second patch." 'return 2;' 'return 20;'
	printf '# the fixture series\nvfio-fix-a.patch\nvfio-fix-b.patch\n' >"$dir/series/1.0.y"
	git -C "$dir" init -q
	git -C "$dir" -c user.name=t -c user.email=t@t add -A
	git -C "$dir" -c user.name=t -c user.email=t@t commit -qm fixture
}

# fixture_setup: archive, queue and a cache of their own, in the
# environment the scripts read.
fixture_setup() {
	FIXTURE_ARCHIVE=$(scratch)
	fixture_archive "$FIXTURE_ARCHIVE"
	fixture_queue "$(scratch)"
	VFIO_QUEUE_CACHE=$(scratch)
	VFIO_QUEUE_DEBIAN_MIRROR="file://$FIXTURE_ARCHIVE"
	VFIO_QUEUE_DEBIAN_KEYRING=$FIXTURE_KEYRING
	export VFIO_QUEUE_CACHE VFIO_QUEUE_DEBIAN_MIRROR VFIO_QUEUE_DEBIAN_KEYRING
}

# fixture_tarball_line DIR: line 2.0.y of FIXTURE_ROOT's queue, a tarball
# line (as 5.15.y) pinned to 2.0.1 with the same two patches, and in DIR
# the tarballs and trees a user would give its rebase: linux-2.0.2 (the
# patches only move), linux-2.0.4 (patch B does not fit), linux-3.0.1 (not
# a 2.0.y release). Commits the line to the queue's git.
fixture_tarball_line() {
	local dir=$1 q=$FIXTURE_ROOT rel sub variant
	for rel in 2.0.1:base 2.0.2:moved 2.0.4:b-changed 3.0.1:base; do
		variant=${rel#*:} rel=${rel%%:*} sub=${rel##*.}
		fixture_tree "$dir/linux-$rel" "$sub" "$variant"
		sed -i "s/^VERSION = 1/VERSION = ${rel%%.*}/" "$dir/linux-$rel/Makefile"
		tar -C "$dir" -cJf "$dir/linux-$rel.tar.xz" "linux-$rel"
	done
	mkdir -p "$q/kernels/2.0.y" "$q/patches/2.0.y"
	cat >"$q/kernels/2.0.y/line.conf" <<EOF2
# 2.0.y: the rebase tests' tarball line.
VERSION=2.0.1
SOURCE=tarball
TARBALL_URL=file://$dir/nowhere/linux-2.0.1.tar.xz
TARBALL_SHA256=$(sha256sum <"$dir/linux-2.0.1.tar.xz" | cut -d' ' -f1)
TREE_MANIFEST=vfio-files.sha256
ARCHES="x86_64"
SERIES_UPSTREAM=no
EOF2
	(cd "$dir/linux-2.0.1" && sha256sum drivers/vfio/vfio_main.c) >"$q/kernels/2.0.y/vfio-files.sha256"
	cp "$q/patches/1.0.y/"*.patch "$q/patches/2.0.y/"
	cp "$q/series/1.0.y" "$q/series/2.0.y"
	git -C "$q" -c user.name=t -c user.email=t@t add -A
	git -C "$q" -c user.name=t -c user.email=t@t commit -qm "tarball line"
}
