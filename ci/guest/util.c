// SPDX-License-Identifier: GPL-2.0
/*
 * What the driver families of vfio-lifecycle-test share (util.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "harness.h"
#include "util.h"

/* A sysfs vendor or device file: "0x1234\n". */
#define PCI_ID_SIZE		16

#define VFIO_CONTAINER_PATH	"/dev/vfio/vfio"
#define UUID_SOURCE		"/proc/sys/kernel/random/uuid"
#define CMDLINE_PATH		"/proc/cmdline"
#define CMDLINE_SIZE		4096
/* Makes the config space checks expect wrong ids: a run that must fail. */
#define WRONG_IDS_ARG		"vfio_test.wrong_ids=1"
#define COMMAND_SIZE		256

int write_file(const char *path, const char *value)
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

int read_file(const char *path, char *buf, size_t size)
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

bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool run_command(const char *fmt, ...)
{
	char cmd[COMMAND_SIZE];
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

bool new_uuid(char *uuid)
{
	char buf[UUID_LEN + 2];
	int err = read_file(UUID_SOURCE, buf, sizeof(buf));

	if (err)
		return fail_errno(-err, "reading %s", UUID_SOURCE);
	memcpy(uuid, buf, UUID_LEN);
	uuid[UUID_LEN] = '\0';
	return true;
}

/* The name of the driver bound to a device of a bus, or "" if none. */
void driver_of(const char *bus, const char *dev, char *driver, size_t size)
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
bool unbind_driver(const char *bus, const char *dev)
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
bool probe_driver(const char *bus, const char *dev)
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

/*
 * rebind(), then check the device is bound to the expected driver. An empty
 * override ("\n") lets the device's original driver match again.
 */
bool rebind_to(const char *bus, const char *dev, const char *override,
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

/*
 * Unbind the device, unload its vfio driver's module and load it again, and
 * check the reloaded driver takes the device back (its driver_override
 * stays). rmmod, not modprobe -r: that would also try the modules it
 * depends on (vfio_platform_base), which another driver may still use.
 */
bool reload_driver(const char *bus, const char *dev, const char *module,
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

/* The iommu group number of a device, from its sysfs directory. */
bool iommu_group_of(const char *dev_dir, char *group, size_t size)
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

void vfio_close(struct vfio_handle *h)
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
bool vfio_open(struct vfio_handle *h, const char *group_path, int iommu_type,
	       const char *device_name)
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

/* The no-IOMMU group of a device of a bus, opened with its device fd. */
bool open_noiommu(struct vfio_handle *h, const char *bus, const char *dev)
{
	char dev_dir[PATH_MAX], group[NAME_MAX + 1], group_path[PATH_MAX];

	snprintf(dev_dir, sizeof(dev_dir), "%s/devices/%s", bus, dev);
	if (!iommu_group_of(dev_dir, group, sizeof(group)))
		return false;
	snprintf(group_path, sizeof(group_path), "/dev/vfio/noiommu-%s", group);
	return vfio_open(h, group_path, VFIO_NOIOMMU_IOMMU, dev);
}

bool cmdline_has(const char *arg)
{
	char cmdline[CMDLINE_SIZE];

	return !read_file(CMDLINE_PATH, cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, arg);
}

/* Whether the kernel command line asks for a run that must fail. */
static bool expect_wrong_ids(void)
{
	static int wrong = -1;

	if (wrong < 0) {
		wrong = cmdline_has(WRONG_IDS_ARG);
		if (wrong)
			diag("%s: expecting wrong config space ids, this run must fail",
			     WRONG_IDS_ARG);
	}
	return wrong;
}

/* Read the vendor and device ids from the device's config space region. */
bool check_config_ids(int device, uint16_t vendor, uint16_t devid)
{
	struct vfio_region_info region = {
		.argsz = sizeof(region),
		.index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	uint16_t ids[2];
	ssize_t n;

	if (expect_wrong_ids()) {
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

/* An mdev's group, a container of that IOMMU type, the device fd. */
bool open_mdev(struct vfio_handle *h, const char *uuid, int iommu_type)
{
	char dev_dir[PATH_MAX], group[NAME_MAX + 1], group_path[PATH_MAX];

	snprintf(dev_dir, sizeof(dev_dir), "%s/%s", MDEV_DEVICES, uuid);
	if (!iommu_group_of(dev_dir, group, sizeof(group)))
		return false;
	snprintf(group_path, sizeof(group_path), "/dev/vfio/%s", group);
	return vfio_open(h, group_path, iommu_type, uuid);
}

bool mdev_remove(const char *uuid)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/%s/remove", MDEV_DEVICES, uuid);
	err = write_file(path, "1");
	if (err)
		return fail_errno(-err, "writing 1 to %s", path);
	return true;
}

bool mdev_exists(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", MDEV_DEVICES, uuid);
	return path_exists(path);
}

/* The sysfs name of the first PCI device with these ids. */
bool find_pci_device(uint16_t vendor, uint16_t devid, char *bdf, size_t size)
{
	char path[PATH_MAX], buf[PCI_ID_SIZE];
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
	diag("no PCI device %04x:%04x (is QEMU started with the arch's devices, kernels/arches/?)",
	     vendor, devid);
	return false;
}

#define MSEC_PER_S		1000L
#define NSEC_PER_MSEC		1000000L

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * MSEC_PER_S + ts.tv_nsec / NSEC_PER_MSEC;
}

/*
 * Wait until fd is readable: 1, or 0 after timeout_ms, or -1 (errno). The
 * heartbeat's SIGALRM interrupts poll(), which no SA_RESTART restarts: the
 * wait goes on for what is left of the timeout.
 */
int wait_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long deadline = now_ms() + timeout_ms, left;
	int n;

	for (;;) {
		left = deadline - now_ms();
		n = poll(&pfd, 1, left > 0 ? (int)left : 0);
		if (n >= 0 || errno != EINTR)
			return n > 0 ? 1 : n;
	}
}

/* find_pci_device(), then the driver it is bound to now (said). */
bool find_pci_bound(uint16_t vendor, uint16_t devid, char *bdf, size_t size,
		    char *driver, size_t driver_size)
{
	if (!find_pci_device(vendor, devid, bdf, size))
		return false;
	driver_of(PCI_BUS, bdf, driver, driver_size);
	diag("%s is bound to \"%s\"", bdf, driver);
	return true;
}

/* Hand each whole line of buf (len bytes) to fn; keep the rest in buf. */
static size_t take_lines(char *buf, size_t len, line_fn fn, void *arg)
{
	char *start = buf, *nl;

	while ((nl = memchr(start, '\n', len - (start - buf)))) {
		*nl = '\0';
		fn(start, arg);
		start = nl + 1;
	}
	len -= start - buf;
	memmove(buf, start, len);
	/* A line longer than the buffer goes out in pieces. */
	if (len == RUN_OUTPUT_LINE_SIZE - 1) {
		buf[len] = '\0';
		fn(buf, arg);
		len = 0;
	}
	return len;
}

static void close_pair(const int fds[2])
{
	if (fds[0] >= 0) {
		close(fds[0]);
		close(fds[1]);
	}
}

/* The child's side: input (if any) on stdin, stdout and stderr to out. */
static void exec_child(char *const argv[], const int in[2], const int out[2])
{
	if (in[0] >= 0)
		dup2(in[0], STDIN_FILENO);
	close_pair(in);
	dup2(out[1], STDOUT_FILENO);
	dup2(out[1], STDERR_FILENO);
	close(out[0]);
	close(out[1]);
	execv(argv[0], argv);
	fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Reap pid; its wait status, or -1. */
static int reap(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fail_errno(errno, "waiting for %s", what);
			return -1;
		}
	}
	return status;
}

/*
 * Hand the child's output to fn, line by line, until it closes it (an
 * unfinished last line too), or kill the child at the deadline. False when
 * it had to be killed: at the deadline, or when its output could not be
 * read (reaping a child nobody reads from could wait for ever).
 */
static bool drain_output(int fd, pid_t pid, const char *what, int timeout_s,
			 line_fn fn, void *arg)
{
	char buf[RUN_OUTPUT_LINE_SIZE];
	time_t deadline = time(NULL) + timeout_s;
	size_t len = 0;
	ssize_t n;
	int ready;

	for (;;) {
		ready = wait_readable(fd, RUN_POLL_MS);
		if (ready < 0) {
			fail_errno(errno, "waiting for the output of %s", what);
			kill(pid, SIGKILL);
			return false;
		}
		if (ready > 0) {
			n = read(fd, buf + len, sizeof(buf) - 1 - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				fail_errno(errno, "reading the output of %s", what);
				kill(pid, SIGKILL);
				return false;
			}
			if (!n)
				break;
			len = take_lines(buf, len + n, fn, arg);
		}
		if (time(NULL) >= deadline) {
			diag("%s still runs after %d s: killed", what, timeout_s);
			kill(pid, SIGKILL);
			return false;
		}
	}
	if (len) {
		buf[len] = '\0';
		fn(buf, arg);
	}
	return true;
}

int run_program(char *const argv[], const char *input, int timeout_s,
		line_fn fn, void *arg)
{
	int in[2] = { -1, -1 }, out[2], status;
	bool ended;
	pid_t pid;

	if (input && pipe(in)) {
		fail_errno(errno, "pipe for the input of %s", argv[0]);
		return -1;
	}
	if (pipe(out)) {
		fail_errno(errno, "pipe for the output of %s", argv[0]);
		close_pair(in);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fail_errno(errno, "fork for %s", argv[0]);
		close_pair(in);
		close_pair(out);
		return -1;
	}
	if (!pid)
		exec_child(argv, in, out);
	close(out[1]);
	if (input) {
		close(in[0]);
		if (write(in[1], input, strlen(input)) < 0)
			fail_errno(errno, "writing the input of %s", argv[0]);
		close(in[1]);
	}
	ended = drain_output(out[0], pid, argv[0], timeout_s, fn, arg);
	close(out[0]);
	status = reap(pid, argv[0]);
	return ended ? status : -1;
}
