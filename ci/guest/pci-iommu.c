// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-pci (x86_64) as its users run it: behind an IOMMU (QEMU's
 * intel-iommu), through a type1v2 container, on QEMU's e1000e (MSI-X,
 * function reset). Bind cycles through driver_override; DMA map and unmap;
 * the device, region and interrupt info; config space; a BAR through mmap;
 * reset; an MSI-X vector signalled to an eventfd; and the case the series
 * is about: an unbind while the device fd is open blocks, asks the user to
 * let go through the request eventfd, and completes once the fd is closed.
 * Then the device goes back to e1000e.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "harness.h"
#include "modules.h"
#include "util.h"

/* The driver QEMU's e1000e comes back to. */
#define E1000E_DRIVER		"e1000e"
/* The 82574L's device status register, in BAR 0. */
#define E1000E_STATUS_REG	0x8
/* Bind cycles: enough for a reference count off by one to show. */
#define BIND_CYCLES		20
/* A DMA mapping: 1 MiB at an I/O virtual address of 1 GiB. */
#define DMA_SIZE		(1UL << 20)
#define DMA_IOVA		(1UL << 30)
/*
 * How long an eventfd may take to be signalled: an MSI-X vector once
 * triggered, the request once an unbind started.
 */
#define EVENTFD_TIMEOUT_MS	10000
/* How long an unbind may stay blocked once the fd is closed. */
#define UNBIND_DONE_TIMEOUT_S	10
#define POLL_INTERVAL_US	(USEC_PER_S / 10)

/* What the steps hand on. */
static struct {
	char bdf[NAME_MAX + 1];
	char original[NAME_MAX + 1];
	char group_path[PATH_MAX];
	struct vfio_handle h;
	struct vfio_device_info info;
	/* BAR 0 as VFIO_DEVICE_GET_REGION_INFO gave it, for its mmap. */
	struct vfio_region_info bar0;
	bool found, bound;
} iommu = { .h = VFIO_HANDLE_CLOSED };

static bool opened(void)
{
	if (iommu.h.device >= 0)
		return true;
	diag("the device is not open (an earlier step failed)");
	return false;
}

static bool iommu_find(struct suite *suite)
{
	char dev_dir[PATH_MAX], group[NAME_MAX + 1];

	(void)suite;
	if (!run_command("modprobe %s", E1000E_MODULE))
		return false;
	iommu.found = find_pci_bound(E1000E_VENDOR_ID, E1000E_DEVICE_ID,
				     iommu.bdf, sizeof(iommu.bdf), iommu.original,
				     sizeof(iommu.original));
	if (!iommu.found)
		return false;
	snprintf(dev_dir, sizeof(dev_dir), "%s/%s", PCI_DEVICES, iommu.bdf);
	if (!iommu_group_of(dev_dir, group, sizeof(group)))
		return false;
	snprintf(iommu.group_path, sizeof(iommu.group_path), "/dev/vfio/%s",
		 group);
	diag("iommu group %s", group);
	return true;
}

static bool iommu_bind_cycles(struct suite *suite)
{
	int i;

	(void)suite;
	if (!iommu.found)
		return false;
	for (i = 0; i < BIND_CYCLES; i++) {
		if (!rebind_to(PCI_BUS, iommu.bdf, VFIO_PCI_DRIVER,
			       VFIO_PCI_DRIVER) ||
		    !rebind_to(PCI_BUS, iommu.bdf, "\n", iommu.original)) {
			diag("bind cycle %d of %d failed", i + 1, BIND_CYCLES);
			return false;
		}
	}
	iommu.bound = rebind_to(PCI_BUS, iommu.bdf, VFIO_PCI_DRIVER,
				VFIO_PCI_DRIVER);
	return iommu.bound;
}

static bool iommu_open(struct suite *suite)
{
	(void)suite;
	return iommu.bound &&
	       vfio_open(&iommu.h, iommu.group_path, VFIO_TYPE1v2_IOMMU,
			 iommu.bdf);
}

static bool iommu_dma(struct suite *suite)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.iova = DMA_IOVA,
		.size = DMA_SIZE,
	};
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = DMA_IOVA,
		.size = DMA_SIZE,
	};
	void *buf;
	bool ok = false;

	(void)suite;
	if (!opened())
		return false;
	buf = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail_errno(errno, "mmap of %lu bytes for DMA", DMA_SIZE);
	map.vaddr = (uintptr_t)buf;
	if (ioctl(iommu.h.container, VFIO_IOMMU_MAP_DMA, &map)) {
		fail_errno(errno, "VFIO_IOMMU_MAP_DMA of %lu bytes at iova 0x%lx",
			   DMA_SIZE, DMA_IOVA);
		goto out;
	}
	if (ioctl(iommu.h.container, VFIO_IOMMU_UNMAP_DMA, &unmap)) {
		fail_errno(errno, "VFIO_IOMMU_UNMAP_DMA at iova 0x%lx", DMA_IOVA);
		goto out;
	}
	ok = unmap.size == DMA_SIZE;
	if (!ok)
		diag("VFIO_IOMMU_UNMAP_DMA unmapped %llu bytes, not %lu",
		     (unsigned long long)unmap.size, DMA_SIZE);
out:
	munmap(buf, DMA_SIZE);
	return ok;
}

static bool iommu_info(struct suite *suite)
{
	struct vfio_region_info bar0 = {
		.argsz = sizeof(bar0),
		.index = VFIO_PCI_BAR0_REGION_INDEX,
	};
	struct vfio_irq_info msix = {
		.argsz = sizeof(msix),
		.index = VFIO_PCI_MSIX_IRQ_INDEX,
	};

	(void)suite;
	if (!opened())
		return false;
	iommu.info.argsz = sizeof(iommu.info);
	if (ioctl(iommu.h.device, VFIO_DEVICE_GET_INFO, &iommu.info))
		return fail_errno(errno, "VFIO_DEVICE_GET_INFO");
	if (!(iommu.info.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    iommu.info.num_regions < VFIO_PCI_NUM_REGIONS ||
	    iommu.info.num_irqs < VFIO_PCI_NUM_IRQS) {
		diag("VFIO_DEVICE_GET_INFO: flags 0x%x, %u regions, %u irqs: not a PCI device's",
		     iommu.info.flags, iommu.info.num_regions,
		     iommu.info.num_irqs);
		return false;
	}
	if (ioctl(iommu.h.device, VFIO_DEVICE_GET_REGION_INFO, &bar0))
		return fail_errno(errno, "VFIO_DEVICE_GET_REGION_INFO (BAR 0)");
	if (!bar0.size || !(bar0.flags & VFIO_REGION_INFO_FLAG_MMAP)) {
		diag("BAR 0: %llu bytes, flags 0x%x: not an mmap-able BAR",
		     (unsigned long long)bar0.size, bar0.flags);
		return false;
	}
	if (ioctl(iommu.h.device, VFIO_DEVICE_GET_IRQ_INFO, &msix))
		return fail_errno(errno, "VFIO_DEVICE_GET_IRQ_INFO (MSI-X)");
	if (!msix.count || !(msix.flags & VFIO_IRQ_INFO_EVENTFD)) {
		diag("MSI-X: %u vectors, flags 0x%x", msix.count, msix.flags);
		return false;
	}
	iommu.bar0 = bar0;
	diag("%u regions, %u irqs, BAR 0 of %llu bytes, %u MSI-X vectors",
	     iommu.info.num_regions, iommu.info.num_irqs,
	     (unsigned long long)bar0.size, msix.count);
	return true;
}

static bool iommu_config(struct suite *suite)
{
	(void)suite;
	return opened() &&
	       check_config_ids(iommu.h.device, E1000E_VENDOR_ID,
				E1000E_DEVICE_ID);
}

static bool iommu_bar_mmap(struct suite *suite)
{
	const struct vfio_region_info *bar0 = &iommu.bar0;
	/* Device memory: every read must reach it, none may be cached. */
	volatile uint32_t *regs;
	uint32_t status;

	(void)suite;
	if (!opened())
		return false;
	if (!bar0->size) {
		diag("BAR 0 is unknown (the info step failed)");
		return false;
	}
	regs = mmap(NULL, bar0->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    iommu.h.device, bar0->offset);
	if (regs == MAP_FAILED)
		return fail_errno(errno, "mmap of BAR 0 (%llu bytes at 0x%llx)",
				  (unsigned long long)bar0->size,
				  (unsigned long long)bar0->offset);
	status = regs[E1000E_STATUS_REG / sizeof(*regs)];
	munmap((void *)regs, bar0->size);
	diag("STATUS register: 0x%08x", status);
	if (status == UINT32_MAX) {
		diag("BAR 0 reads all ones: the device does not decode it");
		return false;
	}
	return true;
}

static bool iommu_reset(struct suite *suite)
{
	(void)suite;
	if (!opened())
		return false;
	if (!(iommu.info.flags & VFIO_DEVICE_FLAGS_RESET)) {
		diag("VFIO_DEVICE_GET_INFO does not offer a reset (flags 0x%x)",
		     iommu.info.flags);
		return false;
	}
	if (ioctl(iommu.h.device, VFIO_DEVICE_RESET))
		return fail_errno(errno, "VFIO_DEVICE_RESET");
	return true;
}

/* VFIO_DEVICE_SET_IRQS of one vector (or none) of an IRQ index. */
static int set_irqs(int index, uint32_t flags, int count, int fd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} irq = {
		.set = {
			.argsz = sizeof(irq),
			.flags = flags | VFIO_IRQ_SET_ACTION_TRIGGER,
			.index = index,
			.count = count,
		},
		.fd = fd,
	};

	if (!(flags & VFIO_IRQ_SET_DATA_EVENTFD))
		irq.set.argsz = sizeof(irq.set);
	return ioctl(iommu.h.device, VFIO_DEVICE_SET_IRQS, &irq);
}

/* An eventfd that vector 0 of an IRQ index signals; -1 if none (said). */
static int irq_eventfd(int index, const char *what)
{
	int fd;

	fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0) {
		fail_errno(errno, "eventfd for %s", what);
		return -1;
	}
	if (set_irqs(index, VFIO_IRQ_SET_DATA_EVENTFD, 1, fd)) {
		fail_errno(errno, "VFIO_DEVICE_SET_IRQS: %s to an eventfd", what);
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait for an eventfd to be signalled; its count, or 0. */
static uint64_t eventfd_wait(int fd, int timeout_ms)
{
	uint64_t count = 0;

	if (wait_readable(fd, timeout_ms) == 1 &&
	    read(fd, &count, sizeof(count)) != sizeof(count))
		count = 0;
	return count;
}

static bool iommu_msix(struct suite *suite)
{
	bool ok = false;
	int fd;

	(void)suite;
	if (!opened())
		return false;
	fd = irq_eventfd(VFIO_PCI_MSIX_IRQ_INDEX, "MSI-X vector 0");
	if (fd < 0)
		return false;
	/* DATA_NONE triggers the vector as the device would. */
	if (set_irqs(VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE, 1, -1)) {
		fail_errno(errno, "VFIO_DEVICE_SET_IRQS: trigger MSI-X vector 0");
		goto disable;
	}
	ok = eventfd_wait(fd, EVENTFD_TIMEOUT_MS) > 0;
	if (!ok)
		diag("MSI-X vector 0 was triggered, its eventfd was not signalled");
disable:
	if (set_irqs(VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE, 0, -1)) {
		fail_errno(errno, "VFIO_DEVICE_SET_IRQS: disable MSI-X");
		ok = false;
	}
	close(fd);
	return ok;
}

/*
 * Unbind from vfio-pci while the device fd is open: the unbind must wait
 * for the fd, signal the request eventfd meanwhile, and complete once the
 * fd is closed. The unbind runs in a child, which blocks in the write.
 */
static bool iommu_unbind_while_open(struct suite *suite)
{
	char unbind[PATH_MAX], driver[NAME_MAX + 1];
	unsigned long waited = 0;
	int fd, status;
	pid_t child;
	bool ok = false;

	(void)suite;
	if (!opened())
		return false;
	fd = irq_eventfd(VFIO_PCI_REQ_IRQ_INDEX, "the device request");
	if (fd < 0)
		return false;
	snprintf(unbind, sizeof(unbind), "%s/drivers/%s/unbind", PCI_BUS,
		 VFIO_PCI_DRIVER);
	child = fork();
	if (child < 0) {
		fail_errno(errno, "fork");
		goto close_device;
	}
	if (!child) {
		/* The child's copies of the fds must not keep the device open. */
		vfio_close(&iommu.h);
		close(fd);
		_exit(write_file(unbind, iommu.bdf) ? 1 : 0);
	}
	if (!eventfd_wait(fd, EVENTFD_TIMEOUT_MS)) {
		diag("the unbind started, the request eventfd was not signalled in %d ms",
		     EVENTFD_TIMEOUT_MS);
		goto close_device;
	}
	if (waitpid(child, &status, WNOHANG)) {
		diag("the unbind finished while the device fd was still open");
		child = 0;
		goto close_device;
	}
	ok = true;
close_device:
	vfio_close(&iommu.h);
	close(fd);
	if (child <= 0)
		return ok;
	while (waitpid(child, &status, WNOHANG) == 0) {
		if (waited >= UNBIND_DONE_TIMEOUT_S * USEC_PER_S) {
			diag("the unbind is still blocked %d s after the fd was closed",
			     UNBIND_DONE_TIMEOUT_S);
			kill(child, SIGKILL);
			return false;
		}
		sleep_fully(POLL_INTERVAL_US);
		waited += POLL_INTERVAL_US;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		diag("writing %s to %s failed", iommu.bdf, unbind);
		return false;
	}
	driver_of(PCI_BUS, iommu.bdf, driver, sizeof(driver));
	if (driver[0]) {
		diag("%s is still bound to \"%s\" after the unbind", iommu.bdf,
		     driver);
		return false;
	}
	iommu.bound = false;
	return ok;
}

static bool iommu_give_back(struct suite *suite)
{
	(void)suite;
	return iommu.found && rebind_to(PCI_BUS, iommu.bdf, "\n", iommu.original);
}

static void iommu_teardown(struct suite *suite)
{
	(void)suite;
	vfio_close(&iommu.h);
}

static const struct step iommu_steps[] = {
	{ "find QEMU's e1000e in an iommu group", iommu_find },
	{ "bind to vfio-pci and back through driver_override, " STR(BIND_CYCLES) " cycles",
	  iommu_bind_cycles },
	{ "open its group in a VFIO_TYPE1v2_IOMMU container", iommu_open },
	{ "map and unmap 1 MiB of DMA", iommu_dma },
	{ "device, BAR 0 and MSI-X info", iommu_info },
	{ "read its vendor and device ids from config space", iommu_config },
	{ "read a register of BAR 0 through mmap", iommu_bar_mmap },
	{ "reset it with VFIO_DEVICE_RESET", iommu_reset },
	{ "signal MSI-X vector 0 to an eventfd", iommu_msix },
	{ "unbind while its fd is open: the request eventfd fires, the unbind completes on close",
	  iommu_unbind_while_open },
	{ "give it back to e1000e", iommu_give_back },
};

static struct suite iommu_suite = {
	.subject = "vfio-pci behind the IOMMU",
	.arches = GUEST_X86_64 | GUEST_ARM64,
	.boots = BOOT_IOMMU,
	.order = SUITE_DEVICES,
	.steps = iommu_steps,
	.num_steps = ARRAY_SIZE(iommu_steps),
	.teardown = iommu_teardown,
};

void register_pci_iommu(void)
{
	register_suite(&iommu_suite);
}
