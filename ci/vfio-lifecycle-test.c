// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-lifecycle-test - guest side of scripts/boot-test.
 *
 * Walks vfio devices through their whole life cycle, the part the series
 * "Tidy up vfio_device life cycle" changes, with the drivers the guest's
 * arch has:
 *  - x86_64: for each mdev sample (mtty, mdpy, mbochs) create, open, query,
 *    read config space, close and remove; remove while the device is still
 *    open; many cycles; module reload. Then vfio-pci in no-IOMMU mode on
 *    QEMU's pci-serial.
 *  - arm64 (QEMU virt): vfio-amba on the pl031 RTC and vfio-platform on the
 *    virtio-mmio transport of a virtio-rng, in no-IOMMU mode: bind through
 *    driver_override, open, query, read a region, close; many bind cycles;
 *    module reload; the original driver bound again.
 *  - s390x (QEMU s390-ccw-virtio): vfio-ccw on an I/O subchannel: bind,
 *    create a vfio_ccw-io mdev, open it through a type1v2 container, query
 *    the device and its regions, close, remove; many cycles; module reload;
 *    io_subchannel bound again. vfio_ap's load is only recorded: TCG
 *    emulates no AP adapters.
 * Then, on every arch, a kmemleak scan. Prints TAP in the manner of the
 * kselftest harness.
 *
 * "vfio_test.wrong_ids=1" on the kernel command line makes the config space
 * checks expect wrong ids: a run that must fail (the host tests use it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#define MDEV_BUS_CLASS		"/sys/class/mdev_bus"
#define MDEV_DEVICES		"/sys/bus/mdev/devices"
#define PCI_BUS			"/sys/bus/pci"
#define PCI_DEVICES		PCI_BUS "/devices"
#define CSS_BUS			"/sys/bus/css"
#define VFIO_CONTAINER_PATH	"/dev/vfio/vfio"
#define KMEMLEAK_PATH		"/sys/kernel/debug/kmemleak"
#define UUID_SOURCE		"/proc/sys/kernel/random/uuid"
#define CMDLINE_PATH		"/proc/cmdline"
#define WRONG_IDS_ARG		"vfio_test.wrong_ids=1"

#define UUID_LEN		36
#define LIFECYCLE_CYCLES	100
/* How long a remove of an open device is given to show it blocks. */
#define REMOVE_BLOCK_CHECK_US	(1000 * 1000)
/* How long it may take to finish once the device is closed. */
#define REMOVE_DONE_TIMEOUT_S	30
#define POLL_INTERVAL_US	(50 * 1000)
/* kmemleak reports no object younger than 5 s (MSECS_MIN_AGE). */
#define KMEMLEAK_MIN_AGE_S	5
#define KMEMLEAK_DIAG_LINES	30
#define KMEMLEAK_REPORT_SIZE	(64 * 1024)
/* Seconds between the monotonic clock and kmemleak's jiffies-based age. */
#define KMEMLEAK_AGE_SLACK_S	1
#define NSEC_PER_SEC		1000000000.0
/*
 * Seconds between two "still running" lines: boot-test takes a console
 * silent for GUEST_HANG_SECONDS (120) for a hung guest. A test blocked in
 * the kernel delays the signal, so a real hang stays silent.
 */
#define HEARTBEAT_S		15

/* The PCI ids each sample emulates (samples/vfio-mdev/). */
#define MTTY_VENDOR_ID		0x4348
#define MTTY_DEVICE_ID		0x3253
#define MDPY_VENDOR_ID		0x1b36	/* PCI_VENDOR_ID_REDHAT */
#define MDPY_DEVICE_ID		0x000f
#define MBOCHS_VENDOR_ID	0x1234
#define MBOCHS_DEVICE_ID	0x1111
/* QEMU's "-device pci-serial", the device the vfio-pci test binds. */
#define PCI_SERIAL_VENDOR_ID	0x1b36
#define PCI_SERIAL_DEVICE_ID	0x0002
#define VFIO_PCI_DRIVER		"vfio-pci"

#define TESTS_PER_SAMPLE	8
#define VFIO_PCI_TESTS		3
#define KMEMLEAK_TESTS		1

/* arm64: bind, open with info and region read, cycles, reload, give back. */
#define BUS_DEVICE_TESTS	5
#define BIND_CYCLES		20

/* s390: vfio-ccw on an I/O subchannel. */
#define CCW_TESTS		8
#define CCW_CYCLES		20
#define CCW_ORIGINAL_DRIVER	"io_subchannel"
#define CCW_VFIO_DRIVER		"vfio_ccw"
#define CCW_MDEV_TYPE		"vfio_ccw-io"
#define CCW_MODULE		"vfio_ccw"
#define AP_MODULE		"vfio_ap"
/* arm64: QEMU emulates no fsl-mc bus; the module is only loaded. */
#define FSL_MC_MODULE		"vfio_fsl_mc"

struct sample {
	const char *name;	/* module and mdev parent device name */
	uint16_t vendor;
	uint16_t device;
};

static const struct sample samples[] = {
	{ "mtty", MTTY_VENDOR_ID, MTTY_DEVICE_ID },
	{ "mdpy", MDPY_VENDOR_ID, MDPY_DEVICE_ID },
	{ "mbochs", MBOCHS_VENDOR_ID, MBOCHS_DEVICE_ID },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NUM_SAMPLES ARRAY_SIZE(samples)

/* A device of a bus that a vfio bus driver takes over for the tests. */
struct bus_device {
	const char *bus;	/* its /sys/bus directory */
	const char *suffix;	/* how its name ends (its device tree node) */
	const char *original;	/* its driver before and after the tests */
	const char *vfio_driver;
	const char *module;	/* the vfio driver's module name, and its args */
	const char *module_args;
	uint32_t vfio_flag;	/* what VFIO_DEVICE_GET_INFO must report */
};

static const struct bus_device arm64_devices[] = {
	/* vfio-amba never requires a reset function; pl031 has none. */
	{ "/sys/bus/amba", ".pl031", "rtc-pl031", "vfio-amba", "vfio_amba",
	  "", VFIO_DEVICE_FLAGS_AMBA },
	/* virtio-mmio has no reset function: only with reset_required=0. */
	{ "/sys/bus/platform", ".virtio_mmio", "virtio-mmio", "vfio-platform",
	  "vfio_platform", "reset_required=0", VFIO_DEVICE_FLAGS_PLATFORM },
};

#define NUM_ARM64_DEVICES ARRAY_SIZE(arm64_devices)

struct vfio_handle {
	int container;
	int group;
	int device;
};

static int test_number;
static int passed, failed;
static bool wrong_ids;

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Report what was attempted and the errno it failed with. */
static bool fail_errno(int err, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	diag("%s: %s (errno %d)", what, strerror(err), err);
	return false;
}

static void heartbeat(int sig)
{
	static const char line[] = "# still running\n";

	(void)sig;
	/* Nothing to do if the console cannot take it: the next one tries. */
	if (write(STDOUT_FILENO, line, sizeof(line) - 1) < 0)
		return;
}

/* A "still running" line every HEARTBEAT_S seconds (SIGALRM, SA_RESTART). */
static bool start_heartbeat(void)
{
	struct itimerval every = {
		.it_interval = { .tv_sec = HEARTBEAT_S },
		.it_value = { .tv_sec = HEARTBEAT_S },
	};
	struct sigaction sa = { .sa_handler = heartbeat, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL))
		return fail_errno(errno, "installing the SIGALRM heartbeat handler");
	if (setitimer(ITIMER_REAL, &every, NULL))
		return fail_errno(errno, "starting a %d s heartbeat timer", HEARTBEAT_S);
	return true;
}

#define USEC_PER_S		1000000UL
#define NSEC_PER_USEC		1000L

/* Sleep the whole time, whatever signal (the heartbeat) comes in between. */
static void sleep_fully(unsigned long usec)
{
	struct timespec left = {
		.tv_sec = usec / USEC_PER_S,
		.tv_nsec = (usec % USEC_PER_S) * NSEC_PER_USEC,
	};

	while (nanosleep(&left, &left) && errno == EINTR)
		;
}

static void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	test_number++;
	printf("%s %d - ", ok ? "ok" : "not ok", test_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static int write_file(const char *path, const char *value)
{
	ssize_t len = strlen(value);
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != len)
		err = -errno;
	close(fd);
	return err;
}

/*
 * Give kmemleak a command with the heartbeat held off: a scan stops as soon
 * as the task that asked for it has a signal pending, and then reports no
 * new leak at all (scan_should_stop() in mm/kmemleak.c), while the write
 * still succeeds. A 5.15 scan under TCG and KASAN takes long enough for the
 * heartbeat to land in it: a leaking mutant survived that way.
 */
static int kmemleak_command(const char *command)
{
	sigset_t alarm, old;
	int err;

	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	if (sigprocmask(SIG_BLOCK, &alarm, &old))
		return -errno;
	err = write_file(KMEMLEAK_PATH, command);
	if (sigprocmask(SIG_SETMASK, &old, NULL) && !err)
		err = -errno;
	return err;
}

static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool run_command(const char *fmt, ...)
{
	char cmd[256];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	status = system(cmd);
	if (status == -1)
		return fail_errno(errno, "running \"%s\"", cmd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag("\"%s\" exited with status %d", cmd, WEXITSTATUS(status));
		return false;
	}
	return true;
}

static bool new_uuid(char *uuid)
{
	char buf[UUID_LEN + 2];
	int err = read_file(UUID_SOURCE, buf, sizeof(buf));

	if (err)
		return fail_errno(-err, "reading %s", UUID_SOURCE);
	memcpy(uuid, buf, UUID_LEN);
	uuid[UUID_LEN] = '\0';
	return true;
}

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

static bool mdev_remove(const char *uuid)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/%s/remove", MDEV_DEVICES, uuid);
	err = write_file(path, "1");
	if (err)
		return fail_errno(-err, "writing 1 to %s", path);
	return true;
}

static bool mdev_exists(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", MDEV_DEVICES, uuid);
	return path_exists(path);
}

/* The iommu group number of a device, from its sysfs directory. */
static bool iommu_group_of(const char *dev_dir, char *group, size_t size)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "%s/iommu_group", dev_dir);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return fail_errno(errno, "reading the link %s", link);
	target[n] = '\0';
	base = strrchr(target, '/');
	if (snprintf(group, size, "%s", base ? base + 1 : target) >= (int)size) {
		diag("the iommu group name %s is too long", target);
		return false;
	}
	return true;
}

static void vfio_close(struct vfio_handle *h)
{
	if (h->device >= 0)
		close(h->device);
	if (h->group >= 0)
		close(h->group);
	if (h->container >= 0)
		close(h->container);
	h->device = -1;
	h->group = -1;
	h->container = -1;
}

/* Open group and container, set the IOMMU model, get the device fd. */
static bool vfio_open(struct vfio_handle *h, const char *group_path,
		      int iommu_type, const char *device_name)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };

	h->group = -1;
	h->device = -1;
	h->container = open(VFIO_CONTAINER_PATH, O_RDWR);
	if (h->container < 0)
		return fail_errno(errno, "opening %s", VFIO_CONTAINER_PATH);
	if (ioctl(h->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		diag("VFIO_GET_API_VERSION is not %d", VFIO_API_VERSION);
		goto err;
	}
	if (ioctl(h->container, VFIO_CHECK_EXTENSION, iommu_type) <= 0) {
		diag("the container does not offer IOMMU type %d", iommu_type);
		goto err;
	}
	h->group = open(group_path, O_RDWR);
	if (h->group < 0) {
		fail_errno(errno, "opening %s", group_path);
		goto err;
	}
	if (ioctl(h->group, VFIO_GROUP_GET_STATUS, &status)) {
		fail_errno(errno, "VFIO_GROUP_GET_STATUS on %s", group_path);
		goto err;
	}
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		diag("group %s is not viable", group_path);
		goto err;
	}
	if (ioctl(h->group, VFIO_GROUP_SET_CONTAINER, &h->container)) {
		fail_errno(errno, "VFIO_GROUP_SET_CONTAINER for %s", group_path);
		goto err;
	}
	if (ioctl(h->container, VFIO_SET_IOMMU, iommu_type)) {
		fail_errno(errno, "VFIO_SET_IOMMU type %d", iommu_type);
		goto err;
	}
	h->device = ioctl(h->group, VFIO_GROUP_GET_DEVICE_FD, device_name);
	if (h->device < 0) {
		fail_errno(errno, "VFIO_GROUP_GET_DEVICE_FD \"%s\"", device_name);
		goto err;
	}
	return true;
err:
	vfio_close(h);
	return false;
}

/* An mdev's group, a container of that IOMMU type, the device fd. */
static bool open_mdev(struct vfio_handle *h, const char *uuid, int iommu_type)
{
	char dev_dir[PATH_MAX], group[NAME_MAX + 1], group_path[PATH_MAX];

	snprintf(dev_dir, sizeof(dev_dir), "%s/%s", MDEV_DEVICES, uuid);
	if (!iommu_group_of(dev_dir, group, sizeof(group)))
		return false;
	snprintf(group_path, sizeof(group_path), "/dev/vfio/%s", group);
	return vfio_open(h, group_path, iommu_type, uuid);
}

static bool check_device_info(int device)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	if (ioctl(device, VFIO_DEVICE_GET_INFO, &info))
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

/* Read the vendor and device ids from the device's config space region. */
static bool check_config_ids(int device, uint16_t vendor, uint16_t devid)
{
	struct vfio_region_info region = {
		.argsz = sizeof(region),
		.index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	uint16_t ids[2];
	ssize_t n;

	if (wrong_ids) {
		vendor = ~vendor;
		devid = ~devid;
	}
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &region))
		return fail_errno(errno, "VFIO_DEVICE_GET_REGION_INFO (config)");
	n = pread(device, ids, sizeof(ids), region.offset);
	if (n != sizeof(ids))
		return fail_errno(n < 0 ? errno : EIO,
				  "reading %zu bytes of config space at 0x%llx",
				  sizeof(ids), (unsigned long long)region.offset);
	if (ids[0] != vendor || ids[1] != devid) {
		diag("config space has %04x:%04x, expected %04x:%04x",
		     ids[0], ids[1], vendor, devid);
		return false;
	}
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

/*
 * Remove the mdev while its device fd is open: the remove must wait for
 * the close (or fail cleanly), never complete under an open device.
 */
static bool remove_while_open(const struct sample *s)
{
	struct vfio_handle h;
	char uuid[UUID_LEN + 1];
	int status, waited_us = 0;
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
	       waited_us < REMOVE_DONE_TIMEOUT_S * 1000 * 1000) {
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

static bool many_cycles(const struct sample *s)
{
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
static bool reload_module(const struct sample *s)
{
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

static void test_sample(const struct sample *s)
{
	struct vfio_handle h = { -1, -1, -1 };
	char uuid[UUID_LEN + 1];
	bool created, opened = false;

	if (!run_command("modprobe %s", s->name))
		diag("loading %s failed", s->name);

	created = mdev_create(s, uuid);
	result(created, "%s: create an mdev", s->name);
	if (created)
		opened = open_mdev(&h, uuid, VFIO_TYPE1_IOMMU);
	result(opened, "%s: open its group, a container and the device fd", s->name);
	result(opened && check_device_info(h.device),
	       "%s: VFIO_DEVICE_GET_INFO reports a PCI device", s->name);
	result(opened && check_config_ids(h.device, s->vendor, s->device),
	       "%s: config space has vendor 0x%04x device 0x%04x",
	       s->name, s->vendor, s->device);
	vfio_close(&h);
	result(created && mdev_remove(uuid) && !mdev_exists(uuid),
	       "%s: close and remove the mdev", s->name);
	result(remove_while_open(s),
	       "%s: remove while the device fd is open waits for the close",
	       s->name);
	result(many_cycles(s), "%s: %d create/open/close/remove cycles",
	       s->name, LIFECYCLE_CYCLES);
	result(reload_module(s), "%s: unload and reload the module, then use it",
	       s->name);
}

/* The sysfs directory of the first PCI device with these ids. */
static bool find_pci_device(uint16_t vendor, uint16_t devid, char *bdf,
			    size_t size)
{
	char path[PATH_MAX], buf[16];
	struct dirent *de;
	DIR *dir;

	dir = opendir(PCI_DEVICES);
	if (!dir)
		return fail_errno(errno, "opening %s", PCI_DEVICES);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/vendor", PCI_DEVICES, de->d_name);
		if (read_file(path, buf, sizeof(buf)) || strtoul(buf, NULL, 16) != vendor)
			continue;
		snprintf(path, sizeof(path), "%s/%s/device", PCI_DEVICES, de->d_name);
		if (read_file(path, buf, sizeof(buf)) || strtoul(buf, NULL, 16) != devid)
			continue;
		snprintf(bdf, size, "%s", de->d_name);
		closedir(dir);
		return true;
	}
	closedir(dir);
	diag("no PCI device %04x:%04x (is QEMU started with -device pci-serial?)",
	     vendor, devid);
	return false;
}

/* The name of the driver bound to a device of a bus, or "" if none. */
static void driver_of(const char *bus, const char *dev, char *driver,
		      size_t size)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "%s/devices/%s/driver", bus, dev);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		driver[0] = '\0';
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	if (snprintf(driver, size, "%s", base ? base + 1 : target) >= (int)size)
		driver[0] = '\0';
}

/* Unbind a device of a bus from its driver, if it has one. */
static bool unbind_driver(const char *bus, const char *dev)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/devices/%s/driver/unbind", bus, dev);
	if (!path_exists(path))
		return true;
	err = write_file(path, dev);
	if (err)
		return fail_errno(-err, "writing %s to %s", dev, path);
	return true;
}

/* Ask the bus to find the device a driver (its driver_override's). */
static bool probe_driver(const char *bus, const char *dev)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/drivers_probe", bus);
	err = write_file(path, dev);
	if (err)
		return fail_errno(-err, "writing %s to %s", dev, path);
	return true;
}

/* Unbind from the current driver, set driver_override, probe again. */
static bool rebind(const char *bus, const char *dev, const char *override)
{
	char path[PATH_MAX];
	int err;

	if (!unbind_driver(bus, dev))
		return false;
	snprintf(path, sizeof(path), "%s/devices/%s/driver_override", bus, dev);
	err = write_file(path, override);
	if (err)
		return fail_errno(-err, "writing \"%s\" to %s", override, path);
	return probe_driver(bus, dev);
}

/* rebind(), then check the device is bound to the expected driver. */
static bool rebind_to(const char *bus, const char *dev, const char *override,
		      const char *expected)
{
	char now[NAME_MAX + 1];

	if (!rebind(bus, dev, override))
		return false;
	driver_of(bus, dev, now, sizeof(now));
	if (strcmp(now, expected)) {
		diag("%s is bound to \"%s\", expected \"%s\"", dev, now, expected);
		return false;
	}
	return true;
}

static void test_vfio_pci(void)
{
	char bdf[NAME_MAX + 1], original[NAME_MAX + 1];
	char dev_dir[PATH_MAX], group[NAME_MAX + 1], group_path[PATH_MAX];
	struct vfio_handle h;
	bool found, bound = false, opened = false;

	found = find_pci_device(PCI_SERIAL_VENDOR_ID, PCI_SERIAL_DEVICE_ID,
				bdf, sizeof(bdf));
	if (found) {
		driver_of(PCI_BUS, bdf, original, sizeof(original));
		diag("%s is bound to \"%s\"", bdf, original);
		bound = rebind_to(PCI_BUS, bdf, VFIO_PCI_DRIVER, VFIO_PCI_DRIVER);
	}
	result(bound, "vfio-pci: bind QEMU's pci-serial in no-IOMMU mode");

	if (bound) {
		snprintf(dev_dir, sizeof(dev_dir), "%s/%s", PCI_DEVICES, bdf);
		if (iommu_group_of(dev_dir, group, sizeof(group))) {
			snprintf(group_path, sizeof(group_path),
				 "/dev/vfio/noiommu-%s", group);
			opened = vfio_open(&h, group_path, VFIO_NOIOMMU_IOMMU, bdf);
		}
	}
	result(opened && check_config_ids(h.device, PCI_SERIAL_VENDOR_ID,
					  PCI_SERIAL_DEVICE_ID),
	       "vfio-pci: open it and read vendor 0x%04x device 0x%04x",
	       PCI_SERIAL_VENDOR_ID, PCI_SERIAL_DEVICE_ID);
	if (opened)
		vfio_close(&h);

	/* An empty driver_override lets the original driver match. */
	if (bound)
		bound = rebind_to(PCI_BUS, bdf, "\n", original);
	result(found && bound, "vfio-pci: unbind it and rebind its original driver");
}

/* The no-IOMMU group of a device of a bus, opened with its device fd. */
static bool open_noiommu(struct vfio_handle *h, const char *bus,
			 const char *dev)
{
	char dev_dir[PATH_MAX], group[NAME_MAX + 1], group_path[PATH_MAX];

	snprintf(dev_dir, sizeof(dev_dir), "%s/devices/%s", bus, dev);
	if (!iommu_group_of(dev_dir, group, sizeof(group)))
		return false;
	snprintf(group_path, sizeof(group_path), "/dev/vfio/noiommu-%s", group);
	return vfio_open(h, group_path, VFIO_NOIOMMU_IOMMU, dev);
}

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
static bool use_bus_device(const struct bus_device *d, const char *dev)
{
	struct vfio_handle h;
	bool ok;

	if (!open_noiommu(&h, d->bus, dev))
		return false;
	ok = check_bus_device(h.device, d);
	vfio_close(&h);
	return ok;
}

/*
 * The first device of the bus whose name ends in the suffix and that the
 * original driver has bound.
 */
static bool find_bus_device(const struct bus_device *d, char *dev, size_t size)
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
		snprintf(dev, size, "%s", de->d_name);
		closedir(dir);
		return true;
	}
	closedir(dir);
	diag("no device *%s bound to %s in %s", d->suffix, d->original, path);
	return false;
}

static bool bind_cycles(const struct bus_device *d, const char *dev)
{
	int i;

	for (i = 0; i < BIND_CYCLES; i++) {
		if (!unbind_driver(d->bus, dev) || !probe_driver(d->bus, dev) ||
		    !use_bus_device(d, dev)) {
			diag("cycle %d of %d failed", i + 1, BIND_CYCLES);
			return false;
		}
	}
	return true;
}

/*
 * Unbind the device, unload its vfio driver's module and load it again, and
 * check the reloaded driver takes the device back (its driver_override
 * stays). rmmod, not modprobe -r: that would also try the modules it
 * depends on (vfio_platform_base), which another driver may still use.
 */
static bool reload_driver(const char *bus, const char *dev, const char *module,
			  const char *module_args, const char *driver)
{
	char driver_dir[PATH_MAX], now[NAME_MAX + 1];

	snprintf(driver_dir, sizeof(driver_dir), "%s/drivers/%s", bus, driver);
	if (!unbind_driver(bus, dev) || !run_command("rmmod %s", module))
		return false;
	if (path_exists(driver_dir)) {
		diag("%s still exists after unloading %s", driver_dir, module);
		return false;
	}
	if (!run_command("modprobe %s %s", module, module_args) ||
	    !probe_driver(bus, dev))
		return false;
	driver_of(bus, dev, now, sizeof(now));
	if (strcmp(now, driver)) {
		diag("%s is bound to \"%s\" after the reload, not %s", dev, now,
		     driver);
		return false;
	}
	return true;
}

static bool reload_bus_driver(const struct bus_device *d, const char *dev)
{
	return reload_driver(d->bus, dev, d->module, d->module_args,
			     d->vfio_driver) && use_bus_device(d, dev);
}

static void test_bus_device(const struct bus_device *d)
{
	char dev[NAME_MAX + 1] = "";
	bool found, bound = false;

	if (!run_command("modprobe %s %s", d->module, d->module_args))
		diag("loading %s failed", d->module);
	found = find_bus_device(d, dev, sizeof(dev));
	if (found)
		bound = rebind_to(d->bus, dev, d->vfio_driver, d->vfio_driver);
	result(bound, "%s: bind %s (from %s) through driver_override",
	       d->vfio_driver, found ? dev : d->suffix, d->original);
	result(bound && use_bus_device(d, dev),
	       "%s: open its no-IOMMU group and device, GET_INFO, read region 0",
	       d->vfio_driver);
	result(bound && bind_cycles(d, dev),
	       "%s: %d unbind/bind/open/close cycles", d->vfio_driver,
	       BIND_CYCLES);
	result(bound && reload_bus_driver(d, dev),
	       "%s: unload and reload the module, then use the device",
	       d->vfio_driver);
	/* An empty driver_override lets the original driver match. */
	result(found && rebind_to(d->bus, dev, "\n", d->original),
	       "%s: unbind it and rebind %s", d->vfio_driver, d->original);
}

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

static bool ccw_cycles(const char *sch)
{
	int i;

	for (i = 0; i < CCW_CYCLES; i++) {
		if (!ccw_mdev_life(sch, false)) {
			diag("cycle %d of %d failed", i + 1, CCW_CYCLES);
			return false;
		}
	}
	return true;
}

static bool reload_ccw(const char *sch)
{
	return reload_driver(CSS_BUS, sch, CCW_MODULE, "", CCW_VFIO_DRIVER) &&
	       ccw_mdev_life(sch, true);
}

static void test_vfio_ccw(void)
{
	struct vfio_handle h = { -1, -1, -1 };
	char sch[NAME_MAX + 1] = "", uuid[UUID_LEN + 1];
	bool found, bound = false, created = false, opened = false;

	if (!run_command("modprobe %s", CCW_MODULE))
		diag("loading %s failed", CCW_MODULE);
	found = find_io_subchannel(sch, sizeof(sch));
	if (found)
		bound = rebind_to(CSS_BUS, sch, CCW_VFIO_DRIVER, CCW_VFIO_DRIVER);
	result(bound, "vfio_ccw: bind subchannel %s through driver_override",
	       found ? sch : "?");
	if (bound)
		created = ccw_mdev_create(sch, uuid);
	result(created, "vfio_ccw: create a %s mdev", CCW_MDEV_TYPE);
	if (created)
		opened = open_mdev(&h, uuid, VFIO_TYPE1v2_IOMMU);
	result(opened, "vfio_ccw: open its group, a type1v2 container and the device fd");
	result(opened && check_ccw_device(h.device),
	       "vfio_ccw: VFIO_DEVICE_GET_INFO reports a CCW device, and its regions");
	vfio_close(&h);
	result(created && mdev_remove(uuid) && !mdev_exists(uuid),
	       "vfio_ccw: close and remove the mdev");
	result(bound && ccw_cycles(sch),
	       "vfio_ccw: %d create/open/close/remove cycles", CCW_CYCLES);
	result(bound && reload_ccw(sch),
	       "vfio_ccw: unload and reload the module, then use it");
	/* An empty driver_override lets io_subchannel match again. */
	result(found && rebind_to(CSS_BUS, sch, "\n", CCW_ORIGINAL_DRIVER),
	       "vfio_ccw: unbind the subchannel and rebind %s",
	       CCW_ORIGINAL_DRIVER);

	/* Not a test: TCG has no AP instructions, so no AP bus or adapters. */
	if (run_command("modprobe %s", AP_MODULE))
		diag("%s: loaded (no AP adapter to bind under TCG)", AP_MODULE);
	else
		diag("%s: not loaded, as expected under TCG (no AP instructions); build-only here",
		     AP_MODULE);
}

/*
 * Is a kmemleak report block about an object the tests allocated? Its
 * "age" says how long ago the object was allocated; an object older than
 * the tests comes from boot: the check is about what the tests leak.
 */
static bool allocated_during_tests(const char *block, double tests_seconds)
{
	const char *age = strstr(block, "(age ");

	return !age || strtod(age + strlen("(age "), NULL) <=
		       tests_seconds + KMEMLEAK_AGE_SLACK_S;
}

/* Print a kmemleak block as TAP diagnostics, within the shared budget. */
static void diag_block(const char *prefix, char *block, int *lines)
{
	for (char *line = strtok(block, "\n");
	     line && *lines < KMEMLEAK_DIAG_LINES;
	     line = strtok(NULL, "\n"), (*lines)++)
		diag("%s %s", prefix, line);
}

static void test_kmemleak(const struct timespec *tests_start)
{
	static char report[KMEMLEAK_REPORT_SIZE];
	struct timespec now;
	double tests_seconds;
	char *block, *next;
	/* Separate budgets: boot-time objects must not crowd out real leaks. */
	int err, leaks = 0, lines = 0, ignored_lines = 0;

	/* Let every object of the tests reach the age kmemleak reports at. */
	sleep_fully((KMEMLEAK_MIN_AGE_S + 1) * USEC_PER_S);
	err = kmemleak_command("scan");
	if (!err)
		err = kmemleak_command("scan");
	if (!err)
		err = read_file(KMEMLEAK_PATH, report, sizeof(report));
	if (err) {
		fail_errno(-err, "scanning and reading %s", KMEMLEAK_PATH);
		result(false, "kmemleak: no leak after the tests");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	tests_seconds = (double)(now.tv_sec - tests_start->tv_sec) +
			(double)(now.tv_nsec - tests_start->tv_nsec) / NSEC_PER_SEC;

	/* One block per object, each starting "unreferenced object". */
	for (block = strstr(report, "unreferenced object"); block; block = next) {
		next = strstr(block + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (!allocated_during_tests(block, tests_seconds)) {
			diag_block("kmemleak: ignored, allocated before the tests:",
				   block, &ignored_lines);
			continue;
		}
		leaks++;
		diag_block("kmemleak:", block, &lines);
	}
	result(leaks == 0, "kmemleak: no leak after the tests");
}

static bool cmdline_has(const char *arg)
{
	char cmdline[4096];

	return !read_file(CMDLINE_PATH, cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, arg);
}

enum guest_arch { GUEST_X86_64, GUEST_ARM64, GUEST_S390X };

static bool guest_arch(enum guest_arch *arch)
{
	struct utsname u;

	if (uname(&u))
		return fail_errno(errno, "uname");
	if (!strcmp(u.machine, "x86_64")) {
		*arch = GUEST_X86_64;
	} else if (!strcmp(u.machine, "aarch64")) {
		*arch = GUEST_ARM64;
	} else if (!strcmp(u.machine, "s390x")) {
		*arch = GUEST_S390X;
	} else {
		diag("no tests for machine \"%s\"", u.machine);
		return false;
	}
	return true;
}

static size_t planned_tests(enum guest_arch arch)
{
	switch (arch) {
	case GUEST_ARM64:
		return NUM_ARM64_DEVICES * BUS_DEVICE_TESTS + KMEMLEAK_TESTS;
	case GUEST_S390X:
		return CCW_TESTS + KMEMLEAK_TESTS;
	case GUEST_X86_64:
	default:
		return NUM_SAMPLES * TESTS_PER_SAMPLE + VFIO_PCI_TESTS +
		       KMEMLEAK_TESTS;
	}
}

static void run_arch_tests(enum guest_arch arch)
{
	size_t i;

	switch (arch) {
	case GUEST_ARM64:
		for (i = 0; i < NUM_ARM64_DEVICES; i++)
			test_bus_device(&arm64_devices[i]);
		/* Not a test: there is no fsl-mc device to bind. */
		diag("%s: %s (no fsl-mc bus under QEMU; build-only here)",
		     FSL_MC_MODULE, run_command("modprobe %s", FSL_MC_MODULE) ?
		     "loaded" : "not loaded");
		break;
	case GUEST_S390X:
		test_vfio_ccw();
		break;
	case GUEST_X86_64:
	default:
		for (i = 0; i < NUM_SAMPLES; i++)
			test_sample(&samples[i]);
		test_vfio_pci();
		break;
	}
}

int main(void)
{
	struct timespec tests_start;
	enum guest_arch arch;
	int err;

	wrong_ids = cmdline_has(WRONG_IDS_ARG);
	printf("TAP version 13\n");
	if (!guest_arch(&arch)) {
		printf("1..0 # SKIP no tests for this machine\n");
		return EXIT_FAILURE;
	}
	printf("1..%zu\n", planned_tests(arch));
	fflush(stdout);
	start_heartbeat();
	if (wrong_ids)
		diag("%s: expecting wrong config space ids, this run must fail",
		     WRONG_IDS_ARG);

	/*
	 * Only the tests count: report what boot itself left, then forget it
	 * ("clear" forgets only what a scan has reported, and a scan reports
	 * no object younger than its minimum age, so boot's objects reach it
	 * first). A boot object the scan still finds referenced here and
	 * leaked later is left to the age check of test_kmemleak().
	 */
	sleep_fully((KMEMLEAK_MIN_AGE_S + 1) * USEC_PER_S);
	err = kmemleak_command("scan");
	if (!err)
		err = kmemleak_command("clear");
	if (err)
		fail_errno(-err, "writing scan and clear to %s", KMEMLEAK_PATH);
	clock_gettime(CLOCK_MONOTONIC, &tests_start);

	run_arch_tests(arch);
	test_kmemleak(&tests_start);

	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       passed, failed);
	fflush(stdout);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
