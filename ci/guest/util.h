/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the driver families of vfio-lifecycle-test share: files and
 * commands, sysfs driver binding, vfio containers, groups and device fds,
 * mdevs.
 */
#ifndef VFIO_TEST_UTIL_H
#define VFIO_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#define MDEV_DEVICES		"/sys/bus/mdev/devices"
#define PCI_BUS			"/sys/bus/pci"
#define PCI_DEVICES		PCI_BUS "/devices"
#define VFIO_PCI_DRIVER		"vfio-pci"
/* QEMU's "-device e1000e" (82574L), which the IOMMU boot's suites take. */
#define E1000E_VENDOR_ID	0x8086
#define E1000E_DEVICE_ID	0x10d3
#define UUID_LEN		36

struct vfio_handle {
	int container;
	int group;
	int device;
};

#define VFIO_HANDLE_CLOSED	{ -1, -1, -1 }

int write_file(const char *path, const char *value);
int read_file(const char *path, char *buf, size_t size);
bool path_exists(const char *path);
/* Whether the kernel command line has this argument. */
bool cmdline_has(const char *arg);
__printf(1, 2) bool run_command(const char *fmt, ...);
bool new_uuid(char *uuid);

/* sysfs binding of a device of a bus (its /sys/bus directory) */
void driver_of(const char *bus, const char *dev, char *driver, size_t size);
bool unbind_driver(const char *bus, const char *dev);
bool probe_driver(const char *bus, const char *dev);
bool rebind_to(const char *bus, const char *dev, const char *override,
	       const char *expected);
bool reload_driver(const char *bus, const char *dev, const char *module,
		   const char *module_args, const char *driver);

/* 1 once fd is readable, 0 after timeout_ms, -1 on error (errno) */
int wait_readable(int fd, int timeout_ms);
/*
 * Run argv[0] (a path) with input, if not NULL, on its stdin and its stdout
 * and stderr handed to fn line by line (lines longer than
 * RUN_OUTPUT_LINE_SIZE in pieces); kill it after timeout_s. Its wait
 * status, or -1 when it could not be started or had to be killed.
 */
#define RUN_OUTPUT_LINE_SIZE	1024
/* How often the timeout is looked at while the program is quiet. */
#define RUN_POLL_MS		1000
typedef void (*line_fn)(const char *line, void *arg);
int run_program(char *const argv[], const char *input, int timeout_s,
		line_fn fn, void *arg);
/* PCI: the sysfs name (BDF) of the first device with these ids */
bool find_pci_device(uint16_t vendor, uint16_t devid, char *bdf, size_t size);
/* ... and the driver it is bound to now ("" if none) */
bool find_pci_bound(uint16_t vendor, uint16_t devid, char *bdf, size_t size,
		    char *driver, size_t driver_size);
/* vfio */
bool iommu_group_of(const char *dev_dir, char *group, size_t size);
bool vfio_open(struct vfio_handle *h, const char *group_path, int iommu_type,
	       const char *device_name);
void vfio_close(struct vfio_handle *h);
bool open_noiommu(struct vfio_handle *h, const char *bus, const char *dev);
bool check_config_ids(int device, uint16_t vendor, uint16_t devid);

/* mdevs, whatever their parent */
bool open_mdev(struct vfio_handle *h, const char *uuid, int iommu_type);
bool mdev_remove(const char *uuid);
bool mdev_exists(const char *uuid);

#endif /* VFIO_TEST_UTIL_H */
