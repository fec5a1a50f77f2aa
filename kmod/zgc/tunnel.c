// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP socket through which tenant tunnels reach a zgc device.
 *
 * A device owns one kernel UDP socket on its port, bound to every local
 * address of its namespace, from ndo_open to ndo_stop. The socket's
 * sk_user_data points at the device; udp_tunnel_sock_release() clears it
 * before the socket goes, and receivers that still hold the device under
 * RCU are safe: the device outlives them (unregistering it waits for an
 * RCU grace period).
 *
 * Locking: zgc_dev.sock is written under RTNL (ndo_open, ndo_stop) and
 * read only there; the receive path reaches the device through
 * sk_user_data under RCU.
 */

#include <linux/in.h>
#include <net/udp_tunnel.h>

#include "device.h"
#include "tunnel.h"

/**
 * zgc_tunnel_open() - open the device's tunnel socket
 * @zd: the device
 *
 * Context: RTNL held (ndo_open).
 * Return: 0, or a negative errno: -EADDRINUSE when another socket of the
 * namespace holds the port.
 */
int zgc_tunnel_open(struct zgc_dev *zd)
{
	struct udp_tunnel_sock_cfg tunnel_cfg = {
		.sk_user_data = zd,
		.encap_type = 1,
		.encap_rcv = zgc_rx_encap,
	};
	struct udp_port_cfg udp_conf = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(zd->cfg.port),
	};
	struct socket *sock;
	int err;

	ASSERT_RTNL();
	err = udp_sock_create(dev_net(zd->dev), &udp_conf, &sock);
	if (err)
		return err;
	setup_udp_tunnel_sock(dev_net(zd->dev), sock, &tunnel_cfg);
	zd->sock = sock;
	return 0;
}

/**
 * zgc_tunnel_close() - close the device's tunnel socket
 * @zd: the device
 *
 * Context: RTNL held (ndo_stop).
 */
void zgc_tunnel_close(struct zgc_dev *zd)
{
	ASSERT_RTNL();
	if (!zd->sock)
		return;
	udp_tunnel_sock_release(zd->sock);
	zd->sock = NULL;
}
