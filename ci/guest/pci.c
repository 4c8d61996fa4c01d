// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-pci (x86_64) in no-IOMMU mode on QEMU's pci-serial: bind it through
 * driver_override, open it and read its config space, give it back to its
 * original driver.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/vfio.h>

#include "harness.h"
#include "util.h"

/* QEMU's "-device pci-serial", the device the test binds. */
#define PCI_SERIAL_VENDOR_ID	0x1b36
#define PCI_SERIAL_DEVICE_ID	0x0002

/* What the steps hand on. */
static struct {
	char bdf[NAME_MAX + 1];
	char original[NAME_MAX + 1];
	bool found, bound;
} pci;

static bool pci_bind(struct suite *suite)
{
	(void)suite;
	pci.found = find_pci_bound(PCI_SERIAL_VENDOR_ID, PCI_SERIAL_DEVICE_ID,
				   pci.bdf, sizeof(pci.bdf), pci.original,
				   sizeof(pci.original));
	if (!pci.found)
		return false;
	pci.bound = rebind_to(PCI_BUS, pci.bdf, VFIO_PCI_DRIVER, VFIO_PCI_DRIVER);
	return pci.bound;
}

static bool pci_open(struct suite *suite)
{
	struct vfio_handle h;
	bool ok;

	(void)suite;
	if (!pci.bound || !open_noiommu(&h, PCI_BUS, pci.bdf))
		return false;
	diag("expecting %04x:%04x", PCI_SERIAL_VENDOR_ID, PCI_SERIAL_DEVICE_ID);
	ok = check_config_ids(h.device, PCI_SERIAL_VENDOR_ID,
			      PCI_SERIAL_DEVICE_ID);
	vfio_close(&h);
	return ok;
}

static bool pci_give_back(struct suite *suite)
{
	(void)suite;
	return pci.found && pci.bound &&
	       rebind_to(PCI_BUS, pci.bdf, "\n", pci.original);
}

static const struct step pci_steps[] = {
	{ "bind QEMU's pci-serial in no-IOMMU mode", pci_bind },
	{ "open it and read its vendor and device ids", pci_open },
	{ "unbind it and rebind its original driver", pci_give_back },
};

static struct suite pci_suite = {
	.subject = VFIO_PCI_DRIVER,
	.arches = GUEST_X86_64,
	.order = SUITE_DEVICES,
	.steps = pci_steps,
	.num_steps = ARRAY_SIZE(pci_steps),
};

void register_pci(void)
{
	register_suite(&pci_suite);
}
