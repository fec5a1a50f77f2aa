// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the values of zgcctl's arguments.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/zgc.h>

#include "zgcctl.h"

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *val)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*val = (uint32_t)v;
	return 0;
}

int parse_prefix4(const char *s, struct in_addr *addr, uint8_t *plen,
		  bool *has_plen)
{
	char buf[INET_ADDRSTRLEN + 4], *slash;
	uint32_t v;

	*has_plen = false;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (parse_u32(slash, 0, 32, &v))
			return -1;
		*plen = (uint8_t)v;
		*has_plen = true;
	}
	return parse_ip4(buf, addr);
}

int parse_vni(const char *s, uint32_t *vni)
{
	return parse_u32(s, 0, ZGC_VNI_MAX, vni);
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
