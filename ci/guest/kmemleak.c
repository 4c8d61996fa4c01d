// SPDX-License-Identifier: GPL-2.0
/*
 * The leak check (every arch, after the drivers' suites): no object the
 * tests allocated is reported by kmemleak. An object older than the tests
 * (what boot left) is ignored, by the age kmemleak reports.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "util.h"

#define KMEMLEAK_PATH		"/sys/kernel/debug/kmemleak"
/* kmemleak reports no object younger than 5 s (MSECS_MIN_AGE). */
#define KMEMLEAK_MIN_AGE_S	5
#define KMEMLEAK_DIAG_LINES	30
#define KMEMLEAK_REPORT_SIZE	(64 * 1024)
/* Seconds between the monotonic clock and kmemleak's jiffies-based age. */
#define KMEMLEAK_AGE_SLACK_S	1
#define NSEC_PER_SEC		1000000000.0
#define OBJECT_START		"unreferenced object"
#define AGE_START		"(age "

static struct timespec tests_start;

/*
 * Give kmemleak a command with the heartbeat held off: a scan stops as soon
 * as the task that asked for it has a signal pending, and then reports no
 * new leak at all (the kernel's scan_should_stop()), while the write still
 * succeeds. A 5.15 scan under TCG and KASAN takes long enough for the
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

/*
 * Only the tests count: what boot left is told apart by its age when the
 * check reads the report (kmemleak_no_leak()), so no scan is spent on it
 * here. kmemleak's own thread, which would scan a minute after boot and
 * every ten minutes, is stopped: under TCG and KASAN a scan costs 10-20 s,
 * and one running beside the tests only slows them.
 */
static void kmemleak_start(struct suite *suite)
{
	int err;

	(void)suite;
	err = kmemleak_command("scan=off");
	if (err)
		fail_errno(-err, "writing scan=off to %s", KMEMLEAK_PATH);
	clock_gettime(CLOCK_MONOTONIC, &tests_start);
}

/*
 * Is a kmemleak report block about an object the tests allocated? Its
 * "age" says how long ago the object was allocated; an object older than
 * the tests comes from boot: the check is about what the tests leak.
 */
static bool allocated_during_tests(const char *block, double tests_seconds)
{
	const char *age = strstr(block, AGE_START);

	return !age || strtod(age + strlen(AGE_START), NULL) <=
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

static bool kmemleak_no_leak(struct suite *suite)
{
	static char report[KMEMLEAK_REPORT_SIZE];
	struct timespec now;
	double tests_seconds;
	char *block, *next;
	/* Separate budgets: boot-time objects must not crowd out real leaks. */
	int err, leaks = 0, lines = 0, ignored_lines = 0;

	(void)suite;
	/* Let every object of the tests reach the age kmemleak reports at. */
	sleep_fully((KMEMLEAK_MIN_AGE_S + 1) * USEC_PER_S);
	err = kmemleak_command("scan");
	if (!err)
		err = kmemleak_command("scan");
	if (!err)
		err = read_file(KMEMLEAK_PATH, report, sizeof(report));
	if (err)
		return fail_errno(-err, "scanning and reading %s", KMEMLEAK_PATH);
	clock_gettime(CLOCK_MONOTONIC, &now);
	tests_seconds = (double)(now.tv_sec - tests_start.tv_sec) +
			(double)(now.tv_nsec - tests_start.tv_nsec) / NSEC_PER_SEC;

	/* One block per object, each starting "unreferenced object". */
	for (block = strstr(report, OBJECT_START); block; block = next) {
		next = strstr(block + 1, OBJECT_START);
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
	return leaks == 0;
}

static const struct step kmemleak_steps[] = {
	{ "no leak after the tests", kmemleak_no_leak },
};

static struct suite kmemleak_suite = {
	.subject = "kmemleak",
	.arches = GUEST_X86_64 | GUEST_ARM64 | GUEST_S390X,
	.boots = BOOT_PLAIN | BOOT_IOMMU,
	.order = SUITE_LAST,
	.steps = kmemleak_steps,
	.num_steps = ARRAY_SIZE(kmemleak_steps),
	.start = kmemleak_start,
};

void register_kmemleak(void)
{
	register_suite(&kmemleak_suite);
}
