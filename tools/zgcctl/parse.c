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
#include <libmnl/libmnl.h>
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

int parse_addr_prefix(const char *s, struct zgc_addr *a, uint8_t *plen,
		      bool *has_plen)
{
	char buf[INET6_ADDRSTRLEN + 5], *slash;
	uint32_t v;

	*has_plen = false;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, &a->v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, &a->v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	if (slash) {
		if (parse_u32(slash, 0, a->family == AF_INET ? 32 : 128, &v))
			return -1;
		*plen = (uint8_t)v;
		*has_plen = true;
	}
	return 0;
}

int parse_addr(const char *s, struct zgc_addr *a)
{
	uint8_t plen;
	bool has_plen;

	if (parse_addr_prefix(s, a, &plen, &has_plen) || has_plen)
		return -1;
	return 0;
}

void format_addr(char *buf, size_t len, const struct zgc_addr *a)
{
	if (!inet_ntop(a->family, &a->v6, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

/* IPv4 first, then by address. */
int cmp_addr(const struct zgc_addr *x, const struct zgc_addr *y)
{
	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	if (x->family == AF_INET)
		return memcmp(&x->v4, &y->v4, sizeof(x->v4));
	return memcmp(&x->v6, &y->v6, sizeof(x->v6));
}

void put_addr(struct nlmsghdr *nlh, uint16_t a4, uint16_t a6,
	      const struct zgc_addr *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, a4, sizeof(a->v4), &a->v4);
	else
		mnl_attr_put(nlh, a6, sizeof(a->v6), &a->v6);
}

int get_addr(const struct nlattr *a4, const struct nlattr *a6,
	     struct zgc_addr *a)
{
	if (a4 && mnl_attr_get_payload_len(a4) == sizeof(a->v4)) {
		a->family = AF_INET;
		memcpy(&a->v4, mnl_attr_get_payload(a4), sizeof(a->v4));
		return 0;
	}
	if (a6 && mnl_attr_get_payload_len(a6) == sizeof(a->v6)) {
		a->family = AF_INET6;
		memcpy(&a->v6, mnl_attr_get_payload(a6), sizeof(a->v6));
		return 0;
	}
	return -1;
}

static const struct {
	const char *name;
	uint8_t proto;
} ip_protos[] = {
	{ "any", 0 },
	{ "icmp", IPPROTO_ICMP },
	{ "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
	{ "icmpv6", IPPROTO_ICMPV6 },
	{ "ipv6-icmp", IPPROTO_ICMPV6 },	/* as /etc/protocols says */
};

int parse_ip_proto(const char *s, uint8_t *proto)
{
	uint32_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ip_protos); i++) {
		if (!strcmp(s, ip_protos[i].name)) {
			*proto = ip_protos[i].proto;
			return 0;
		}
	}
	if (parse_u32(s, 0, 255, &v))
		return -1;
	*proto = (uint8_t)v;
	return 0;
}

const char *format_ip_proto(char buf[4], uint8_t proto)
{
	size_t i;

	/* The first name of each protocol is the one shown. */
	for (i = 0; i < ARRAY_SIZE(ip_protos); i++)
		if (ip_protos[i].proto == proto)
			return ip_protos[i].name;
	snprintf(buf, 4, "%u", proto);
	return buf;
}
