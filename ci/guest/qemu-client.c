// SPDX-License-Identifier: GPL-2.0
/*
 * A real client of vfio-pci (x86_64): Debian's qemu-system-x86_64, copied
 * into the initramfs by scripts/boot-test, assigns the e1000e to a nested
 * VM held paused (-S), as users assign a device; its monitor's "info pci"
 * must show the device with its ids and as many BARs as the device has.
 * Several runs, each opening and releasing the group, the container and
 * the device as QEMU does; then the device goes back to e1000e.
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

#define QEMU_BINARY		"/usr/bin/qemu-system-x86_64"
/* Runs of the nested VM, each a whole open and release of the device. */
#define QEMU_RUNS		3
/* The nested VM's RAM: QEMU maps (and the IOMMU pins) all of it. */
#define NESTED_RAM_MB		64
/* A run under TCG in TCG takes 1-3 s; this is for a run that hangs. */
#define QEMU_RUN_TIMEOUT_S	120
/* The monitor's output of a run: "info pci" of a bare q35 is about 2 KiB. */
#define MONITOR_OUTPUT_SIZE	(64 * 1024)
/* Regions a PCI device's sysfs "resource" file lists: 6 BARs and the ROM. */
#define PCI_NUM_BARS_AND_ROM	7
#define RESOURCE_LINE_SIZE	128

static struct {
	char bdf[NAME_MAX + 1];
	char original[NAME_MAX + 1];
	int bars;
	bool bound;
} client;

/* The regions the device has in this guest: what the nested VM must show. */
static int count_bars(const char *bdf)
{
	char path[PATH_MAX], line[RESOURCE_LINE_SIZE];
	unsigned long long start, end, flags;
	int i, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/resource", PCI_DEVICES, bdf);
	f = fopen(path, "r");
	if (!f) {
		fail_errno(errno, "opening %s", path);
		return -1;
	}
	for (i = 0; i < PCI_NUM_BARS_AND_ROM && fgets(line, sizeof(line), f); i++)
		if (sscanf(line, "%llx %llx %llx", &start, &end, &flags) == 3 && end)
			n++;
	fclose(f);
	return n;
}

static bool client_bind(struct suite *suite)
{
	(void)suite;
	if (access(QEMU_BINARY, X_OK))
		return fail_errno(errno, "looking for %s (boot-test copies it into the initramfs)",
				  QEMU_BINARY);
	if (!find_pci_bound(E1000E_VENDOR_ID, E1000E_DEVICE_ID, client.bdf,
			    sizeof(client.bdf), client.original,
			    sizeof(client.original)))
		return false;
	client.bars = count_bars(client.bdf);
	if (client.bars <= 0) {
		diag("%s has no BAR to show", client.bdf);
		return false;
	}
	client.bound = rebind_to(PCI_BUS, client.bdf, VFIO_PCI_DRIVER,
				 VFIO_PCI_DRIVER);
	return client.bound;
}

/* QEMU's output, collected whole for "info pci" to be read. */
struct output {
	char *buf;
	size_t size;
	size_t len;
};

static void collect_line(const char *line, void *arg)
{
	struct output *out = arg;
	int n;

	if (out->len + 1 >= out->size)
		return;
	n = snprintf(out->buf + out->len, out->size - out->len, "%s\n", line);
	if (n < 0)
		return;
	/* What did not fit was cut: the buffer stays full. */
	out->len += n;
	if (out->len >= out->size)
		out->len = out->size - 1;
}

/*
 * Run QEMU with the monitor on its stdin and stdout, give it the commands,
 * and collect what it prints until it exits. Its exit status, or -1.
 */
static int run_qemu(const char *commands, struct output *out)
{
	char host[NAME_MAX + sizeof("vfio-pci,host=")], ram[16];
	char *argv[] = { QEMU_BINARY, "-machine", "q35", "-accel", "tcg",
			 "-m", ram, "-nodefaults", "-no-user-config",
			 "-display", "none", "-S", "-device", host,
			 "-monitor", "stdio", NULL };
	int status;

	snprintf(host, sizeof(host), "vfio-pci,host=%s", client.bdf);
	snprintf(ram, sizeof(ram), "%d", NESTED_RAM_MB);
	out->len = 0;
	out->buf[0] = '\0';
	status = run_program(argv, commands, QEMU_RUN_TIMEOUT_S, collect_line,
			     out);
	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* What QEMU said from p to end, a diagnostic line each. */
static void diag_output_span(const char *p, const char *end)
{
	const char *nl;

	while (p < end && *p) {
		nl = memchr(p, '\n', end - p);
		if (!nl) {
			diag("  %.*s", (int)(end - p), p);
			break;
		}
		diag("  %.*s", (int)(nl - p), p);
		p = nl + 1;
	}
}

/* What QEMU said, a diagnostic line each, so the TAP stays whole. */
static void diag_output(const char *out)
{
	diag_output_span(out, out + strlen(out));
}

/*
 * The nested VM's view of the device, from "info pci": ids and BARs. With
 * show, what it says of the device goes to the TAP as diagnostics.
 */
static bool check_info_pci(const char *out, bool show)
{
	char ids[sizeof("PCI device 1234:5678")];
	const char *dev, *next, *p;
	int bars = 0;

	snprintf(ids, sizeof(ids), "PCI device %04x:%04x", E1000E_VENDOR_ID,
		 E1000E_DEVICE_ID);
	dev = strstr(out, ids);
	if (!dev) {
		diag("the nested VM has no \"%s\"; QEMU said:", ids);
		diag_output(out);
		return false;
	}
	next = strstr(dev, "  Bus ");
	for (p = strstr(dev, "BAR"); p && (!next || p < next); p = strstr(p + 1, "BAR"))
		bars++;
	if (bars != client.bars) {
		diag("the nested VM shows %d BARs of %s, the device has %d; QEMU said:",
		     bars, ids, client.bars);
		diag_output(out);
		return false;
	}
	if (show) {
		diag("the nested VM's \"info pci\" of it:");
		diag_output_span(dev, next ? next : dev + strlen(dev));
	}
	return true;
}

static bool client_runs(struct suite *suite)
{
	struct output out = { .size = MONITOR_OUTPUT_SIZE };
	int run, rc;
	bool ok = true;

	(void)suite;
	if (!client.bound)
		return false;
	out.buf = malloc(out.size);
	if (!out.buf)
		return fail_errno(ENOMEM, "allocating %d bytes", MONITOR_OUTPUT_SIZE);
	for (run = 1; ok && run <= QEMU_RUNS; run++) {
		rc = run_qemu("info pci\nquit\n", &out);
		if (rc) {
			diag("run %d: QEMU exited with %d; it said:", run, rc);
			diag_output(out.buf);
			ok = false;
			break;
		}
		ok = check_info_pci(out.buf, run == 1);
	}
	if (ok)
		diag("%d runs, each showing %s with %d BARs", QEMU_RUNS,
		     client.bdf, client.bars);
	free(out.buf);
	return ok;
}

static bool client_give_back(struct suite *suite)
{
	(void)suite;
	return client.bound &&
	       rebind_to(PCI_BUS, client.bdf, "\n", client.original);
}

static const struct step client_steps[] = {
	{ "bind QEMU's e1000e to vfio-pci for a nested VM", client_bind },
	{ "a paused nested VM shows it with its ids and BARs, " STR(QEMU_RUNS) " runs",
	  client_runs },
	{ "give it back to e1000e", client_give_back },
};

static struct suite client_suite = {
	.subject = "qemu-system-x86_64 -device vfio-pci",
	.arches = GUEST_X86_64,
	.boots = BOOT_IOMMU,
	.order = SUITE_DEVICES,
	.steps = client_steps,
	.num_steps = ARRAY_SIZE(client_steps),
};

void register_qemu_client(void)
{
	register_suite(&client_suite);
}
