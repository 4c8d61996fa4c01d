# 5.15.y: "Tidy up vfio_device life cycle" (v6.1-rc1), backported by hand to
# linux-5.15.145 (drivers/vfio/vfio.c: 5.15 has no vfio_main.c). Patches are
# named by their upstream number; a backport-only patch by the one it serves.
#
# Follow-up fixes considered (upstream commits whose Fixes: tag names one of
# the 15; see upstream/commits.tsv):
#   168a9c91fe0a vfio: platform: ignore missing reset if disabled at module
#                init (Fixes: 11): folded into 11 (see its backport note).
#   303c9c63abb9 bus: fsl-mc: don't assume child devices are all fsl-mc
#                devices (Fixes: 15): carried, right after 15.

01-vfio-Add-helpers-for-unifying-vfio_device-life-cycle.patch
02-vfio-pci-Use-the-new-device-life-cycle-helpers.patch
# not-applicable d3966e305ac4 vfio/mlx5: Use the new device life cycle helpers: the mlx5 vfio-pci variant driver does not exist in 5.15 (no drivers/vfio/pci/mlx5/ in 5.15.145)
# not-applicable 27aeb915595b vfio/hisi_acc: Use the new device life cycle helpers: the hisi_acc vfio-pci variant driver does not exist in 5.15 (no drivers/vfio/pci/hisilicon/ in 5.15.145)
05-vfio-mdpy-Use-the-new-device-life-cycle-helpers.patch
06-vfio-mtty-Use-the-new-device-life-cycle-helpers.patch
07-vfio-mbochs-Use-the-new-device-life-cycle-helpers.patch
08-vfio-mdev-Use-the-new-device-life-cycle-helpers-in-the-vfio_mdev-bridge.patch
# not-applicable a5ddd2a99a7a drm/i915/gvt: Use the new device life cycle helpers: gvt does not embed a vfio_device in 5.15 (its vGPUs are mdevs behind the vfio_mdev bridge, converted by the backport-only vfio_mdev bridge patch)
09-vfio-ap-Use-the-new-device-life-cycle-helpers.patch
10-vfio-fsl-mc-Use-the-new-device-life-cycle-helpers.patch
11-vfio-platform-Use-the-new-device-life-cycle-helpers.patch
12-vfio-amba-Use-the-new-device-life-cycle-helpers.patch
# not-applicable ebb72b765fb4 vfio/ccw: Use the new device life cycle helpers: vfio-ccw does not embed a vfio_device in 5.15 (its subchannels are mdevs behind the vfio_mdev bridge, converted by the backport-only vfio_mdev bridge patch)
14-vfio-Rename-vfio_device_put-and-vfio_device_try_get.patch
15-vfio-Add-struct-device-to-vfio_device.patch
17-bus-fsl-mc-don-t-assume-child-devices-are-all-fsl-mc-devices.patch
