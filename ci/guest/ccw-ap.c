// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ccw (s390x, QEMU s390-ccw-virtio) on an I/O subchannel: bind, create
 * a vfio_ccw-io mdev, open it through a type1v2 container, query the device
 * and its regions, close, remove; many cycles; module reload; io_subchannel
 * bound again. vfio_ap is only loaded: TCG emulates no AP adapters.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "harness.h"
#include "modules.h"
#include "util.h"

#define CSS_BUS			"/sys/bus/css"
#define CCW_CYCLES		20
#define CCW_ORIGINAL_DRIVER	"io_subchannel"
#define CCW_VFIO_DRIVER		"vfio_ccw"
#define CCW_MDEV_TYPE		"vfio_ccw-io"

/* What the steps hand on. */
static struct {
	struct vfio_handle h;
	char sch[NAME_MAX + 1];
	char uuid[UUID_LEN + 1];
	bool found, bound, created, opened;
} ccw = { .h = VFIO_HANDLE_CLOSED };

/* The last I/O subchannel io_subchannel drives: the one given to vfio_ccw. */
static bool find_io_subchannel(char *sch, size_t size)
{
	char path[PATH_MAX], driver[NAME_MAX + 1];
	struct dirent *de;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/devices", CSS_BUS);
	dir = opendir(path);
	if (!dir)
		return fail_errno(errno, "opening %s", path);
	sch[0] = '\0';
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		driver_of(CSS_BUS, de->d_name, driver, sizeof(driver));
		if (strcmp(driver, CCW_ORIGINAL_DRIVER) ||
		    (sch[0] && strcmp(de->d_name, sch) < 0))
			continue;
		snprintf(sch, size, "%s", de->d_name);
	}
	closedir(dir);
	if (!sch[0]) {
		diag("no subchannel bound to %s in %s", CCW_ORIGINAL_DRIVER, path);
		return false;
	}
	return true;
}

static bool ccw_mdev_create(const char *sch, char *uuid)
{
	char create[PATH_MAX];
	int err;

	if (!new_uuid(uuid))
		return false;
	snprintf(create, sizeof(create),
		 "%s/devices/%s/mdev_supported_types/%s/create", CSS_BUS, sch,
		 CCW_MDEV_TYPE);
	err = write_file(create, uuid);
	if (err)
		return fail_errno(-err, "writing %s to %s", uuid, create);
	return true;
}

/* A CCW device, and the info of each of its regions. */
static bool check_ccw_device(int device)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_region_info region;
	unsigned int i;

	if (ioctl(device, VFIO_DEVICE_GET_INFO, &info))
		return fail_errno(errno, "VFIO_DEVICE_GET_INFO");
	diag("flags 0x%x, %u regions, %u irqs", info.flags,
	     info.num_regions, info.num_irqs);
	if (!(info.flags & VFIO_DEVICE_FLAGS_CCW) || info.num_regions < 1) {
		diag("not a CCW device with a region");
		return false;
	}
	for (i = 0; i < info.num_regions; i++) {
		memset(&region, 0, sizeof(region));
		region.argsz = sizeof(region);
		region.index = i;
		if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &region))
			return fail_errno(errno, "VFIO_DEVICE_GET_REGION_INFO %u", i);
		diag("region %u: %llu bytes, flags 0x%x", i,
		     (unsigned long long)region.size, region.flags);
	}
	return true;
}

/* One full mdev life on the bound subchannel. */
static bool ccw_mdev_life(const char *sch, bool query)
{
	struct vfio_handle h;
	char uuid[UUID_LEN + 1];
	bool ok;

	if (!ccw_mdev_create(sch, uuid))
		return false;
	ok = open_mdev(&h, uuid, VFIO_TYPE1v2_IOMMU);
	if (ok) {
		ok = !query || check_ccw_device(h.device);
		vfio_close(&h);
	}
	return mdev_remove(uuid) && !mdev_exists(uuid) && ok;
}

static void ccw_setup(struct suite *suite)
{
	(void)suite;
	if (!run_command("modprobe %s", VFIO_CCW_MODULE))
		diag("loading %s failed", VFIO_CCW_MODULE);
}

static bool ccw_bind(struct suite *suite)
{
	(void)suite;
	ccw.found = find_io_subchannel(ccw.sch, sizeof(ccw.sch));
	if (!ccw.found)
		return false;
	diag("subchannel %s", ccw.sch);
	ccw.bound = rebind_to(CSS_BUS, ccw.sch, CCW_VFIO_DRIVER, CCW_VFIO_DRIVER);
	return ccw.bound;
}

static bool ccw_create(struct suite *suite)
{
	(void)suite;
	ccw.created = ccw.bound && ccw_mdev_create(ccw.sch, ccw.uuid);
	return ccw.created;
}

static bool ccw_open(struct suite *suite)
{
	(void)suite;
	ccw.opened = ccw.created &&
		     open_mdev(&ccw.h, ccw.uuid, VFIO_TYPE1v2_IOMMU);
	return ccw.opened;
}

static bool ccw_info(struct suite *suite)
{
	(void)suite;
	return ccw.opened && check_ccw_device(ccw.h.device);
}

static bool ccw_close_remove(struct suite *suite)
{
	(void)suite;
	vfio_close(&ccw.h);
	return ccw.created && mdev_remove(ccw.uuid) && !mdev_exists(ccw.uuid);
}

static bool ccw_cycles(struct suite *suite)
{
	int i;

	(void)suite;
	if (!ccw.bound)
		return false;
	for (i = 0; i < CCW_CYCLES; i++) {
		if (!ccw_mdev_life(ccw.sch, false)) {
			diag("cycle %d of %d failed", i + 1, CCW_CYCLES);
			return false;
		}
	}
	return true;
}

static bool ccw_reload(struct suite *suite)
{
	(void)suite;
	return ccw.bound &&
	       reload_driver(CSS_BUS, ccw.sch, VFIO_CCW_MODULE, "", CCW_VFIO_DRIVER) &&
	       ccw_mdev_life(ccw.sch, true);
}

static bool ccw_give_back(struct suite *suite)
{
	(void)suite;
	return ccw.found &&
	       rebind_to(CSS_BUS, ccw.sch, "\n", CCW_ORIGINAL_DRIVER);
}

static const struct step ccw_steps[] = {
	{ "bind an I/O subchannel through driver_override", ccw_bind },
	{ "create a " CCW_MDEV_TYPE " mdev", ccw_create },
	{ "open its group, a type1v2 container and the device fd", ccw_open },
	{ "VFIO_DEVICE_GET_INFO reports a CCW device, and its regions",
	  ccw_info },
	{ "close and remove the mdev", ccw_close_remove },
	{ STR(CCW_CYCLES) " create/open/close/remove cycles", ccw_cycles },
	{ "unload and reload the module, then use it", ccw_reload },
	{ "unbind the subchannel and rebind " CCW_ORIGINAL_DRIVER,
	  ccw_give_back },
};

static struct suite ccw_suite = {
	.subject = CCW_VFIO_DRIVER,
	.arches = GUEST_S390X,
	.order = SUITE_DEVICES,
	.steps = ccw_steps,
	.num_steps = ARRAY_SIZE(ccw_steps),
	.setup = ccw_setup,
};

/* Not a test: TCG has no AP instructions, so no AP bus or adapters. */
static void ap_setup(struct suite *suite)
{
	(void)suite;
	if (run_command("modprobe %s", VFIO_AP_MODULE))
		diag("%s: loaded (no AP adapter to bind under TCG)", VFIO_AP_MODULE);
	else
		diag("%s: not loaded, as expected under TCG (no AP instructions); build-only here",
		     VFIO_AP_MODULE);
}

static struct suite ap_suite = {
	.subject = VFIO_AP_MODULE,
	.arches = GUEST_S390X,
	.order = SUITE_DEVICES,
	.setup = ap_setup,
};

void register_ccw_ap(void)
{
	register_suite(&ccw_suite);
	register_suite(&ap_suite);
}
