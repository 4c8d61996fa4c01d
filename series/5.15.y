# 5.15.y: "Tidy up vfio_device life cycle" (v6.1-rc1), backported by hand to
# linux-5.15.145 (drivers/vfio/vfio.c: 5.15 has no vfio_main.c). A patch file
# is named after its subject, as the stable queue names them; the order is
# this file's alone.
#
# Follow-up fixes (upstream commits whose Fixes: tag names one of the 15;
# see upstream/commits.tsv):
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module
#                init (Fixes: 5f6c7e0831a1, upstream 11): folded into the
#                vfio/platform patch, whose body names both commits, each
#                on its own "commit <sha> upstream." line. Folded, because
#                no patch boundary may be worse than the base: 11 alone
#                makes vfio-platform (and, from 12, vfio-amba) refuse every
#                device without a reset function even when reset_required=0,
#                which 5.15 binds; and the fix cannot come before 11, whose
#                code it fixes. The second line is the stable queue's own
#                form, so "git log --grep 'commit <sha> upstream'", Fixes:
#                trackers and scans of upstream ids find the fix carried.
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc
#                devices (Fixes: 3c28a76124b2, upstream 15): carried ahead of
#                15 (the ahead-of marker below). 15 gives every vfio_device
#                a struct device, which appears as a vfio-dev child of an
#                fsl-mc container bound to vfio-fsl-mc; the DPRC code takes
#                every child for an fsl-mc device and oopses (CVE-2023-53362).
#                The fix only skips children that are not fsl-mc devices, of
#                which there are none before 15: carried after 15, it would
#                leave one kernel a bisect can land on with that oops.
# Document update:
#   c55365a09302 docs: vfio: Update vfio.rst per latest interfaces (v6.3):
#                carried after 15, which removes the vfio_init_group_dev()
#                and vfio_uninit_group_dev() that vfio.rst tells drivers to
#                call.

vfio-add-helpers-for-unifying-vfio_device-life-cycle.patch
vfio-pci-use-the-new-device-life-cycle-helpers.patch
# not-applicable d3966e305ac4 vfio/mlx5: Use the new device life cycle helpers: the mlx5 vfio-pci variant driver does not exist in 5.15 (no drivers/vfio/pci/mlx5/ in 5.15.145)
# not-applicable 27aeb915595b vfio/hisi_acc: Use the new device life cycle helpers: the hisi_acc vfio-pci variant driver does not exist in 5.15 (no drivers/vfio/pci/hisilicon/ in 5.15.145)
vfio-mdpy-use-the-new-device-life-cycle-helpers.patch
vfio-mtty-use-the-new-device-life-cycle-helpers.patch
vfio-mbochs-use-the-new-device-life-cycle-helpers.patch
vfio-mdev-use-the-new-device-life-cycle-helpers-in-the-vfio_mdev-bridge.patch
# not-applicable a5ddd2a99a7a drm/i915/gvt: Use the new device life cycle helpers: gvt does not embed a vfio_device in 5.15 (its vGPUs are mdevs behind the vfio_mdev bridge, converted by the backport-only vfio_mdev bridge patch)
vfio-ap-use-the-new-device-life-cycle-helpers.patch
vfio-fsl-mc-use-the-new-device-life-cycle-helpers.patch
vfio-platform-use-the-new-device-life-cycle-helpers.patch
vfio-amba-use-the-new-device-life-cycle-helpers.patch
# not-applicable ebb72b765fb4 vfio/ccw: Use the new device life cycle helpers: vfio-ccw does not embed a vfio_device in 5.15 (its subchannels are mdevs behind the vfio_mdev bridge, converted by the backport-only vfio_mdev bridge patch)
vfio-rename-vfio_device_put-and-vfio_device_try_get.patch
# ahead-of 3c28a76124b2 ("vfio: Add struct device to vfio_device"): the fix changes nothing until 15 adds a vfio-dev child to fsl-mc devices; carried after 15, a kernel a bisect lands on between them would oops binding a DPRC container to vfio-fsl-mc
bus-fsl-mc-don-t-assume-child-devices-are-all-fsl-mc-devices.patch
vfio-add-struct-device-to-vfio_device.patch
docs-vfio-update-vfio-rst-per-latest-interfaces.patch
