#!/usr/bin/env bash
# The modules the guest takes from a distro kernel's package
# (scripts/lib/modules.sh): the names ci/guest/modules.h owns, and their
# closure in a module tree laid out as Debian's 5.10 packages are after
# depmod (t/fixtures/modules/: modules.dep with a compressed module and a
# '-' in a file name, modules.softdep with vfio's and the mdev core's soft
# dependencies): no package, no QEMU.
. "$(dirname "$0")/../lib/tap.sh"
set -u
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/lib/modules.sh"
tree=$ROOT/t/fixtures/modules
plan 9

mapfile -t modules < <(guest_modules "$ROOT/ci/guest/modules.h")
names=" ${modules[*]} "
for m in vfio_pci vfio_iommu_type1 e1000e mtty; do
	ok "$([[ $names == *" $m "* ]]; echo $?)" "ci/guest/modules.h lists $m"
done

closure=$(module_closure "$tree" "${modules[@]}" | LC_ALL=C sort | paste -sd' ')
want="kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.xz kernel/drivers/pci/irqbypass.ko kernel/drivers/pps/pps_core.ko kernel/drivers/ptp/ptp.ko kernel/drivers/vfio/mdev/mdev.ko kernel/drivers/vfio/mdev/vfio_mdev.ko kernel/drivers/vfio/pci/vfio-pci.ko kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/samples/vfio-mdev/mtty.ko"
ok "$([[ $closure == "$want" ]]; echo $?)" \
	"the closure: the named modules the tree has, what they depend on, and the soft dependencies (vfio_mdev, type1)"
[[ $closure == "$want" ]] || diag "got:  $closure" "want: $want"

# The soft dependency alone brings vfio_mdev: mtty does not depend on it,
# the mdev core asks modprobe for it.
soft=$(module_closure "$tree" mtty | LC_ALL=C sort | paste -sd' ')
ok "$([[ $soft == *vfio_mdev.ko* && $soft != *igb* ]]; echo $?)" "mtty brings the mdev core's soft dependency, and nothing it does not need"

nosoft=$(scratch)
cp "$tree/modules.dep" "$nosoft/"
ok "$([[ $(module_closure "$nosoft" mtty | wc -l) == 3 ]]; echo $?)" "a tree without modules.softdep: modules.dep alone (mtty, mdev, vfio)"

empty=$(scratch)/modules.h
printf '#define E1000E_DRIVER "e1000e"\n' >"$empty"
run bash -c ". '$ROOT/scripts/lib.sh'; . '$ROOT/scripts/lib/modules.sh'; guest_modules '$empty'"
exits_fail "a header with no *_MODULE line fails"
says "no \"#define <NAME>_MODULE" "and says what it looked for"
finish
