// SPDX-License-Identifier: BSD-3-Clause
/* Negative control for check-mock-independent.sh: a "mock" file that
 * reads the library's layouts. Never compiled. */
#include <smmuv3/hw/regs.h>
