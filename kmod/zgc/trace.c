// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of zgc_trace.h, defined once. */

#define CREATE_TRACE_POINTS
#include "zgc_trace.h"
