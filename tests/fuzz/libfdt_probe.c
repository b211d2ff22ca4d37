// SPDX-License-Identifier: BSD-3-Clause
/*
 * Does the linked libfdt get out of a blob on its own? For each file,
 * without smmuv3_fdt_check() in front: fdt_check_header(), then each walk
 * in a child process given two seconds (fdt_next_node over the tree,
 * fdt_check_full, fdt_node_offset_by_prop_value as bm_fdt_parse's memory
 * search does, fdt_path_offset of every alias). Prints one line per walk:
 * "ends", "LOOPS" (still running after two seconds) or "CRASHES" (killed
 * by a signal: a stack overflow, say). Informational (the answer depends on the libfdt the
 * host has), not a test: docs/device-tree.md.
 * Usage: fdt-libfdt-probe FILE...
 */
#define _POSIX_C_SOURCE 200809L /* kill, nanosleep */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libfdt.h>

enum walk { WALK_NEXT_NODE, WALK_CHECK_FULL, WALK_PROP_VALUE, WALK_ALIASES, WALK_COUNT };
static const char *const walk_names[WALK_COUNT] = {
	"fdt_next_node walk", "fdt_check_full", "fdt_node_offset_by_prop_value",
	"fdt_path_offset of each alias",
};

/* fdt_path_offset() on the name of every property of /aliases. */
static void resolve_aliases(const void *fdt)
{
	int aliases = fdt_path_offset(fdt, "/aliases"), prop, len;
	const char *name;

	fdt_for_each_property_offset(prop, fdt, aliases) {
		if (fdt_getprop_by_offset(fdt, prop, &name, &len))
			(void)fdt_path_offset(fdt, name);
	}
}

static void run_walk(const void *fdt, size_t size, enum walk w)
{
	int depth = 0, node = 0;

	switch (w) {
	case WALK_NEXT_NODE:
		while (node >= 0)
			node = fdt_next_node(fdt, node, &depth);
		break;
	case WALK_CHECK_FULL:
		(void)fdt_check_full(fdt, size);
		break;
	case WALK_PROP_VALUE:
		(void)fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
		break;
	default:
		resolve_aliases(fdt);
		break;
	}
}

/* "ends", "LOOPS" (still running after two seconds) or "CRASHES". */
static const char *outcome(const void *fdt, size_t size, enum walk w)
{
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
	pid_t pid = fork();
	int status, i;

	if (pid == 0) {
		run_walk(fdt, size, w);
		_exit(0);
	}
	for (i = 0; i < 200; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFSIGNALED(status) ? "CRASHES" : "ends";
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return "LOOPS";
}

int main(int argc, char **argv)
{
	int i, w;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		static unsigned char buf[2u << 20] __attribute__((aligned(8)));
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		memset(buf, 0, sizeof(buf));
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		printf("%s: %zu bytes, totalsize %u, fdt_check_header %d\n", argv[i], n,
		       fdt_totalsize(buf), fdt_check_header(buf));
		if (fdt_check_header(buf))
			continue;
		for (w = 0; w < WALK_COUNT; w++)
			printf("  %-32s %s\n", walk_names[w], outcome(buf, n, (enum walk)w));
	}
	return 0;
}
