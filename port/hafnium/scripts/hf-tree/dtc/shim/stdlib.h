/* SPDX-License-Identifier: BSD-3-Clause */
/* libfdt_env.h includes <stdlib.h>; the libfdt files Hafnium builds use
 * nothing from it. Hafnium's dtc fork's libfdt_env.h gives its includers
 * CHECK() (src/fdt.c relies on that): included here for the same effect. */
#ifndef SMMUV3_HF_SHIM_STDLIB_H
#define SMMUV3_HF_SHIM_STDLIB_H
#include <stddef.h>

#include "hf/check.h"
#endif
