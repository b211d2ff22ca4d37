/* SPDX-License-Identifier: BSD-3-Clause */
/** @file undocumented.h
 *  @brief Negative control for check-docs.sh: one function lacks a comment. */
#ifndef SMMUV3_DOCS_NEGATIVE_H
#define SMMUV3_DOCS_NEGATIVE_H

/** @brief A documented function. */
int smmuv3_documented(void);

int smmuv3_undocumented(void);

#endif
