// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into upstream's vfio selftests (tools/testing/selftests/vfio,
 * through LDLIBS) by scripts/boot-test: their library's default IOMMU mode
 * is "iommufd", which needs /dev/iommu (v6.2) and the vfio device cdev
 * (v6.6). On a kernel without them the guest program names the mode the
 * kernel has (vfio_type1v2_iommu) in this environment variable, and this
 * constructor sets it before the tests' main() reads it. Their sources stay
 * as upstream wrote them.
 */
#include <stdlib.h>

#define IOMMU_MODE_ENV	"VFIO_SELFTESTS_IOMMU_MODE"

/* The library's global (lib/vfio_pci_device.c). */
extern const char *default_iommu_mode;

__attribute__((constructor)) static void iommu_mode_from_env(void)
{
	const char *mode = getenv(IOMMU_MODE_ENV);

	if (mode && *mode)
		default_iommu_mode = mode;
}
