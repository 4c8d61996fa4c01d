/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness of vfio-lifecycle-test: TAP in the manner of the kselftest
 * harness (tools/testing/selftests/), and the suites each driver
 * family registers. A suite is a list of steps, each step one test and one
 * TAP line; the plan is counted from the suites the guest's arch runs, never
 * written by hand.
 */
#ifndef VFIO_TEST_HARNESS_H
#define VFIO_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define STR_(x)		#x
#define STR(x)		STR_(x)

#define USEC_PER_S	1000000UL

#define __printf(fmt, args)	__attribute__((format(printf, fmt, args)))

/* The arches a suite runs on, a bit each. */
enum guest_arch {
	GUEST_X86_64 = 1 << 0,
	GUEST_ARM64 = 1 << 1,
	GUEST_S390X = 1 << 2,
};

/*
 * The boots of an arch a suite runs in, a bit each: x86_64 and arm64 boot
 * twice (scripts/boot-test), plainly and behind an IOMMU (QEMU's
 * intel-iommu, the virt machine's SMMUv3), because 5.10's and 5.15's vfio
 * refuse the no-IOMMU mode on a bus an IOMMU driver serves. The IOMMU
 * boot's kernel command line has IOMMU_BOOT_ARG.
 */
enum guest_boot {
	BOOT_PLAIN = 1 << 0,
	BOOT_IOMMU = 1 << 1,
};

#define IOMMU_BOOT_ARG	"vfio_test.iommu=1"

struct suite;

/* One test: its TAP line reads "<subject>: <name>". */
struct step {
	const char *name;
	bool (*run)(struct suite *s);
};

/* Suites run in this order, each in the order it was registered. */
enum suite_order {
	SUITE_DEVICES,		/* the drivers' life cycles */
	SUITE_LAST,		/* what judges them all: the leak check */
	SUITE_ORDERS,
};

struct suite {
	const char *subject;
	unsigned int arches;		/* enum guest_arch bits */
	unsigned int boots;		/* enum guest_boot bits; 0: BOOT_PLAIN */
	enum suite_order order;
	const struct step *steps;
	size_t num_steps;
	void *data;			/* the family's own state */
	/* Optional, none of them a test: */
	void (*start)(struct suite *s);	   /* before any suite runs */
	void (*setup)(struct suite *s);	   /* before its steps */
	void (*teardown)(struct suite *s); /* after them, failed or not */
};

void register_suite(struct suite *s);

/* The families: each registers its suites (called once, by main()). */
void register_mdev_samples(void);
void register_pci(void);
void register_pci_iommu(void);
void register_qemu_client(void);
void register_selftests(void);
void register_platform(void);
void register_ccw_ap(void);
void register_kmemleak(void);

__printf(1, 2) void diag(const char *fmt, ...);
/* Report what was attempted and the errno it failed with; false. */
__printf(2, 3) bool fail_errno(int err, const char *fmt, ...);
/* Sleep the whole time, whatever signal (the heartbeat) comes in between. */
void sleep_fully(unsigned long usec);

#endif /* VFIO_TEST_HARNESS_H */
