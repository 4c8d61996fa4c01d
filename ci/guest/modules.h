/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The modules the guest loads, by module name: the one list of them.
 * scripts/boot-debian-package reads the *_MODULE lines of this file to take
 * them, with what they depend on, out of a distro kernel's package, whose
 * vfio drivers are modules (our boot kernels build the vfio core in). Keep
 * one "#define <NAME>_MODULE "<module>"" a line.
 */
#ifndef VFIO_TEST_MODULES_H
#define VFIO_TEST_MODULES_H

/* loaded at start where they are modules, as udev would (harness.c) */
#define VFIO_PCI_MODULE		"vfio_pci"
#define VFIO_IOMMU_TYPE1_MODULE	"vfio_iommu_type1"
/* the driver QEMU's e1000e goes back to (pci-iommu.c) */
#define E1000E_MODULE		"e1000e"
/* the mdev samples, each also its parent device's name (mdev-samples.c) */
#define MTTY_MODULE		"mtty"
#define MDPY_MODULE		"mdpy"
#define MBOCHS_MODULE		"mbochs"
/* the vfio bus drivers the platform suites reload (platform.c) */
#define VFIO_AMBA_MODULE	"vfio_amba"
#define VFIO_PLATFORM_MODULE	"vfio_platform"
#define VFIO_FSL_MC_MODULE	"vfio_fsl_mc"
/* s390's (ccw-ap.c) */
#define VFIO_CCW_MODULE		"vfio_ccw"
#define VFIO_AP_MODULE		"vfio_ap"

#endif
