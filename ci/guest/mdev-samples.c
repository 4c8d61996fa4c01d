// SPDX-License-Identifier: GPL-2.0
/*
 * The mdev samples (x86_64): for each of mtty, mdpy and mbochs, create an
 * mdev, open it, query it, read its config space, close and remove it;
 * remove it while its device fd is open; many cycles; module reload.
 */
#include <errno.h>
#include <limits.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "harness.h"
#include "modules.h"
#include "util.h"

#define MDEV_BUS_CLASS		"/sys/class/mdev_bus"
#define LIFECYCLE_CYCLES	100
/* How long a remove of an open device is given to show it blocks. */
#define REMOVE_BLOCK_CHECK_US	USEC_PER_S
/* How long it may take to finish once the device is closed. */
#define REMOVE_DONE_TIMEOUT_S	30
#define POLL_INTERVAL_US	(50 * 1000)

/* The PCI ids each sample emulates (samples/vfio-mdev/). */
#define MTTY_VENDOR_ID		0x4348
#define MTTY_DEVICE_ID		0x3253
#define MDPY_VENDOR_ID		0x1b36	/* PCI_VENDOR_ID_REDHAT */
#define MDPY_DEVICE_ID		0x000f
#define MBOCHS_VENDOR_ID	0x1234
#define MBOCHS_DEVICE_ID	0x1111

struct sample {
	const char *name;	/* module and mdev parent device name */
	uint16_t vendor;
	uint16_t device;
	/* what the steps hand on */
	struct vfio_handle h;
	char uuid[UUID_LEN + 1];
	bool created, opened;
};

static struct sample samples[] = {
	{ .name = MTTY_MODULE, .vendor = MTTY_VENDOR_ID, .device = MTTY_DEVICE_ID,
	  .h = VFIO_HANDLE_CLOSED },
	{ .name = MDPY_MODULE, .vendor = MDPY_VENDOR_ID, .device = MDPY_DEVICE_ID,
	  .h = VFIO_HANDLE_CLOSED },
	{ .name = MBOCHS_MODULE, .vendor = MBOCHS_VENDOR_ID,
	  .device = MBOCHS_DEVICE_ID, .h = VFIO_HANDLE_CLOSED },
};

/* The first mdev type the sample's parent device offers. */
static bool mdev_type_dir(const struct sample *s, char *path, size_t size)
{
	char types[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	snprintf(types, sizeof(types), "%s/%s/mdev_supported_types",
		 MDEV_BUS_CLASS, s->name);
	dir = opendir(types);
	if (!dir)
		return fail_errno(errno, "opening %s", types);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, size, "%s/%s", types, de->d_name) >= (int)size)
			continue;
		closedir(dir);
		return true;
	}
	closedir(dir);
	diag("%s lists no mdev type", types);
	return false;
}

static bool mdev_create(const struct sample *s, char *uuid)
{
	char type[PATH_MAX], create[PATH_MAX + 8];
	int err;

	if (!mdev_type_dir(s, type, sizeof(type)) || !new_uuid(uuid))
		return false;
	snprintf(create, sizeof(create), "%s/create", type);
	err = write_file(create, uuid);
	if (err)
		return fail_errno(-err, "writing %s to %s", uuid, create);
	return true;
}

/* One full life: create, open, use, close, remove. */
static bool mdev_life(const struct sample *s)
{
	struct vfio_handle h;
	char uuid[UUID_LEN + 1];
	bool ok;

	if (!mdev_create(s, uuid))
		return false;
	ok = open_mdev(&h, uuid, VFIO_TYPE1_IOMMU);
	if (ok) {
		ok = check_config_ids(h.device, s->vendor, s->device);
		vfio_close(&h);
	}
	return mdev_remove(uuid) && ok;
}

static void sample_setup(struct suite *suite)
{
	struct sample *s = suite->data;

	if (!run_command("modprobe %s", s->name))
		diag("loading %s failed", s->name);
}

static bool sample_create(struct suite *suite)
{
	struct sample *s = suite->data;

	s->created = mdev_create(s, s->uuid);
	return s->created;
}

static bool sample_open(struct suite *suite)
{
	struct sample *s = suite->data;

	s->opened = s->created && open_mdev(&s->h, s->uuid, VFIO_TYPE1_IOMMU);
	return s->opened;
}

static bool sample_info(struct suite *suite)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct sample *s = suite->data;

	if (!s->opened)
		return false;
	if (ioctl(s->h.device, VFIO_DEVICE_GET_INFO, &info))
		return fail_errno(errno, "VFIO_DEVICE_GET_INFO");
	diag("flags 0x%x, %u regions, %u irqs", info.flags,
	     info.num_regions, info.num_irqs);
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    info.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX) {
		diag("not a PCI device with a config region");
		return false;
	}
	return true;
}

static bool sample_ids(struct suite *suite)
{
	struct sample *s = suite->data;

	diag("%s emulates %04x:%04x", s->name, s->vendor, s->device);
	return s->opened && check_config_ids(s->h.device, s->vendor, s->device);
}

static bool sample_close_remove(struct suite *suite)
{
	struct sample *s = suite->data;

	vfio_close(&s->h);
	return s->created && mdev_remove(s->uuid) && !mdev_exists(s->uuid);
}

/*
 * Remove the mdev while its device fd is open: the remove must wait for
 * the close (or fail cleanly), never complete under an open device.
 */
static bool sample_remove_while_open(struct suite *suite)
{
	const struct sample *s = suite->data;
	struct vfio_handle h;
	char uuid[UUID_LEN + 1];
	unsigned long waited_us = 0;
	int status;
	pid_t child, done;

	if (!mdev_create(s, uuid))
		return false;
	if (!open_mdev(&h, uuid, VFIO_TYPE1_IOMMU)) {
		mdev_remove(uuid);
		return false;
	}
	child = fork();
	if (child < 0) {
		vfio_close(&h);
		mdev_remove(uuid);
		return fail_errno(errno, "fork");
	}
	if (child == 0) {
		/* The child's copies of the fds would keep the device open. */
		vfio_close(&h);
		_exit(mdev_remove(uuid) ? EXIT_SUCCESS : EXIT_FAILURE);
	}

	sleep_fully(REMOVE_BLOCK_CHECK_US);
	done = waitpid(child, &status, WNOHANG);
	if (done == child && WIFEXITED(status) &&
	    WEXITSTATUS(status) == EXIT_SUCCESS) {
		diag("remove completed while the device fd was still open");
		vfio_close(&h);
		return false;
	}
	if (done == 0)
		diag("remove is waiting for the device to be closed");
	else
		diag("remove failed while the device was open (clean refusal)");
	vfio_close(&h);
	if (done == child)
		return mdev_remove(uuid);

	while ((done = waitpid(child, &status, WNOHANG)) == 0 &&
	       waited_us < REMOVE_DONE_TIMEOUT_S * USEC_PER_S) {
		usleep(POLL_INTERVAL_US);
		waited_us += POLL_INTERVAL_US;
	}
	if (done != child) {
		diag("remove still blocked %d s after the close", REMOVE_DONE_TIMEOUT_S);
		return false;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != EXIT_SUCCESS) {
		diag("the waiting remove failed after the close");
		return false;
	}
	if (mdev_exists(uuid)) {
		diag("mdev %s still exists after its remove returned", uuid);
		return false;
	}
	return true;
}

static bool sample_cycles(struct suite *suite)
{
	const struct sample *s = suite->data;
	int i;

	for (i = 0; i < LIFECYCLE_CYCLES; i++) {
		if (!mdev_life(s)) {
			diag("cycle %d of %d failed", i + 1, LIFECYCLE_CYCLES);
			return false;
		}
	}
	return true;
}

/*
 * rmmod, not modprobe -r: that would also try to unload the modules the
 * sample depends on (mdev, where it is a module as in 6.12), which the other
 * samples still use, and fail.
 */
static bool sample_reload(struct suite *suite)
{
	const struct sample *s = suite->data;
	char parent[PATH_MAX];

	snprintf(parent, sizeof(parent), "%s/%s", MDEV_BUS_CLASS, s->name);
	if (!run_command("rmmod %s", s->name))
		return false;
	if (path_exists(parent)) {
		diag("%s still exists after unloading %s", parent, s->name);
		return false;
	}
	if (!run_command("modprobe %s", s->name))
		return false;
	if (!path_exists(parent)) {
		diag("%s is missing after reloading %s", parent, s->name);
		return false;
	}
	return mdev_life(s);
}

static const struct step sample_steps[] = {
	{ "create an mdev", sample_create },
	{ "open its group, a container and the device fd", sample_open },
	{ "VFIO_DEVICE_GET_INFO reports a PCI device", sample_info },
	{ "config space has the sample's vendor and device ids", sample_ids },
	{ "close and remove the mdev", sample_close_remove },
	{ "remove while the device fd is open waits for the close",
	  sample_remove_while_open },
	{ STR(LIFECYCLE_CYCLES) " create/open/close/remove cycles",
	  sample_cycles },
	{ "unload and reload the module, then use it", sample_reload },
};

static struct suite sample_suites[ARRAY_SIZE(samples)];

void register_mdev_samples(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		sample_suites[i] = (struct suite) {
			.subject = samples[i].name,
			.arches = GUEST_X86_64,
			.order = SUITE_DEVICES,
			.steps = sample_steps,
			.num_steps = ARRAY_SIZE(sample_steps),
			.data = &samples[i],
			.setup = sample_setup,
		};
		register_suite(&sample_suites[i]);
	}
}
