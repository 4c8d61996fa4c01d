// SPDX-License-Identifier: GPL-2.0
/*
 * A peer's test suite: upstream's vfio selftests (tools/testing/selftests/vfio
 * of the newest LTS that has them, built static by scripts/boot-test into
 * SELFTESTS_DIR), run on QEMU's e1000e behind the intel-iommu.
 *
 * Each program's kselftest TAP goes to the console as the kselftest runner
 * nests it: a "# selftests: vfio: <program>" line, then every line of its
 * output behind "# ", then "# selftests: vfio: <program>: exit <status>"
 * (a program may skip whole without a TAP line). The host judges those results against the line's
 * expected failures (scripts/lib/console.sh, selftests_verdict): a step
 * here fails only when a program could not run to its end (missing,
 * killed, out of time).
 *
 * The IOMMU mode: where the kernel has /dev/iommu and the vfio device cdev,
 * the programs run as upstream runs them (the iommufd mode by default,
 * every variant). Elsewhere they run in vfio_type1v2_iommu mode (named in
 * the environment, which ci/selftests/iommu-mode.c reads), every variant of
 * an iommufd mode is excluded, and vfio_iommufd_setup_test, which tests
 * nothing else, is not run.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define SELFTESTS_DIR		"/selftests/vfio"
/* What the iommufd modes need: iommufd itself and the vfio device cdev. */
#define IOMMUFD_DEV		"/dev/iommu"
#define VFIO_CDEV_DIR		"/dev/vfio/devices"
/* The environment upstream's library and our mode shim read. */
#define BDF_ENV			"VFIO_SELFTESTS_BDF"
#define IOMMU_MODE_ENV		"VFIO_SELFTESTS_IOMMU_MODE"
#define TYPE1V2_MODE		"vfio_type1v2_iommu"
/* Every variant of an iommufd mode has a name that starts so. */
#define IOMMUFD_VARIANT_PREFIX	"iommufd"
#define IOMMUFD_SETUP_TEST	"vfio_iommufd_setup_test"
/* kselftest exit statuses (tools/testing/selftests/kselftest.h). */
#define KSFT_PASS		0
#define KSFT_FAIL		1
#define KSFT_SKIP		4
/* The longest program under TCG takes about 20 s; this is for a hang. */
#define PROGRAM_TIMEOUT_S	180
/* Variants one program can have excluded: 3 sizes by 5 modes, and more. */
#define MAX_EXCLUDED		64
#define MAX_ARGS		(2 * MAX_EXCLUDED + 2)

static struct {
	char bdf[NAME_MAX + 1];
	char original[NAME_MAX + 1];
	bool iommufd;		/* the kernel has what the iommufd modes need */
	bool bound;
} st;

static void print_nested(const char *line, void *arg)
{
	(void)arg;
	printf("# %s\n", line);
}

/* The variant names of the iommufd modes in a program's "-l" listing. */
struct excluded {
	char names[MAX_EXCLUDED][NAME_MAX + 1];
	int count;
	bool overflow;
};

static void collect_iommufd_variants(const char *line, void *arg)
{
	struct excluded *ex = arg;
	char copy[RUN_OUTPUT_LINE_SIZE], *tok, *save;

	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (strncmp(tok, IOMMUFD_VARIANT_PREFIX,
			    strlen(IOMMUFD_VARIANT_PREFIX)))
			continue;
		if (ex->count == MAX_EXCLUDED) {
			ex->overflow = true;
			return;
		}
		snprintf(ex->names[ex->count++], NAME_MAX + 1, "%s", tok);
	}
}

static bool st_bind(struct suite *suite)
{
	(void)suite;
	if (access(SELFTESTS_DIR, X_OK))
		return fail_errno(errno, "looking for %s (boot-test builds upstream's selftests into the initramfs)",
				  SELFTESTS_DIR);
	if (!find_pci_bound(E1000E_VENDOR_ID, E1000E_DEVICE_ID, st.bdf,
			    sizeof(st.bdf), st.original, sizeof(st.original)))
		return false;
	st.bound = rebind_to(PCI_BUS, st.bdf, VFIO_PCI_DRIVER, VFIO_PCI_DRIVER);
	if (!st.bound)
		return false;
	st.iommufd = path_exists(IOMMUFD_DEV) && path_exists(VFIO_CDEV_DIR);
	if (setenv(BDF_ENV, st.bdf, 1) ||
	    (!st.iommufd && setenv(IOMMU_MODE_ENV, TYPE1V2_MODE, 1)))
		return fail_errno(errno, "setting the selftests' environment");
	diag("IOMMU mode: %s", st.iommufd ?
	     "iommufd (the kernel has " IOMMUFD_DEV " and the vfio cdev), every variant" :
	     TYPE1V2_MODE " (no " IOMMUFD_DEV " or vfio cdev), iommufd variants excluded");
	return true;
}

/* Run one program: its TAP nested on the console; false if it did not end. */
static bool run_selftest(const char *name)
{
	static struct excluded ex;
	char path[PATH_MAX], *argv[MAX_ARGS];
	int argc = 0, i, status;

	if (!st.bound)
		return false;
	snprintf(path, sizeof(path), "%s/%s", SELFTESTS_DIR, name);
	if (access(path, X_OK))
		return fail_errno(errno, "looking for %s", path);
	memset(&ex, 0, sizeof(ex));
	argv[argc++] = path;
	if (!st.iommufd) {
		char *list[] = { path, "-l", NULL };

		run_program(list, NULL, PROGRAM_TIMEOUT_S,
			    collect_iommufd_variants, &ex);
		if (ex.overflow) {
			diag("%s lists more than %d iommufd variants", name,
			     MAX_EXCLUDED);
			return false;
		}
		for (i = 0; i < ex.count; i++) {
			argv[argc++] = "-V";
			argv[argc++] = ex.names[i];
		}
	}
	argv[argc] = NULL;
	printf("# selftests: vfio: %s\n", name);
	status = run_program(argv, NULL, PROGRAM_TIMEOUT_S, print_nested, NULL);
	if (status < 0)
		return false;
	if (!WIFEXITED(status)) {
		diag("%s was killed by signal %d", name, WTERMSIG(status));
		return false;
	}
	switch (WEXITSTATUS(status)) {
	case KSFT_PASS:
	case KSFT_FAIL:
	case KSFT_SKIP:
		/* The host reads it: a program may skip whole, printing no TAP. */
		printf("# selftests: vfio: %s: exit %d\n", name,
		       WEXITSTATUS(status));
		if (ex.count)
			diag("%d iommufd variants excluded", ex.count);
		return true;
	default:
		diag("%s exited with %d, not a kselftest status", name,
		     WEXITSTATUS(status));
		return false;
	}
}

static bool st_device(struct suite *suite)
{
	(void)suite;
	return run_selftest("vfio_pci_device_test");
}

static bool st_dma_mapping(struct suite *suite)
{
	(void)suite;
	return run_selftest("vfio_dma_mapping_test");
}

static bool st_iommufd_setup(struct suite *suite)
{
	(void)suite;
	if (st.bound && !st.iommufd) {
		diag("not run: without " IOMMUFD_DEV " and the vfio cdev it has nothing to test");
		return true;
	}
	return run_selftest(IOMMUFD_SETUP_TEST);
}

static bool st_driver(struct suite *suite)
{
	(void)suite;
	return run_selftest("vfio_pci_driver_test");
}

static bool st_give_back(struct suite *suite)
{
	(void)suite;
	return st.bound && rebind_to(PCI_BUS, st.bdf, "\n", st.original);
}

static const struct step st_steps[] = {
	{ "bind QEMU's e1000e to vfio-pci for upstream's selftests", st_bind },
	{ "vfio_pci_device_test ran to its end", st_device },
	{ "vfio_dma_mapping_test ran to its end", st_dma_mapping },
	{ IOMMUFD_SETUP_TEST " ran to its end", st_iommufd_setup },
	{ "vfio_pci_driver_test ran to its end", st_driver },
	{ "give it back to e1000e", st_give_back },
};

static struct suite st_suite = {
	.subject = "upstream vfio selftests",
	.arches = GUEST_X86_64,
	.boots = BOOT_IOMMU,
	.order = SUITE_DEVICES,
	.steps = st_steps,
	.num_steps = ARRAY_SIZE(st_steps),
};

void register_selftests(void)
{
	register_suite(&st_suite);
}
