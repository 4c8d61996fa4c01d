// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-lifecycle-test - guest side of scripts/boot-test.
 *
 * Walks vfio devices through their whole life cycle, the part the series
 * "Tidy up vfio_device life cycle" changes, with the drivers the guest's
 * arch has; one file per driver family:
 *  - mdev-samples.c (x86_64): for each mdev sample (mtty, mdpy, mbochs)
 *    create, open, query, read config space, close and remove; remove while
 *    the device is still open; many cycles; module reload.
 *  - pci.c (x86_64): vfio-pci in no-IOMMU mode on QEMU's pci-serial.
 *  - pci-iommu.c (x86_64, arm64): vfio-pci behind QEMU's intel-iommu or
 *    the virt machine's SMMUv3 on an e1000e, through a type1v2 container:
 *    bind cycles, DMA, info, config space, a BAR by mmap, reset, MSI-X,
 *    unbind while open.
 *  - qemu-client.c (x86_64): QEMU itself assigns that e1000e to a paused
 *    nested VM, several times, as users run vfio-pci.
 *  - platform.c (arm64, QEMU virt): vfio-amba on the pl031 RTC and
 *    vfio-platform on the virtio-mmio transport of a virtio-rng, in no-IOMMU
 *    mode: bind through driver_override, open, query, read a region, close;
 *    many bind cycles; module reload; the original driver bound again.
 *    vfio-fsl-mc's load is only recorded: QEMU has no fsl-mc bus.
 *  - ccw-ap.c (s390x, QEMU s390-ccw-virtio): vfio-ccw on an I/O subchannel:
 *    bind, create a vfio_ccw-io mdev, open it through a type1v2 container,
 *    query the device and its regions, close, remove; many cycles; module
 *    reload; io_subchannel bound again. vfio_ap's load is only recorded:
 *    TCG emulates no AP adapters.
 *  - kmemleak.c (every arch, last): no object the tests allocated leaks.
 * This file is the harness: TAP, the plan counted from the suites, a
 * heartbeat, main(). util.c holds what the families share.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "modules.h"
#include "util.h"

/*
 * Seconds between two "still running" lines: boot-test takes a console
 * silent for GUEST_HANG_SECONDS (120) for a hung guest. A test blocked in
 * the kernel delays the signal, so a real hang stays silent.
 */
#define HEARTBEAT_S		15
#define NSEC_PER_USEC		1000L
/* More than every family registers together. */
#define MAX_SUITES		16

static struct suite *suites[MAX_SUITES];
static size_t num_suites;
static int test_number, passed, failed;

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

bool fail_errno(int err, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	diag("%s: %s (errno %d)", what, strerror(err), err);
	return false;
}

void sleep_fully(unsigned long usec)
{
	struct timespec left = {
		.tv_sec = usec / USEC_PER_S,
		.tv_nsec = (usec % USEC_PER_S) * NSEC_PER_USEC,
	};

	while (nanosleep(&left, &left) && errno == EINTR)
		;
}

void register_suite(struct suite *s)
{
	if (num_suites == MAX_SUITES) {
		diag("more than %d suites: suite \"%s\" not run", MAX_SUITES,
		     s->subject);
		return;
	}
	suites[num_suites++] = s;
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

static void result(bool ok, const char *subject, const char *name)
{
	test_number++;
	printf("%s %d - %s: %s\n", ok ? "ok" : "not ok", test_number, subject,
	       name);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static bool guest_arch(unsigned int *arch)
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

/* Whether this boot is the IOMMU one (IOMMU_BOOT_ARG on the command line). */
static unsigned int guest_boot(void)
{
	if (cmdline_has(IOMMU_BOOT_ARG)) {
		diag("%s: the IOMMU boot", IOMMU_BOOT_ARG);
		return BOOT_IOMMU;
	}
	return BOOT_PLAIN;
}

/*
 * A kernel whose vfio drivers are modules (a distro's, booted by
 * scripts/boot-debian-package) has vfio-pci and type1 loaded before the
 * tests, as udev and vfio's soft dependency would. Our boot kernels build
 * them in and modprobe has nothing to load, so its exit status says
 * nothing: a suite that lacks them finds out and says so.
 */
static void load_vfio_modules(void)
{
	if (system("modprobe -a " VFIO_PCI_MODULE " " VFIO_IOMMU_TYPE1_MODULE
		   " 2>/dev/null") == -1)
		diag("running modprobe -a %s %s failed: %s", VFIO_PCI_MODULE,
		     VFIO_IOMMU_TYPE1_MODULE, strerror(errno));
}

/* Whether a suite runs on this arch in this boot. */
static bool selected(const struct suite *s, unsigned int arch,
		     unsigned int boot)
{
	return (s->arches & arch) && ((s->boots ? s->boots : BOOT_PLAIN) & boot);
}

static void run_suite(struct suite *s)
{
	size_t i;

	if (s->setup)
		s->setup(s);
	for (i = 0; i < s->num_steps; i++)
		result(s->steps[i].run(s), s->subject, s->steps[i].name);
	if (s->teardown)
		s->teardown(s);
}

int main(void)
{
	static void (*const families[])(void) = {
		register_mdev_samples,
		register_pci,
		register_pci_iommu,
		register_qemu_client,
		register_selftests,
		register_platform,
		register_ccw_ap,
		register_kmemleak,
	};
	unsigned int arch, boot, order;
	size_t i, plan = 0;

	printf("TAP version 13\n");
	if (!guest_arch(&arch)) {
		printf("1..0 # SKIP no tests for this machine\n");
		return EXIT_FAILURE;
	}
	boot = guest_boot();
	load_vfio_modules();
	for (i = 0; i < ARRAY_SIZE(families); i++)
		families[i]();
	for (i = 0; i < num_suites; i++)
		if (selected(suites[i], arch, boot))
			plan += suites[i]->num_steps;
	printf("1..%zu\n", plan);
	fflush(stdout);
	start_heartbeat();

	for (i = 0; i < num_suites; i++)
		if (selected(suites[i], arch, boot) && suites[i]->start)
			suites[i]->start(suites[i]);
	for (order = 0; order < SUITE_ORDERS; order++)
		for (i = 0; i < num_suites; i++)
			if (selected(suites[i], arch, boot) &&
			    suites[i]->order == order)
				run_suite(suites[i]);

	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       passed, failed);
	fflush(stdout);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
