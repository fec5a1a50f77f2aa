// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the values of zgcctl's arguments.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/zgc.h>

#include "zgcctl.h"

int parse_vni(const char *s, uint32_t *vni)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > ZGC_VNI_MAX)
		return -1;
	*vni = (uint32_t)v;
	return 0;
}

int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[MAC_LEN];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != MAC_LEN)
		return -1;
	for (i = 0; i < MAC_LEN; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

int parse_ip4(const char *s, struct in_addr *ip)
{
	return inet_pton(AF_INET, s, ip) == 1 ? 0 : -1;
}

void format_mac(char *buf, size_t len, const uint8_t *mac)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}
