# 5.10.y: "Tidy up vfio_device life cycle" (v6.1-rc1), backported by hand to
# linux-5.10.262. A patch file is named after its subject, as the stable
# queue names them; the order is this file's alone.
#
# Follow-up fixes (upstream commits whose Fixes: tag names one of the 15;
# see upstream/commits.tsv), as in the 5.15.y queue:
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module
#                init (Fixes: 5f6c7e0831a1, upstream 11): folded into the
#                vfio/platform patch, whose body names both commits, each
#                on its own "commit <sha> upstream." line. Folded, because
#                no patch boundary may be worse than the base: 11 alone
#                makes vfio-platform (and, from 12, vfio-amba) refuse every
#                device without a reset function even when reset_required=0,
#                which 5.10 binds; and the fix cannot come before 11, whose
#                code it fixes.
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc
#                devices (Fixes: 3c28a76124b2, upstream 15): carried ahead of
#                15 (the ahead-of marker below). 15 gives every vfio_device
#                a struct device, which appears as a vfio-dev child of an
#                fsl-mc container bound to vfio-fsl-mc; 5.10's DPRC code
#                takes every child for an fsl-mc device and would oops
#                (CVE-2023-53362). The fix only skips children that are not
#                fsl-mc devices, of which there are none before 15; it
#                applies to 5.10's two removal walkers as it is (its note
#                says what it does not cover: __fsl_mc_device_match(), as
#                upstream).
# Document update:
#   c55365a09302 docs: vfio: Update vfio.rst per latest interfaces (v6.3):
#                carried after 15, which removes the vfio_init_group_dev()
#                that vfio.rst tells drivers to call; written for 5.10's
#                vfio_device_ops.
#
# Prerequisites (v5.13-rc1, "Embed struct vfio_device in all sub-structures",
# Jason Gunthorpe). 5.10.262 has, from stable (5.10.37, 5.10.137), the core
# half of that work: struct vfio_device is public and vfio_init_group_dev(),
# vfio_register_group_dev() and vfio_unregister_group_dev() exist
# (e572bfb2b6a8, 5e42c999445b, 0bfc6a4ea63c), and so do four more commits of
# that series: the probe re-orders 2b1fe162e584 ("vfio/fsl-mc: Re-order
# vfio_fsl_mc_probe()") and 4aeec3984ddc ("vfio/pci: Re-order
# vfio_pci_probe()"), 61e908174828 ("vfio/pci: Move VGA and VF
# initialization to functions") and 66873b5fa738 ("vfio/mdev: Make
# to_mdev_device() into a static inline"). No driver uses
# the new calls: vfio-pci, vfio-platform/amba, vfio-fsl-mc and the vfio_mdev
# bridge still call vfio_add_group_dev(). The series' vfio_alloc_device()
# allocates a driver structure that embeds its vfio_device as first member,
# so each driver must embed one first: that is what the four per-driver
# commits "Use vfio_init/register/unregister_group_dev" do, small and
# mechanical, each the Stable-dep-of of the series patch that converts the
# same driver. Left out, and why:
#   6df62c5b05f4 vfio: Make vfio_device_ops pass a 'struct vfio_device *'
#                instead of 'void *', 07d47b4222d5 vfio/pci: Replace uses of
#                vfio_device_data() with container_of and 1e04ec14204d vfio:
#                Remove device_data from the vfio bus driver API: not needed.
#                The series' new @init/@release take a struct vfio_device *
#                while the old callbacks keep their void *device_data, which
#                (the vfio_device being the first member) is the driver's
#                structure itself; taking them would change every callback's
#                signature for nothing the series needs.
#   The v5.15 open_device/close_device work (2fd585f4ed9d, eb24c1007e68,
#                ae03c3771b8c) stands on the v5.15 device-set rework; 5.10
#                keeps its per-fd open/release. Their name clash with the
#                series' life-cycle @release is settled by the backport-only
#                "vfio: Name the per-fd device callbacks open_fd and
#                close_fd", before 01: an out-of-tree driver's ".release =
#                its close" then fails to compile instead of being called
#                once as the free callback; the names are not upstream's
#                open_device/close_device, which mean first open and last
#                close there.
# Not applicable in 5.10 besides mlx5/hisi_acc (no such drivers), gvt and
# ccw (mdev parents behind the vfio_mdev bridge, as in 5.15): the mdev
# samples (05, 06, 07) and vfio_ap (09) also embed no vfio_device in 5.10;
# they are mdev parents behind the bridge too, which the bridge patch covers.

vfio-platform-use-vfio_init-register-unregister_group_dev.patch
vfio-fsl-mc-use-vfio_init-register-unregister_group_dev.patch
vfio-pci-use-vfio_init-register-unregister_group_dev.patch
vfio-mdev-use-vfio_init-register-unregister_group_dev.patch
vfio-name-the-per-fd-device-callbacks-open_fd-and-close_fd.patch
vfio-add-helpers-for-unifying-vfio_device-life-cycle.patch
vfio-pci-use-the-new-device-life-cycle-helpers.patch
# not-applicable d3966e305ac4 vfio/mlx5: Use the new device life cycle helpers: the mlx5 vfio-pci variant driver does not exist in 5.10
# not-applicable 27aeb915595b vfio/hisi_acc: Use the new device life cycle helpers: the hisi_acc vfio-pci variant driver does not exist in 5.10
# not-applicable 603c09f2873d vfio/mdpy: Use the new device life cycle helpers: mdpy does not embed a vfio_device in 5.10 (an mdev parent behind the vfio_mdev bridge, converted by the backport-only bridge patch)
# not-applicable 67c5a1814f4c vfio/mtty: Use the new device life cycle helpers: mtty does not embed a vfio_device in 5.10 (an mdev parent behind the vfio_mdev bridge, converted by the backport-only bridge patch)
# not-applicable 3d5d18e1f899 vfio/mbochs: Use the new device life cycle helpers: mbochs does not embed a vfio_device in 5.10 (an mdev parent behind the vfio_mdev bridge, converted by the backport-only bridge patch)
vfio-mdev-use-the-new-device-life-cycle-helpers-in-the-vfio_mdev-bridge.patch
# not-applicable a5ddd2a99a7a drm/i915/gvt: Use the new device life cycle helpers: gvt does not embed a vfio_device in 5.10 (its vGPUs are mdevs behind the vfio_mdev bridge, converted by the backport-only bridge patch)
# not-applicable 7cb5a82eb162 vfio/ap: Use the new device life cycle helpers: vfio_ap does not embed a vfio_device in 5.10 (an mdev parent behind the vfio_mdev bridge, converted by the backport-only bridge patch; it embeds one only from v5.15-rc1, eb0feefd4c02)
vfio-fsl-mc-use-the-new-device-life-cycle-helpers.patch
vfio-platform-use-the-new-device-life-cycle-helpers.patch
vfio-amba-use-the-new-device-life-cycle-helpers.patch
# not-applicable ebb72b765fb4 vfio/ccw: Use the new device life cycle helpers: vfio-ccw does not embed a vfio_device in 5.10 (its subchannels are mdevs behind the vfio_mdev bridge, converted by the backport-only bridge patch)
vfio-rename-vfio_device_put-and-vfio_device_try_get.patch
# ahead-of 3c28a76124b2 ("vfio: Add struct device to vfio_device"): the fix changes nothing until 15 adds a vfio-dev child to fsl-mc devices; carried after 15, a kernel a bisect lands on between them would oops binding a DPRC container to vfio-fsl-mc
bus-fsl-mc-don-t-assume-child-devices-are-all-fsl-mc-devices.patch
vfio-add-struct-device-to-vfio_device.patch
docs-vfio-update-vfio-rst-per-latest-interfaces.patch
