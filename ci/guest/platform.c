// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-amba and vfio-platform (arm64, QEMU virt) in no-IOMMU mode, on the
 * pl031 RTC and on the virtio-mmio transport of a virtio-rng: bind through
 * driver_override, open, query, read a region, close; many bind cycles;
 * module reload; the original driver bound again. vfio-fsl-mc is only
 * loaded: QEMU emulates no fsl-mc bus.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "harness.h"
#include "modules.h"
#include "util.h"

#define BIND_CYCLES		20

/* A device of a bus that a vfio bus driver takes over for the tests. */
struct bus_device {
	const char *bus;	/* its /sys/bus directory */
	const char *suffix;	/* how its name ends (its device tree node) */
	const char *original;	/* its driver before and after the tests */
	const char *vfio_driver;
	const char *module;	/* the vfio driver's module name, and its args */
	const char *module_args;
	uint32_t vfio_flag;	/* what VFIO_DEVICE_GET_INFO must report */
	/* what the steps hand on */
	char dev[NAME_MAX + 1];
	bool found, bound;
};

static struct bus_device devices[] = {
	/* vfio-amba never requires a reset function; pl031 has none. */
	{ .bus = "/sys/bus/amba", .suffix = ".pl031", .original = "rtc-pl031",
	  .vfio_driver = "vfio-amba", .module = VFIO_AMBA_MODULE, .module_args = "",
	  .vfio_flag = VFIO_DEVICE_FLAGS_AMBA },
	/* virtio-mmio has no reset function: only with reset_required=0. */
	{ .bus = "/sys/bus/platform", .suffix = ".virtio_mmio",
	  .original = "virtio-mmio", .vfio_driver = "vfio-platform",
	  .module = VFIO_PLATFORM_MODULE, .module_args = "reset_required=0",
	  .vfio_flag = VFIO_DEVICE_FLAGS_PLATFORM },
};

/* The device reports the bus flag and a region 0 that can be read. */
static bool check_bus_device(int device, const struct bus_device *d)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_region_info region = { .argsz = sizeof(region) };
	uint32_t word;
	ssize_t n;

	if (ioctl(device, VFIO_DEVICE_GET_INFO, &info))
		return fail_errno(errno, "VFIO_DEVICE_GET_INFO");
	diag("flags 0x%x, %u regions, %u irqs", info.flags,
	     info.num_regions, info.num_irqs);
	if (!(info.flags & d->vfio_flag) || info.num_regions < 1) {
		diag("expected flag 0x%x and at least one region", d->vfio_flag);
		return false;
	}
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &region))
		return fail_errno(errno, "VFIO_DEVICE_GET_REGION_INFO (region 0)");
	if (!(region.flags & VFIO_REGION_INFO_FLAG_READ) ||
	    region.size < sizeof(word)) {
		diag("region 0 is not readable (flags 0x%x, size %llu)",
		     region.flags, (unsigned long long)region.size);
		return false;
	}
	n = pread(device, &word, sizeof(word), region.offset);
	if (n != sizeof(word))
		return fail_errno(n < 0 ? errno : EIO,
				  "reading %zu bytes of region 0 at 0x%llx",
				  sizeof(word), (unsigned long long)region.offset);
	diag("region 0: %llu bytes, first word 0x%08x",
	     (unsigned long long)region.size, word);
	return true;
}

/* Open, query, read, close: one use of a bound device. */
static bool use_bus_device(const struct bus_device *d)
{
	struct vfio_handle h;
	bool ok;

	if (!open_noiommu(&h, d->bus, d->dev))
		return false;
	ok = check_bus_device(h.device, d);
	vfio_close(&h);
	return ok;
}

/*
 * The first device of the bus whose name ends in the suffix and that the
 * original driver has bound.
 */
static bool find_bus_device(struct bus_device *d)
{
	char path[PATH_MAX], driver[NAME_MAX + 1];
	size_t len, suffix = strlen(d->suffix);
	struct dirent *de;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/devices", d->bus);
	dir = opendir(path);
	if (!dir)
		return fail_errno(errno, "opening %s", path);
	while ((de = readdir(dir))) {
		len = strlen(de->d_name);
		if (len <= suffix || strcmp(de->d_name + len - suffix, d->suffix))
			continue;
		driver_of(d->bus, de->d_name, driver, sizeof(driver));
		if (strcmp(driver, d->original))
			continue;
		snprintf(d->dev, sizeof(d->dev), "%s", de->d_name);
		closedir(dir);
		return true;
	}
	closedir(dir);
	diag("no device *%s bound to %s in %s", d->suffix, d->original, path);
	return false;
}

static void bus_device_setup(struct suite *suite)
{
	const struct bus_device *d = suite->data;

	if (!run_command("modprobe %s %s", d->module, d->module_args))
		diag("loading %s failed", d->module);
}

static bool bus_device_bind(struct suite *suite)
{
	struct bus_device *d = suite->data;

	d->found = find_bus_device(d);
	if (!d->found)
		return false;
	diag("%s: %s, bound to %s", d->vfio_driver, d->dev, d->original);
	d->bound = rebind_to(d->bus, d->dev, d->vfio_driver, d->vfio_driver);
	return d->bound;
}

static bool bus_device_use(struct suite *suite)
{
	const struct bus_device *d = suite->data;

	return d->bound && use_bus_device(d);
}

static bool bus_device_cycles(struct suite *suite)
{
	const struct bus_device *d = suite->data;
	int i;

	if (!d->bound)
		return false;
	for (i = 0; i < BIND_CYCLES; i++) {
		if (!unbind_driver(d->bus, d->dev) ||
		    !probe_driver(d->bus, d->dev) || !use_bus_device(d)) {
			diag("cycle %d of %d failed", i + 1, BIND_CYCLES);
			return false;
		}
	}
	return true;
}

static bool bus_device_reload(struct suite *suite)
{
	const struct bus_device *d = suite->data;

	return d->bound &&
	       reload_driver(d->bus, d->dev, d->module, d->module_args,
			     d->vfio_driver) &&
	       use_bus_device(d);
}

static bool bus_device_give_back(struct suite *suite)
{
	const struct bus_device *d = suite->data;

	return d->found && rebind_to(d->bus, d->dev, "\n", d->original);
}

static const struct step bus_device_steps[] = {
	{ "bind the device from its original driver through driver_override",
	  bus_device_bind },
	{ "open its no-IOMMU group and device, GET_INFO, read region 0",
	  bus_device_use },
	{ STR(BIND_CYCLES) " unbind/bind/open/close cycles", bus_device_cycles },
	{ "unload and reload the module, then use the device",
	  bus_device_reload },
	{ "unbind it and rebind its original driver", bus_device_give_back },
};

static struct suite bus_device_suites[ARRAY_SIZE(devices)];

/* Not a test: there is no fsl-mc device to bind. */
static void fsl_mc_setup(struct suite *suite)
{
	(void)suite;
	diag("%s: %s (no fsl-mc bus under QEMU; build-only here)",
	     VFIO_FSL_MC_MODULE, run_command("modprobe %s", VFIO_FSL_MC_MODULE) ?
	     "loaded" : "not loaded");
}

static struct suite fsl_mc_suite = {
	.subject = VFIO_FSL_MC_MODULE,
	.arches = GUEST_ARM64,
	.order = SUITE_DEVICES,
	.setup = fsl_mc_setup,
};

void register_platform(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(devices); i++) {
		bus_device_suites[i] = (struct suite) {
			.subject = devices[i].vfio_driver,
			.arches = GUEST_ARM64,
			.order = SUITE_DEVICES,
			.steps = bus_device_steps,
			.num_steps = ARRAY_SIZE(bus_device_steps),
			.data = &devices[i],
			.setup = bus_device_setup,
		};
		register_suite(&bus_device_suites[i]);
	}
	register_suite(&fsl_mc_suite);
}
