/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * zgc - Zeta Gateway Cluster: user space ABI.
 *
 * Two interfaces configure a zgc device:
 *
 *  1. rtnetlink, through the link kind "zgc":
 *       ip link add zgc0 type zgc [ overlay geneve|vxlan ] [ port PORT ]
 *           [ local ADDR ] [ entrance ADDR[,ADDR...] ] [ ttl TTL ] [ df DF ]
 *     with the IFLA_ZGC_* attributes below nested in IFLA_INFO_DATA.
 *
 *  2. the Generic Netlink family ZGC_GENL_NAME ("zgc"), version
 *     ZGC_GENL_VERSION, used by zgcctl(8).
 *
 * Generic Netlink family "zgc"
 * ----------------------------
 *
 * Every request is validated strictly: an attribute that the command's
 * policy does not list, or whose type or length is wrong, makes the whole
 * request fail with -EINVAL, a value outside its range with -ERANGE, each
 * with an extended ACK (NLMSGERR_ATTR_MSG and NLMSGERR_ATTR_OFFS) that
 * names the attribute. A dump reports its errors in NLMSG_DONE. Requests act on the
 * network namespace of the requesting socket. The genl header's reserved
 * field must be zero. Integers are in host byte order.
 *
 * A device is named by ZGC_A_IFINDEX or ZGC_A_IFNAME. When both are given
 * they must name the same device.
 *
 * ZGC_CMD_DEV_GET
 *   Request (doit, needs one of):
 *     ZGC_A_IFINDEX: NLA_U32
 *     ZGC_A_IFNAME: NLA_NUL_STRING, at most IFNAMSIZ - 1 bytes
 *   Request (NLM_F_DUMP): no attributes; dumps every zgc device of the
 *     namespace. A dump that spans several messages while devices are
 *     added or removed is flagged NLM_F_DUMP_INTR and should be retried.
 *   Reply, one message per device:
 *     ZGC_A_IFINDEX: NLA_U32
 *     ZGC_A_IFNAME: NLA_NUL_STRING
 *     ZGC_A_OVERLAY: NLA_U8, enum zgc_overlay
 *     ZGC_A_PORT: NLA_U16, the UDP port tenant tunnels arrive on
 *     ZGC_A_LOCAL, ZGC_A_ENTRANCES, ZGC_A_TTL, ZGC_A_DF: the underlay
 *       settings (see "The underlay" below); ZGC_A_LOCAL only when set
 *     ZGC_A_STATS: NLA_NESTED, the device's drop counters since it was
 *       created, each NLA_U64 (ZGC_STATS_PAD pads them):
 *       ZGC_STATS_RX_TRUNCATED: a tunnel packet too short for its outer
 *         header, its Geneve options or the inner Ethernet header
 *       ZGC_STATS_RX_BAD_HEADER: Geneve version not 0, Geneve option
 *         lengths that do not add up, VXLAN without the I flag; an
 *         invalid neighbour solicitation (RFC 4861, 7.1.1); an inner IPv4
 *         header shorter than 20 bytes, IPv6 extension headers that do
 *         not parse, an IPv4-mapped address in an IPv6 header
 *       ZGC_STATS_RX_CRITICAL_OPTION: a Geneve option with the critical
 *         bit that zgc does not know (RFC 8926, 3.5.1)
 *       ZGC_STATS_RX_BAD_PROTOCOL: a Geneve payload that is not Ethernet
 *       ZGC_STATS_RX_UNKNOWN_VNI: a VNI no tenant is configured for
 *       ZGC_STATS_RX_UNKNOWN_DESTINATION: a tenant frame zgc has no answer
 *         or destination for: not IPv4, IPv6 or ARP, or to an address
 *         that is no endpoint or gateway of the tenant (multicast and
 *         broadcast ones included)
 *       ZGC_STATS_RX_TTL_EXCEEDED: a packet to route between subnets whose
 *         TTL or hop limit ran out (answered with ICMP time exceeded)
 *       ZGC_STATS_TX_NO_ROUTE: a packet or an answer with no underlay
 *         route to its host, or whose host is an address of this node
 *         (the packet would come back to the gateway)
 *       ZGC_STATS_RX_FLOW_TABLE_FULL: a new flow's packet dropped because
 *         the device's flow cache holds ZGC_A_FLOW_MAX flows
 *       ZGC_STATS_RX_FLOW_VNI_LIMIT: the same, because its tenant holds
 *         ZGC_A_FLOW_VNI_MAX flows
 *       ZGC_STATS_RX_NO_MEMORY: a packet dropped for want of memory
 *       ZGC_STATS_RX_ACL_DENY: a packet an ACL rule denied
 *       ZGC_STATS_RX_ACL_REJECT: a packet an ACL rule rejected (answered
 *         with ICMP or ICMPv6 unless rate limited)
 *       ZGC_STATS_RX_FRAG_NEEDED: a packet too big for the underlay route
 *         to its host once encapsulated: IPv4 with DF or through a device
 *         whose ZGC_A_DF is ZGC_DF_SET (answered with ICMP "fragmentation
 *         needed" unless rate limited), IPv6 bigger than that route's MTU
 *         and than 1280 bytes (answered with ICMPv6 "packet too big")
 *       ZGC_STATS_RX_WRONG_ADDRESS: a tunnel packet to an underlay address
 *         the device does not serve: neither an entrance nor its local
 *         address when it has any of them, not unicast otherwise
 *       and counters of what went well (not drops):
 *       ZGC_STATS_FLOW_HIT: packets whose verdict the flow cache held
 *       ZGC_STATS_FLOW_MISS: packets whose verdict had to be computed: a
 *         new flow, or one whose tenant's configuration changed since
 *       ZGC_STATS_FLOW_EXPIRED: flows removed for being idle
 *       and of the DFT (see "The cluster"; Documentation/wire-format.md):
 *       ZGC_STATS_DFT_EXPIRED: DFT entries this FTN removed for being idle
 *       ZGC_STATS_DFT_RX_MALFORMED: a cluster message whose DFT option is
 *         truncated, has lengths that do not add up, an unknown operation
 *         or flag, a verdict zgc does not make (an unknown action or
 *         flag; to forward, a MAC or a host that is not unicast), or a
 *         tenant frame that is no IPv4 or IPv6 flow
 *       ZGC_STATS_DFT_RX_VERSION: a DFT option of a version zgc does not
 *         speak
 *       ZGC_STATS_DFT_RX_STALE_EPOCH: a cluster message of an older epoch
 *         than this node's cluster description
 *       ZGC_STATS_DFT_RX_FUTURE_EPOCH: one of a newer epoch (this node's
 *         description is behind)
 *       ZGC_STATS_DFT_RX_AUTH: with a cluster key, a message without a MAC
 *         or with a wrong one; without, one with a MAC
 *       ZGC_STATS_DFT_RX_REPLAY: with a cluster key, a message whose
 *         sequence number its sender already used
 *       ZGC_STATS_DFT_RX_OTHER_BOOT: with a cluster key, an authentic
 *         message bound to another boot of this node or of its sender
 *         than the one this node knows (sent, or captured, before one of
 *         them restarted); this node then asks the sender which boot it
 *         is at (an unbound PING)
 *       ZGC_STATS_DFT_RX_MISDIRECTED: a message of another cluster, from
 *         a node not in the description, about a chain this node has no
 *         such place in, or that ran out of hops
 *       ZGC_STATS_DFT_TX_TOO_BIG: a cluster message larger than the
 *         cluster network's MTU (logged once per device)
 *       ZGC_STATS_DFT_LOOKUP: cache misses a FWD sent to the DFT
 *       ZGC_STATS_DFT_REPLY: verdicts a FWD received from the DFT
 *       ZGC_STATS_DFT_INSERT: new DFT entries this FTN took through
 *         its chains (not those of a state transfer: they count in
 *         ZGC_STATS_DFT_SYNC_RECEIVED)
 *       ZGC_STATS_DFT_REFRESH: packets of busy flows a FWD sent through
 *         their chain to keep their DFT entries alive
 *       ZGC_STATS_DFT_DELETE: TCP FINs and RSTs a FWD sent through their
 *         chain (or a tail turned into a DELETE) to close the entries
 *       ZGC_STATS_DFT_INSERT_RACED: INSERTs a chain's head answered with
 *         the live entry it held already: FWDs that missed one new flow
 *         at once, a duplicated message, or a reverse flow's entry that
 *         was there already
 *       ZGC_STATS_DFT_PROBE: membership PINGs this node sent (one per
 *         probe period)
 *       ZGC_STATS_DFT_PROBE_INDIRECT: PING_REQs it sent, asking other
 *         nodes to probe a node that did not answer its PING
 *       ZGC_STATS_DFT_PROBE_FAILED: probe periods that ended with no ACK
 *         (the node probed became suspect, unless it was already)
 *       ZGC_STATS_DFT_REFUTED: rumours of this node's suspicion or death
 *         it refuted with a new incarnation
 *       ZGC_STATS_DFT_NODE_DEAD: nodes this node came to believe dead
 *       ZGC_STATS_DFT_CHAIN_DOWN: DFT messages not sent because every
 *         replica of their chain is believed dead
 *       ZGC_STATS_DFT_NO_LEASE: answers this node did not give as a tail
 *         because no other node acknowledged its probes for too long
 *         (its lease)
 *       ZGC_STATS_DFT_SUSPECT: nodes this node came to suspect (its own
 *         probe failed, or it heard of the suspicion)
 *       ZGC_STATS_DFT_CHAIN_REPAIRED: chains whose live nodes changed in
 *         this node's eyes (a node of it declared dead, or alive again):
 *         one count per chain per change
 *       ZGC_STATS_DFT_RX_OTHER_VIEW: DFT messages refused because their
 *         sender saw the chain with other nodes dead or syncing than this
 *         node does (the membership had not settled yet)
 *       ZGC_STATS_DFT_SYNC_SENT: DFT entries this node sent, as a tail,
 *         to nodes syncing its chains
 *       ZGC_STATS_DFT_SYNC_RECEIVED: DFT entries this node received while
 *         syncing
 *       ZGC_STATS_DFT_SYNCED: chains this node finished syncing
 *       ZGC_STATS_DFT_MIGRATED: DFT entries this node, as the tail of a
 *         flow's old chain, handed to its new chain (DFT_F_MIGRATE)
 *       ZGC_STATS_RX_FRAG_NO_FIRST: a fragment other than the first of a
 *         packet whose first fragment was not seen within 10 s before it
 *         (fragments take the first one's verdict)
 *       ZGC_STATS_RX_SPOOFED: a tenant packet whose inner source address
 *         is no endpoint of its tenant on the host it came from (its
 *         outer source), unless the tenant takes any source
 *         (ZGC_TENANT_A_ANY_SOURCE)
 *       ZGC_STATS_RX_FLOW_RATE_LIMITED: a new flow's packet dropped
 *         because its tenant started ZGC_TENANT_A_FLOW_RATE new flows in
 *         the last second
 *       ZGC_STATS_RX_NO_BACKEND: a new flow's packet to a service none
 *         of whose backends is up (declared down, no endpoint any more,
 *         or on a host declared down)
 *       ZGC_STATS_RX_UNREACHABLE: a packet answered with ICMP "host
 *         unreachable" (ZGC_FLOW_UNREACHABLE)
 *       ZGC_STATS_PROVIDER_RX: packets the node routed into the device
 *         from the provider network, to a public VIP, taken as flows
 *         (ZGC_A_PROVIDER)
 *       ZGC_STATS_PROVIDER_TX: replies to external clients the device
 *         handed, rewritten, to the node's routing (ZGC_FLOW_ROUTE)
 *       ZGC_STATS_PROVIDER_NO_SERVICE: a packet routed into a
 *         provider-facing device that is no TCP or UDP packet to a public
 *         VIP and port of a service
 *       ZGC_STATS_PROVIDER_NO_ROUTE: a reply to an external client the
 *         node has no unicast route to (or only one back into a zgc
 *         device), or whose TTL or hop limit ran out
 *     ZGC_A_FLOWS: NLA_U32, how many flows the flow cache holds
 *     ZGC_A_DFT_ENTRIES: NLA_U32, how many DFT entries the device holds
 *       as an FTN
 *     ZGC_A_FLOW_TIMEOUT: NLA_U32, seconds a flow may be idle before it is
 *       removed (default 300); a TCP flow that saw FIN or RST lives at
 *       most 10 s after its last packet
 *     ZGC_A_FLOW_MAX: NLA_U32, the most flows the cache may hold
 *       (default 1048576); a new flow past it is dropped
 *     ZGC_A_FLOW_VNI_MAX: NLA_U32, the most flows of one tenant (default
 *       262144); a new flow past it is dropped
 *     ZGC_A_PROVIDER: NLA_U8, 1 when the device is provider-facing (see
 *       "The provider network" below)
 *     Counters a newer kernel adds appear as new ZGC_STATS_* attributes.
 *
 * While a device is up it owns a UDP socket on its port in its namespace
 * (all local addresses): tenant tunnels arrive there. Bringing it up fails
 * with -EADDRINUSE when another socket holds the port.
 *
 * The underlay
 *   ZGC_A_LOCAL: NLA_BE32, the node's own underlay address (0.0.0.0:
 *     none, the default)
 *   ZGC_A_ENTRANCES: NLA_NESTED, up to ZGC_ENTRANCES_MAX attributes
 *     ZGC_ENTRANCE_A_ADDR4: NLA_BE32, a gateway address compute hosts
 *       tunnel to; several gateway nodes may share it behind underlay
 *       ECMP. An empty nest: no entrance (the default).
 *   ZGC_A_TTL: NLA_U8, the outer TTL; 0 (the default): the route's hop
 *     limit (net.ipv4.ip_default_ttl unless the route says otherwise)
 *   ZGC_A_DF: NLA_U8, enum zgc_df, the outer DF bit (default ZGC_DF_UNSET)
 *   A device with entrances or a local address takes tenant tunnels only
 *   to those addresses; one with neither, to any unicast address of its
 *   namespace. ARP replies and ICMP errors leave from the address the
 *   packet they answer was sent to; forwarded packets too on a device
 *   with entrances or a local address, so that hosts which all tunnel to
 *   one entrance get everything from it (a stock Geneve device takes
 *   packets only from its remote); on a device with neither, from the
 *   address the route to the destination host prefers. The addresses
 *   need not be configured in the namespace when they are set.
 *
 * ZGC_CMD_SUBNET_ADD, ZGC_CMD_SUBNET_DEL (need CAP_NET_ADMIN)
 *   A tenant network (VNI) exists while it has subnets, IPv4 or IPv6. A
 *   subnet is known by its gateway: zgc answers the ARP requests (IPv4)
 *   and neighbour solicitations (IPv6) of the tenant's instances for the
 *   gateway's address with the gateway's MAC, encapsulated back to the
 *   host that asked. The same addresses in two VNIs never mix.
 *   Request:
 *     ZGC_A_IFINDEX or ZGC_A_IFNAME, as above
 *     ZGC_A_SUBNET: NLA_NESTED
 *       ZGC_SUBNET_A_VNI: NLA_U32, 0..0xffffff
 *       ZGC_SUBNET_A_GW4: NLA_BE32, the gateway's IPv4 address, or
 *       ZGC_SUBNET_A_GW6: 16 bytes, its IPv6 address (one of the two)
 *       ZGC_SUBNET_A_PREFIXLEN: NLA_U8, 1..30 for IPv4, 1..127 for IPv6
 *         (ADD only); an IPv6 subnet may not overlap ::ffff:0:0/96
 *       ZGC_SUBNET_A_MAC: 6 bytes, the gateway's unicast MAC (ADD only)
 *   ADD fails with -EEXIST when the VNI already has that gateway, with
 *   -ENOSPC past ZGC_SUBNETS_MAX subnets per device; DEL with -ENOENT.
 *
 * ZGC_CMD_SUBNET_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME.
 *   Reply, one message per subnet: ZGC_A_IFINDEX, ZGC_A_SUBNET (VNI, GW4
 *   or GW6, PREFIXLEN, MAC). Flagged NLM_F_DUMP_INTR when subnets changed meanwhile.
 *
 * ZGC_CMD_ENDPOINT_ADD, ZGC_CMD_ENDPOINT_DEL (need CAP_NET_ADMIN)
 *   An endpoint is a tenant instance: its IPv4 or IPv6 address in one of
 *   the tenant's subnets, its MAC, and the underlay address of the compute
 *   host it runs on (an instance with both families is two endpoints).
 *   zgc answers ARP requests and neighbour solicitations for it (from its
 *   subnet) and forwards the tenant's packets to it: re-encapsulated to
 *   its host, destination MAC rewritten; between subnets also the source
 *   MAC (the gateway's) and the TTL or hop limit (decremented).
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, then one or more (a batch,
 *   applied in order up to the first failure, which the extended ACK
 *   points at):
 *     ZGC_A_ENDPOINT: NLA_NESTED
 *       ZGC_ENDPOINT_A_VNI: NLA_U32, 0..0xffffff
 *       ZGC_ENDPOINT_A_IP4: NLA_BE32, or
 *       ZGC_ENDPOINT_A_IP6: 16 bytes (one of the two)
 *       ZGC_ENDPOINT_A_MAC: 6 bytes, unicast (ADD only)
 *       ZGC_ENDPOINT_A_HOST4: NLA_BE32, the host's underlay address
 *         (ADD only)
 *   ADD of an address the VNI already has moves that endpoint to the
 *   host and MAC given (an instance migrated: the flows to it are decided
 *   again at their next packet, not when they expire), and fails with
 *   -EEXIST when they are its own already. ADD fails with -EINVAL
 *   when no subnet of the VNI holds the address, or it is a VIP, with
 *   -ENOSPC past ZGC_ENDPOINTS_MAX per device; DEL with -ENOENT. A subnet that has endpoints cannot be
 *   deleted (-EBUSY).
 *
 * ZGC_CMD_ENDPOINT_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME, and optionally
 *     ZGC_A_ENDPOINT: NLA_NESTED, with ZGC_ENDPOINT_A_VNI only: the
 *       endpoints of that tenant alone (-EINVAL for any other attribute)
 *   Reply, one message per endpoint: ZGC_A_IFINDEX, ZGC_A_ENDPOINT (VNI,
 *   IP4 or IP6, MAC, HOST4). Flagged NLM_F_DUMP_INTR when endpoints changed.
 *
 * ZGC_CMD_DEV_SET (needs CAP_NET_ADMIN in the namespace)
 *   Request:
 *     ZGC_A_IFINDEX or ZGC_A_IFNAME, as above
 *     ZGC_A_OVERLAY: NLA_U8, optional, enum zgc_overlay
 *     ZGC_A_PORT: NLA_U16, optional, 1..65535
 *     ZGC_A_LOCAL: NLA_BE32, optional, a unicast address or 0.0.0.0
 *     ZGC_A_ENTRANCES: NLA_NESTED, optional, replaces the entrances:
 *       distinct unicast addresses, none twice
 *     ZGC_A_TTL: NLA_U8, optional
 *     ZGC_A_DF: NLA_U8, optional, enum zgc_df
 *     ZGC_A_FLOW_TIMEOUT: NLA_U32, optional, 1..86400 seconds
 *     ZGC_A_FLOW_MAX: NLA_U32, optional, 1..ZGC_FLOWS_MAX
 *     ZGC_A_FLOW_VNI_MAX: NLA_U32, optional, 1..ZGC_FLOWS_MAX
 *     ZGC_A_PROVIDER: NLA_U8, optional, 0 or 1: provider-facing or not
 *   Changing the overlay without giving a port sets the port to the
 *   overlay's IANA port (6081 Geneve, 4789 VXLAN). Overlay, port and the
 *   underlay settings change only while the device is down (-EBUSY
 *   otherwise); the flow settings and ZGC_A_PROVIDER at any time (lowered limits keep the
 *   flows already cached).
 *
 * ZGC_CMD_FLOW_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   The flow cache: the verdict of every flow the device forwarded, keyed
 *   by tenant and inner 5-tuple (ports 0 for protocols other than TCP
 *   and UDP; a fragmented packet's are its first fragment's). Not listed:
 *   the entries that keep a first fragment's verdict for the packet's
 *   other fragments, 10 s (they count against the limits).
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME, and optionally
 *     ZGC_A_FLOW: NLA_NESTED selecting flows, holding one or both of
 *       ZGC_FLOW_A_VNI: NLA_U32, only that tenant's
 *       ZGC_FLOW_A_CHAIN: NLA_U32, at least 1, only those whose verdict
 *         comes from that DFT chain
 *   Reply, one message per flow: ZGC_A_IFINDEX and
 *     ZGC_A_FLOW: NLA_NESTED
 *       ZGC_FLOW_A_VNI: NLA_U32
 *       ZGC_FLOW_A_PROTO: NLA_U8, the IP protocol
 *       ZGC_FLOW_A_SRC4, ZGC_FLOW_A_DST4: NLA_BE32, inner addresses of an
 *         IPv4 flow, or
 *       ZGC_FLOW_A_SRC6, ZGC_FLOW_A_DST6: 16 bytes, those of an IPv6 flow
 *       ZGC_FLOW_A_SPORT, ZGC_FLOW_A_DPORT: NLA_BE16
 *       ZGC_FLOW_A_ACTION: NLA_U8, enum zgc_flow_action
 *       ZGC_FLOW_A_FLAGS: NLA_U32, ZGC_FLOW_F_*: the verdict's, and the
 *         entry's state (ZGC_FLOW_F_CLOSING, ZGC_FLOW_F_STALE,
 *         ZGC_FLOW_F_MOVED)
 *       ZGC_FLOW_A_HOST4: NLA_BE32, ZGC_FLOW_FORWARD: the host it goes to
 *       ZGC_FLOW_A_MAC: 6 bytes, ZGC_FLOW_FORWARD: the new destination MAC
 *       ZGC_FLOW_A_IDLE_MS: NLA_U32, milliseconds since its last packet
 *       ZGC_FLOW_A_CHAIN: NLA_U32, the DFT chain the verdict came from;
 *         only for flows decided by the DFT
 *       ZGC_FLOW_A_VERSION: NLA_U64, the version of that DFT entry
 *         (ZGC_FLOW_A_PAD pads it); only with ZGC_FLOW_A_CHAIN
 *       ZGC_FLOW_A_CONFIG_VERSION: NLA_U32, the tenant's configuration
 *         version (ZGC_TENANT_A_CONFIG_VERSION) the verdict was decided
 *         under, by this node or another
 *       ZGC_FLOW_A_NAT4 or ZGC_FLOW_A_NAT6, and ZGC_FLOW_A_NAT_PORT
 *         (NLA_BE16): with ZGC_FLOW_F_DNAT the backend the packets go to,
 *         with ZGC_FLOW_F_SNAT the VIP they come from
 *   A flow present during the whole dump is reported exactly once. When
 *   the cache is resized meanwhile the dump is flagged NLM_F_DUMP_INTR
 *   and should be retried.
 *
 * ZGC_CMD_DFT_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   The DFT entries the device holds as an FTN, for every chain it is a
 *   replica of. Request and reply as ZGC_CMD_FLOW_GET; every entry has
 *   ZGC_FLOW_A_CHAIN and ZGC_FLOW_A_VERSION, and ZGC_FLOW_A_IDLE_MS counts
 *   from its last insert, update or refresh.
 *
 * ZGC_CMD_FLOW_FLUSH (needs CAP_NET_ADMIN)
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and optionally ZGC_A_FLOW
 *   selecting flows as for ZGC_CMD_FLOW_GET: forget the cached flows (the
 *   selected ones); the next packet of each computes its verdict again,
 *   or fetches it from the DFT.
 *
 * ZGC_CMD_ACL_ADD, ZGC_CMD_ACL_DEL (need CAP_NET_ADMIN)
 *   A tenant's ACL is an ordered list of rules, checked by ascending
 *   priority on a flow's first packet; the first rule that matches
 *   decides, and a flow no rule matches is allowed. Its verdict is cached
 *   with the flow; a change of the ACL makes the tenant's cached verdicts
 *   stale. A tenant (a VNI with subnets) must exist; removing its last
 *   subnet removes its ACL.
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, then one or more (a batch,
 *   applied in order up to the first failure):
 *     ZGC_A_ACL: NLA_NESTED
 *       ZGC_ACL_A_VNI: NLA_U32, the tenant
 *       ZGC_ACL_A_PRIO: NLA_U32, the rule's place, unique in the tenant
 *       (ADD only, all optional but ZGC_ACL_A_ACTION:)
 *       ZGC_ACL_A_SRC4, ZGC_ACL_A_DST4: NLA_BE32, inner source and
 *         destination prefixes (IPv4), or
 *       ZGC_ACL_A_SRC6, ZGC_ACL_A_DST6: 16 bytes, the same in IPv6, with
 *       ZGC_ACL_A_SRC_PLEN, ZGC_ACL_A_DST_PLEN: NLA_U8, 0..32 for IPv4,
 *         0..128 for IPv6 (default: the whole address). An address
 *         must have no bit past its length. A rule with a prefix matches
 *         only flows of the prefix's family (0.0.0.0/0: every IPv4
 *         address, ::/0 every IPv6 one), and its other prefix, if given,
 *         is of the same family; when missing, it is that family's whole
 *         space (and dumped as such). A rule with neither matches flows
 *         of both families; dumps carry only the lengths, 0.
 *       ZGC_ACL_A_PROTO: NLA_U8, the IP protocol (default 0: any)
 *       ZGC_ACL_A_DPORT_MIN, ZGC_ACL_A_DPORT_MAX: NLA_U16, destination
 *         port range, only with TCP or UDP (default: any port)
 *       ZGC_ACL_A_ACTION: NLA_U8, enum zgc_acl_action
 *   ADD fails with -EEXIST for a priority the tenant has, -ENOENT when
 *   there is no tenant, -ENOSPC past ZGC_ACL_RULES_MAX rules per tenant;
 *   DEL with -ENOENT.
 *
 * ZGC_CMD_ACL_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME.
 *   Reply, one message per rule: ZGC_A_IFINDEX and ZGC_A_ACL with every
 *   attribute (a tenant's rules by priority). Flagged NLM_F_DUMP_INTR when the
 *   tenants changed.
 *
 * ZGC_CMD_TENANT_SET (needs CAP_NET_ADMIN)
 *   A tenant's settings. A tenant (a VNI with subnets) must exist
 *   (-ENOENT); removing its last subnet forgets them.
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and
 *     ZGC_A_TENANT: NLA_NESTED
 *       ZGC_TENANT_A_VNI: NLA_U32, the tenant
 *       ZGC_TENANT_A_ANY_SOURCE: NLA_U8, optional, 0 or 1. 0 (the
 *         default): a packet of the tenant is forwarded only if its inner
 *         source address is an endpoint of the tenant whose host is the
 *         packet's outer source; others are dropped and counted
 *         (ZGC_STATS_RX_SPOOFED), so that no instance and no host of the
 *         underlay sends in another's name. 1: any source, for instances
 *         that own addresses no endpoint lists (ACL source rules then
 *         trust the tenant's hosts).
 *       ZGC_TENANT_A_FLOW_RATE: NLA_U32, optional, the new flows a second
 *         the device starts for the tenant (its flow cache misses: the
 *         verdicts it decides or asks the DFT for), in bursts of up to a
 *         second's worth; past it a new flow's packet is dropped and
 *         counted (ZGC_STATS_RX_FLOW_RATE_LIMITED), so that one tenant's
 *         flood of new flows cannot take the gateway from the others.
 *         0 (the default): no limit. Each FWD of a cluster limits its own.
 *       ZGC_TENANT_A_CONFIG_VERSION: NLA_U32, optional, the version of the
 *         tenant's configuration (its subnets, endpoints and ACLs) on this
 *         device, which the operator's tooling raises with each change
 *         and sets alike on every node of a cluster for the same
 *         configuration (0 by default). Every verdict says the version it
 *         was decided under (ZGC_FLOW_A_CONFIG_VERSION), so that nodes can
 *         tell an older one, which is decided again: in a rolling change
 *         a chain's head decides a flow's verdict of an older version
 *         again when the flow refreshes it, a tail does not answer one
 *         but decides it again, and a FWD refreshes a cached one every
 *         100 ms rather than every sixth of the flow timeout.
 *
 * ZGC_CMD_TENANT_GET (needs CAP_NET_ADMIN)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME.
 *   Reply, one message per tenant: ZGC_A_IFINDEX and ZGC_A_TENANT with
 *   ZGC_TENANT_A_VNI, ZGC_TENANT_A_ANY_SOURCE, ZGC_TENANT_A_FLOW_RATE and
 *   ZGC_TENANT_A_CONFIG_VERSION.
 *   Flagged NLM_F_DUMP_INTR when the tenants changed.
 *
 * Services (scaled endpoints)
 *   A service is a virtual IP address, port and protocol (TCP or UDP) of
 *   a tenant served by backends: endpoints of the tenant (same family as
 *   the VIP), each with a port and a weight. A new flow to the VIP gets
 *   one live backend, chosen by a weighted Maglev table of the live
 *   backends (every node builds the same one), so that a backend added or
 *   removed moves few new flows; the verdict (ZGC_FLOW_F_DNAT) rewrites
 *   the packets' destination to the backend, and the reverse flow's
 *   (ZGC_FLOW_F_SNAT) the replies' source back to the VIP. A flow keeps
 *   its backend for its life while the backend is listed and not down,
 *   whatever else changes. zgc answers ARP and neighbour solicitations
 *   for a VIP that one of the tenant's subnets holds, with that subnet's
 *   gateway MAC.
 *
 * ZGC_CMD_SERVICE_ADD, ZGC_CMD_SERVICE_SET, ZGC_CMD_SERVICE_DEL (need
 * CAP_NET_ADMIN)
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and
 *     ZGC_A_SERVICE: NLA_NESTED
 *       ZGC_SERVICE_A_VNI: NLA_U32, 0..0xffffff, a tenant of the device
 *       ZGC_SERVICE_A_VIP4: NLA_BE32, or ZGC_SERVICE_A_VIP6: 16 bytes,
 *         unicast, not an endpoint of the tenant
 *       ZGC_SERVICE_A_PORT: NLA_U16, 1..65535
 *       ZGC_SERVICE_A_PROTO: NLA_U8, IPPROTO_TCP or IPPROTO_UDP
 *       ZGC_SERVICE_A_PUBLIC: NLA_FLAG, optional: the VIP is an address
 *         of the provider network, reached by external clients through
 *         provider-facing devices (see "The provider network"), not by
 *         the tenant's instances: it is in none of the tenant's subnets
 *         (-EINVAL), no other tenant's public VIP (-EADDRINUSE), and
 *         not answered by ARP or ND. ADD only; SET keeps it (-EINVAL if
 *         it differs). Part of the service's identity, as its VIP is.
 *       ZGC_SERVICE_A_BACKEND: NLA_NESTED, 1 to ZGC_SERVICE_BACKENDS_MAX
 *         of them (ADD and SET only), each distinct:
 *         ZGC_BACKEND_A_IP4: NLA_BE32, or ZGC_BACKEND_A_IP6: 16 bytes, an
 *           endpoint of the tenant
 *         ZGC_BACKEND_A_PORT: NLA_U16, optional, 1..65535 (default: the
 *           service's port)
 *         ZGC_BACKEND_A_WEIGHT: NLA_U16, optional,
 *           1..ZGC_BACKEND_WEIGHT_MAX (default 1)
 *         ZGC_BACKEND_A_DOWN: NLA_FLAG, optional: declared down, it takes
 *           no new flow and the flows it had are decided again
 *   ADD makes a service (-EEXIST if it exists, -ENOSPC past
 *   ZGC_SERVICES_MAX per device); SET replaces the backends of one
 *   (-ENOENT if none): flows keep the backends that stay up, and the
 *   counters of a backend that stays carry on. DEL removes one (-ENOENT).
 *
 * ZGC_CMD_SERVICE_GET (needs CAP_NET_ADMIN)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME.
 *   Reply, one message per service: ZGC_A_IFINDEX and ZGC_A_SERVICE as
 *   above, each backend with, besides its settings:
 *     ZGC_BACKEND_A_FLOWS: NLA_U64, the flows this node gave it (a tail's
 *       decisions, or a FWD's without a cluster)
 *     ZGC_BACKEND_A_PACKETS: NLA_U64, the packets this node sent it
 *     ZGC_BACKEND_A_REPLIES: NLA_U64, the packets from it this node sent
 *       on to the clients (as from the VIP)
 *   (ZGC_BACKEND_A_PAD pads them.) Flagged NLM_F_DUMP_INTR when the
 *   services changed.
 *
 * The provider network (SDD 4.1.2.1.2)
 *   A provider-facing device (ZGC_A_PROVIDER, IFLA_ZGC_PROVIDER) takes the
 *   IPv4 and IPv6 packets its node routes into it (the node routes a
 *   public VIP to the device: `ip route add VIP dev zgc0`, with IP
 *   forwarding on) as flows of the tenant whose public service the VIP
 *   is: decided like any flow (through the DFT on a FWD of a cluster),
 *   their destination rewritten to a backend and tunnelled to its host.
 *   Their source must be outside the tenant's subnets (else
 *   ZGC_STATS_RX_SPOOFED). The verdict of the backend's replies is
 *   ZGC_FLOW_ROUTE: whichever FWD they reach (provider-facing or not)
 *   rewrites their source back to the public VIP and routes them with
 *   its node's routing table, as the node's own packets, to the client.
 *   A device that is not provider-facing drops what is routed into it
 *   (tx_dropped), as every zgc device did before.
 *   No ICMP error goes to an external client from zgc; the node's own
 *   IP forwarding answers for the TTL and for the device's MTU (set it
 *   to the tenants' MTU so that path MTU discovery works).
 *
 * ZGC_CMD_HOST_SET (needs CAP_NET_ADMIN)
 *   A compute host declared down (or up again): the flows to the
 *   endpoints on it are decided again at their next packet, and get
 *   ZGC_FLOW_UNREACHABLE (their senders an ICMP "host unreachable" from
 *   the gateway at once, rather than a black hole); a service's flows to
 *   backends on it move to other backends. Flows of other destinations
 *   are decided again too, and keep their verdicts.
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and
 *     ZGC_A_HOST: NLA_NESTED
 *       ZGC_HOST_A_ADDR4: NLA_BE32, the host's underlay address, unicast
 *       ZGC_HOST_A_DOWN: NLA_U8, 1 (down) or 0 (up)
 *   Fails with -ENOSPC past ZGC_HOSTS_DOWN_MAX hosts down per device.
 *
 * ZGC_CMD_HOST_GET (needs CAP_NET_ADMIN)
 *   Request (NLM_F_DUMP): ZGC_A_IFINDEX or ZGC_A_IFNAME.
 *   Reply, one message per host declared down: ZGC_A_IFINDEX and ZGC_A_HOST
 *   with ZGC_HOST_A_ADDR4 and ZGC_HOST_A_DOWN (1).
 *
 * The cluster
 *   A zgc device is a node of a Zeta gateway cluster: a FWD (it forwards
 *   tenant traffic and caches verdicts), an FTN (it holds part of the
 *   distributed flow table, the DFT), or both. Flows are partitioned over
 *   replication chains of FTNs (head first, tail last) by a Maglev
 *   consistent-hash table. Every node is given the same description of
 *   the cluster (zgcctl cluster apply FILE, on each) and derives the same
 *   flow -> chain map from it.
 *
 * ZGC_CMD_CLUSTER_SET (needs CAP_NET_ADMIN)
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and
 *     ZGC_A_CLUSTER: NLA_NESTED
 *       ZGC_CLUSTER_A_ID: NLA_U32, the cluster's id, not 0
 *       ZGC_CLUSTER_A_EPOCH: NLA_U64, the description's version. One
 *         older than the device's is refused (-ESTALE); the device's own
 *         epoch must come with the description it has (re-applying it
 *         changes nothing; -EEXIST for another one).
 *       ZGC_CLUSTER_A_SELF: NLA_U32, the id of the node this device is
 *       ZGC_CLUSTER_A_TABLE_SIZE: NLA_U32, slots of the consistent-hash
 *         table: a prime, 2 to 65521 (default 307)
 *       ZGC_CLUSTER_A_KEY: 16 bytes, the SipHash key of cluster messages:
 *         each carries a MAC under it and a sequence number no receiver
 *         accepts twice. A description has it, or says
 *       ZGC_CLUSTER_A_INSECURE: NLA_FLAG, that the cluster runs without a
 *         key: its messages are not authenticated, and any host that can
 *         send from a node's address on the cluster network can answer
 *         and insert verdicts (forward tenant traffic anywhere), declare
 *         nodes dead, and replay what it captured. Refused with a key.
 *       ZGC_CLUSTER_A_NODE: NLA_NESTED, once per node (1 to
 *         ZGC_CLUSTER_NODES_MAX):
 *         ZGC_NODE_A_ID: NLA_U32, unique, not 0
 *         ZGC_NODE_A_ADDR4: NLA_BE32, its unique unicast address on the
 *           cluster network
 *         ZGC_NODE_A_ROLES: NLA_U32, ZGC_ROLE_FWD | ZGC_ROLE_FTN, not 0
 *       ZGC_CLUSTER_A_PROBE_MS: NLA_U32, the membership's probe period,
 *         10 to 60000 ms (default 50): each node probes one other node
 *         per period
 *       ZGC_CLUSTER_A_SUSPECT_MS: NLA_U32, how long a suspicion lasts
 *         before the node is declared dead, PROBE_MS to 600 times
 *         PROBE_MS (default 150). A node detects a death within about
 *         PROBE_MS + SUSPECT_MS; a tail answers only within SUSPECT_MS
 *         - PROBE_MS / 2 of the last ACK another node gave its probes
 *       ZGC_CLUSTER_A_CHAIN: NLA_NESTED, once per chain (1 to
 *         ZGC_CLUSTER_CHAINS_MAX):
 *         ZGC_CHAIN_A_ID: NLA_U32, unique, not 0 (a flow of chain 0 is
 *           one decided by a node alone, not in the DFT)
 *         ZGC_CHAIN_A_NODE: NLA_U32, once per replica, head first, tail
 *           last: 2 to ZGC_CHAIN_NODES_MAX distinct FTNs
 *     ZGC_A_JOIN: NLA_FLAG, for a device's first description: the node
 *       is new to a cluster already running, which a rolling apply
 *       brings it into. It syncs every chain the description places it
 *       in (ZGC_NODE_SYNCING) before it serves them, once it has heard
 *       every node it does not believe dead on this epoch (the roll has
 *       ended). Without it a first description is the cluster's first,
 *       and the node serves its chains at once. A chain none of whose
 *       other nodes serves (one new to the cluster) is synced after
 *       SUSPECT_MS, with nothing to take. Ignored when the device has a
 *       description: a newer one has the node sync the chains it places
 *       it in anew.
 *   A node may be in several chains; the node SELF must be listed. A
 *   description whose ZGC_A_CLUSTER in a ZGC_CMD_CLUSTER_GET reply would
 *   exceed 65535 bytes (nla_len) is refused with -EMSGSIZE.
 *
 * ZGC_CMD_CLUSTER_GET (needs CAP_NET_ADMIN: tenants' addresses)
 *   Request (doit): ZGC_A_IFINDEX or ZGC_A_IFNAME. -ENOENT when the
 *   device has no cluster description.
 *   Reply: ZGC_A_IFINDEX and ZGC_A_CLUSTER as set, without
 *   ZGC_CLUSTER_A_KEY, plus
 *       ZGC_CLUSTER_A_AUTH: NLA_U8, 1 when messages are authenticated
 *       ZGC_CLUSTER_A_MAP_DIGEST: NLA_U32, a hash of the flow -> chain
 *         table: the same on every node given the same chains and size
 *       ZGC_CLUSTER_A_PROBE_MS, ZGC_CLUSTER_A_SUSPECT_MS: as set, or
 *         their defaults
 *       ZGC_CLUSTER_A_BOOT: NLA_U32, this node's boot number: drawn at
 *         random when the device took its first description, kept by
 *         the next ones; the cluster's messages to it are bound to it
 *         (Documentation/wire-format.md)
 *       ZGC_CLUSTER_A_ROLLING_FROM: NLA_U64, while a rolling apply goes
 *         on as this node sees it: the epoch of the description this one
 *         replaced, which the transactions this node starts still go by
 *         until it has heard every node it does not believe dead on this
 *         epoch. It takes part in those of both epochs meanwhile, and
 *         messages of the previous epoch go by that epoch's chains and
 *         table (checked with this description's key). State transfers
 *         go by a node's own epoch only.
 *     and in each ZGC_CLUSTER_A_CHAIN
 *         ZGC_CHAIN_A_SLOTS: NLA_U32, how many slots of the table it has
 *   and, after ZGC_A_CLUSTER, one ZGC_A_MEMBER per node, in the order of
 *   the nodes: what this node believes of it (the membership, found by
 *   the nodes probing each other over the cluster network)
 *     ZGC_A_MEMBER: NLA_NESTED
 *       ZGC_MEMBER_A_NODE: NLA_U32, the node's id
 *       ZGC_MEMBER_A_STATE: NLA_U8, enum zgc_node_state (this node itself
 *         is ZGC_NODE_ALIVE, ZGC_NODE_SYNCING or ZGC_NODE_DRAINING)
 *       ZGC_MEMBER_A_INCARNATION: NLA_U32, the node's incarnation the
 *         belief is about; a node raises its own to refute a rumour
 *       ZGC_MEMBER_A_SINCE_MS: NLA_U64, how long the node has been in
 *         that state, in ms
 *   A chain routes around the nodes this node believes dead or
 *   draining: its head is its first node neither dead, draining nor
 *   syncing, its tail its last; syncing nodes come after the tail, in
 *   order, and the last of them answers.
 *
 * ZGC_CMD_CLUSTER_DRAIN (needs CAP_NET_ADMIN)
 *   Request: ZGC_A_IFINDEX or ZGC_A_IFNAME, and
 *     ZGC_A_DRAIN: NLA_U8, 1 to drain this node, 0 to bring it back
 *   Draining takes this node out of its chains for maintenance: it tells
 *   the others (as its membership news, under a new incarnation) that it
 *   is ZGC_NODE_DRAINING, and every node routes the chains around it as
 *   if it were dead, while it still probes and answers probes. Nothing
 *   needs handing over: the other replicas of each chain hold every
 *   update. Once the others show it draining (ZGC_CMD_CLUSTER_GET on
 *   them, or their ZGC_CMD_MEMBER_NTF), it can be stopped, its module
 *   replaced, and the description applied again: a new device syncs its
 *   chains and takes its places. ZGC_A_DRAIN 0 brings a drained device
 *   back the same way (ZGC_NODE_SYNCING, then ZGC_NODE_ALIVE). Asking for
 *   the state the node is in changes nothing. Errors: -ENOENT, the device
 *   has no cluster; -EINVAL, the node is in no chain; -EBUSY, the node
 *   is syncing, or a chain of it has no other node that serves (alive,
 *   neither syncing nor draining): draining it would leave the chain
 *   unanswered.
 *
 * Events: the multicast group ZGC_GENL_MCGRP_CLUSTER ("cluster")
 * -------------------------------------------------------------
 *
 * A socket that joins the group (NETLINK_ADD_MEMBERSHIP with the group's
 * id from CTRL_CMD_GETFAMILY's CTRL_ATTR_MCAST_GROUPS; -EPERM without
 * CAP_NET_ADMIN in its network namespace) hears the events
 * of the devices of its network namespace. An event is sent when it
 * happens, from the packet path; one that cannot be allocated is lost,
 * and a socket that reads too slowly gets ENOBUFS as with every netlink
 * multicast. Events are sent only while a socket listens.
 *
 * ZGC_CMD_MEMBER_NTF: what a device believes of a node of its cluster
 *   changed (alive, suspect, dead, syncing, draining; enum
 *   zgc_node_state)
 *     ZGC_A_IFINDEX, ZGC_A_IFNAME: the device
 *     ZGC_A_CLUSTER: NLA_NESTED, with ZGC_CLUSTER_A_ID, ZGC_CLUSTER_A_EPOCH
 *       and ZGC_CLUSTER_A_SELF of its description
 *     ZGC_A_MEMBER: NLA_NESTED, as in ZGC_CMD_CLUSTER_GET but for
 *       ZGC_MEMBER_A_SINCE_MS, plus
 *       ZGC_MEMBER_A_ADDR4: NLA_BE32, the node's cluster address
 *       ZGC_MEMBER_A_WAS: NLA_U8, the state it was in before
 *
 * Events: the multicast group ZGC_GENL_MCGRP_CONFIG ("config")
 * -----------------------------------------------------------
 *
 * Joined as "cluster" (-EPERM without CAP_NET_ADMIN in the socket's
 * network namespace), it hears every change of the configuration of
 * the devices of that namespace made through this family, after it was
 * made, from the request's handler (changes through rtnetlink,
 * IFLA_ZGC_*, are its RTM_NEWLINK events).
 *
 * ZGC_CMD_CONFIG_NTF: a request changed a device's configuration
 *     ZGC_A_IFINDEX, ZGC_A_IFNAME: the device
 *     ZGC_A_CHANGE: NLA_U8, the request's command (enum zgc_cmd):
 *       ZGC_CMD_DEV_SET, ZGC_CMD_SUBNET_ADD or _DEL, ZGC_CMD_TENANT_SET,
 *       ZGC_CMD_ENDPOINT_ADD or _DEL, ZGC_CMD_ACL_ADD or _DEL,
 *       ZGC_CMD_SERVICE_ADD, _SET or _DEL, ZGC_CMD_HOST_SET,
 *       ZGC_CMD_FLOW_FLUSH, ZGC_CMD_CLUSTER_SET (only when the
 *       description changed), ZGC_CMD_CLUSTER_DRAIN
 *     then the request's own attributes, as the request had them: what
 *     was applied. Of a batch (ZGC_CMD_ENDPOINT_*, ZGC_CMD_ACL_*) that
 *     failed part way, the objects applied before the one that failed.
 *     Of ZGC_CMD_CLUSTER_SET, not the description (its key is not
 *     told): ZGC_A_CLUSTER with only ZGC_CLUSTER_A_ID, ZGC_CLUSTER_A_EPOCH
 *     and ZGC_CLUSTER_A_SELF of the device's new description. Of a
 *     request of more than 64 KiB of attributes, only ZGC_A_IFINDEX,
 *     ZGC_A_IFNAME, ZGC_A_CHANGE (and that ZGC_A_CLUSTER).
 *
 * rtnetlink link kind "zgc"
 * -------------------------
 *
 * IFLA_INFO_DATA of kind "zgc" holds:
 *   IFLA_ZGC_OVERLAY: NLA_U8, enum zgc_overlay (default ZGC_OVERLAY_GENEVE)
 *   IFLA_ZGC_PORT: NLA_U16, host byte order (default: the overlay's port)
 *   IFLA_ZGC_LOCAL, IFLA_ZGC_ENTRANCES, IFLA_ZGC_TTL, IFLA_ZGC_DF,
 *   IFLA_ZGC_PROVIDER: as ZGC_A_LOCAL, ZGC_A_ENTRANCES, ZGC_A_TTL,
 *     ZGC_A_DF and ZGC_A_PROVIDER
 * The same rules as ZGC_CMD_DEV_SET apply to changelink. A network
 * namespace has at most ZGC_NETNS_DEVS_MAX zgc devices made by a process
 * without CAP_NET_ADMIN in the initial user namespace (-ENOSPC).
 *
 * Memory: what a request makes (endpoints, subnets, ACLs, cluster
 * descriptions) is charged to the memory cgroup of the process that asks;
 * the flows and DFT entries a device's packets make, to the memory cgroup
 * of the process that created the device. Raising ZGC_A_FLOW_MAX or
 * ZGC_A_FLOW_VNI_MAX past its default needs CAP_NET_ADMIN in the initial
 * user namespace (-EPERM).
 */
#ifndef _UAPI_LINUX_ZGC_H
#define _UAPI_LINUX_ZGC_H

#define ZGC_GENL_NAME "zgc"
#define ZGC_GENL_VERSION 1
#define ZGC_GENL_MCGRP_CLUSTER "cluster"
#define ZGC_GENL_MCGRP_CONFIG "config"

#define ZGC_GENEVE_PORT 6081
#define ZGC_VXLAN_PORT 4789

/**
 * enum zgc_overlay - encapsulation of the tenant tunnels a device terminates
 * @ZGC_OVERLAY_GENEVE: Geneve, RFC 8926
 * @ZGC_OVERLAY_VXLAN: VXLAN, RFC 7348
 */
enum zgc_overlay {
	ZGC_OVERLAY_UNSPEC,
	ZGC_OVERLAY_GENEVE,
	ZGC_OVERLAY_VXLAN,
	__ZGC_OVERLAY_MAX
};
#define ZGC_OVERLAY_MAX (__ZGC_OVERLAY_MAX - 1)

/**
 * enum zgc_df - the DF bit of the outer IPv4 header
 * @ZGC_DF_UNSET: never set: the underlay may fragment the tunnel packets
 * @ZGC_DF_SET: always set; a packet too big for the underlay is answered
 *	with ICMP "fragmentation needed" and dropped
 * @ZGC_DF_INHERIT: copied from the inner IPv4 header
 */
enum zgc_df {
	ZGC_DF_UNSET,
	ZGC_DF_SET,
	ZGC_DF_INHERIT,
	__ZGC_DF_MAX
};
#define ZGC_DF_MAX (__ZGC_DF_MAX - 1)

enum zgc_entrance_attr {
	ZGC_ENTRANCE_A_UNSPEC,
	ZGC_ENTRANCE_A_ADDR4,
	__ZGC_ENTRANCE_A_MAX
};
#define ZGC_ENTRANCE_A_MAX (__ZGC_ENTRANCE_A_MAX - 1)

#define ZGC_ENTRANCES_MAX 8

enum zgc_cmd {
	ZGC_CMD_UNSPEC,
	ZGC_CMD_DEV_GET,
	ZGC_CMD_DEV_SET,
	ZGC_CMD_SUBNET_ADD,
	ZGC_CMD_SUBNET_DEL,
	ZGC_CMD_SUBNET_GET,
	ZGC_CMD_ENDPOINT_ADD,
	ZGC_CMD_ENDPOINT_DEL,
	ZGC_CMD_ENDPOINT_GET,
	ZGC_CMD_FLOW_GET,
	ZGC_CMD_FLOW_FLUSH,
	ZGC_CMD_ACL_ADD,
	ZGC_CMD_ACL_DEL,
	ZGC_CMD_ACL_GET,
	ZGC_CMD_CLUSTER_SET,
	ZGC_CMD_CLUSTER_GET,
	ZGC_CMD_DFT_GET,
	ZGC_CMD_MEMBER_NTF,
	ZGC_CMD_CLUSTER_DRAIN,
	ZGC_CMD_TENANT_SET,
	ZGC_CMD_TENANT_GET,
	ZGC_CMD_SERVICE_ADD,
	ZGC_CMD_SERVICE_SET,
	ZGC_CMD_SERVICE_DEL,
	ZGC_CMD_SERVICE_GET,
	ZGC_CMD_HOST_SET,
	ZGC_CMD_HOST_GET,
	ZGC_CMD_CONFIG_NTF,
	__ZGC_CMD_MAX
};
#define ZGC_CMD_MAX (__ZGC_CMD_MAX - 1)

enum zgc_attr {
	ZGC_A_UNSPEC,
	ZGC_A_IFINDEX,
	ZGC_A_IFNAME,
	ZGC_A_OVERLAY,
	ZGC_A_PORT,
	ZGC_A_STATS,
	ZGC_A_SUBNET,
	ZGC_A_ENDPOINT,
	ZGC_A_FLOWS,
	ZGC_A_FLOW_TIMEOUT,
	ZGC_A_FLOW_MAX,
	ZGC_A_FLOW_VNI_MAX,
	ZGC_A_FLOW,
	ZGC_A_ACL,
	ZGC_A_LOCAL,
	ZGC_A_ENTRANCES,
	ZGC_A_TTL,
	ZGC_A_DF,
	ZGC_A_CLUSTER,
	ZGC_A_DFT_ENTRIES,
	ZGC_A_MEMBER,
	ZGC_A_DRAIN,
	ZGC_A_JOIN,
	ZGC_A_TENANT,
	ZGC_A_SERVICE,
	ZGC_A_HOST,
	ZGC_A_PROVIDER,
	ZGC_A_CHANGE,
	__ZGC_A_MAX
};
#define ZGC_A_MAX (__ZGC_A_MAX - 1)

enum zgc_tenant_attr {
	ZGC_TENANT_A_UNSPEC,
	ZGC_TENANT_A_VNI,
	ZGC_TENANT_A_ANY_SOURCE,
	ZGC_TENANT_A_FLOW_RATE,
	ZGC_TENANT_A_CONFIG_VERSION,
	__ZGC_TENANT_A_MAX
};
#define ZGC_TENANT_A_MAX (__ZGC_TENANT_A_MAX - 1)

enum zgc_subnet_attr {
	ZGC_SUBNET_A_UNSPEC,
	ZGC_SUBNET_A_VNI,
	ZGC_SUBNET_A_GW4,
	ZGC_SUBNET_A_PREFIXLEN,
	ZGC_SUBNET_A_MAC,
	ZGC_SUBNET_A_GW6,
	__ZGC_SUBNET_A_MAX
};
#define ZGC_SUBNET_A_MAX (__ZGC_SUBNET_A_MAX - 1)

enum zgc_endpoint_attr {
	ZGC_ENDPOINT_A_UNSPEC,
	ZGC_ENDPOINT_A_VNI,
	ZGC_ENDPOINT_A_IP4,
	ZGC_ENDPOINT_A_MAC,
	ZGC_ENDPOINT_A_HOST4,
	ZGC_ENDPOINT_A_IP6,
	__ZGC_ENDPOINT_A_MAX
};
#define ZGC_ENDPOINT_A_MAX (__ZGC_ENDPOINT_A_MAX - 1)

enum zgc_service_attr {
	ZGC_SERVICE_A_UNSPEC,
	ZGC_SERVICE_A_VNI,
	ZGC_SERVICE_A_VIP4,
	ZGC_SERVICE_A_VIP6,
	ZGC_SERVICE_A_PORT,
	ZGC_SERVICE_A_PROTO,
	ZGC_SERVICE_A_BACKEND,
	ZGC_SERVICE_A_PUBLIC,
	__ZGC_SERVICE_A_MAX
};
#define ZGC_SERVICE_A_MAX (__ZGC_SERVICE_A_MAX - 1)

enum zgc_backend_attr {
	ZGC_BACKEND_A_UNSPEC,
	ZGC_BACKEND_A_IP4,
	ZGC_BACKEND_A_IP6,
	ZGC_BACKEND_A_PORT,
	ZGC_BACKEND_A_WEIGHT,
	ZGC_BACKEND_A_DOWN,
	ZGC_BACKEND_A_FLOWS,
	ZGC_BACKEND_A_PACKETS,
	ZGC_BACKEND_A_REPLIES,
	ZGC_BACKEND_A_PAD,
	__ZGC_BACKEND_A_MAX
};
#define ZGC_BACKEND_A_MAX (__ZGC_BACKEND_A_MAX - 1)

enum zgc_host_attr {
	ZGC_HOST_A_UNSPEC,
	ZGC_HOST_A_ADDR4,
	ZGC_HOST_A_DOWN,
	__ZGC_HOST_A_MAX
};
#define ZGC_HOST_A_MAX (__ZGC_HOST_A_MAX - 1)

#define ZGC_HOSTS_DOWN_MAX 4096
#define ZGC_SERVICES_MAX 4096
#define ZGC_SERVICE_BACKENDS_MAX 64
#define ZGC_BACKEND_WEIGHT_MAX 100

/**
 * enum zgc_flow_action - the verdict of a flow
 * @ZGC_FLOW_FORWARD: encapsulate to the destination's host, destination
 *	MAC rewritten; with ZGC_FLOW_F_ROUTED also the source MAC (the
 *	destination subnet's gateway) and the TTL (decremented)
 * @ZGC_FLOW_DROP: drop (an ACL's deny), counted as ZGC_STATS_RX_ACL_DENY
 * @ZGC_FLOW_REJECT: drop and answer the sender with an ICMP destination
 *	unreachable, "communication administratively prohibited" (an ACL's
 *	reject), counted as ZGC_STATS_RX_ACL_REJECT
 * @ZGC_FLOW_UNREACHABLE: drop and answer the sender with an ICMP "host
 *	unreachable" (ICMPv6 "address unreachable"): the destination is an
 *	address of one of the tenant's subnets that no endpoint has (an
 *	instance removed), or an endpoint on a compute host declared down;
 *	counted as ZGC_STATS_RX_UNREACHABLE
 * @ZGC_FLOW_ROUTE: a public service's reply to an external client: its
 *	source rewritten to the public VIP (ZGC_FLOW_F_SNAT), handed to the
 *	node's IP routing (counted as ZGC_STATS_PROVIDER_TX)
 */
enum zgc_flow_action {
	ZGC_FLOW_UNSPEC,
	ZGC_FLOW_FORWARD,
	ZGC_FLOW_DROP,
	ZGC_FLOW_REJECT,
	ZGC_FLOW_UNREACHABLE,
	ZGC_FLOW_ROUTE,
	__ZGC_FLOW_ACTION_MAX
};

/**
 * enum zgc_acl_action - what an ACL rule does with the flows it matches
 * @ZGC_ACL_ALLOW: forward them
 * @ZGC_ACL_DENY: drop them silently
 * @ZGC_ACL_REJECT: drop them and answer with ICMP "administratively
 *	prohibited", as a firewall's reject does
 */
enum zgc_acl_action {
	ZGC_ACL_UNSPEC,
	ZGC_ACL_ALLOW,
	ZGC_ACL_DENY,
	ZGC_ACL_REJECT,
	__ZGC_ACL_ACTION_MAX
};
#define ZGC_ACL_ACTION_MAX (__ZGC_ACL_ACTION_MAX - 1)

enum zgc_acl_attr {
	ZGC_ACL_A_UNSPEC,
	ZGC_ACL_A_VNI,
	ZGC_ACL_A_PRIO,
	ZGC_ACL_A_SRC4,
	ZGC_ACL_A_SRC_PLEN,
	ZGC_ACL_A_DST4,
	ZGC_ACL_A_DST_PLEN,
	ZGC_ACL_A_PROTO,
	ZGC_ACL_A_DPORT_MIN,
	ZGC_ACL_A_DPORT_MAX,
	ZGC_ACL_A_ACTION,
	ZGC_ACL_A_SRC6,
	ZGC_ACL_A_DST6,
	__ZGC_ACL_A_MAX
};
#define ZGC_ACL_A_MAX (__ZGC_ACL_A_MAX - 1)

#define ZGC_ACL_RULES_MAX 1024

#define ZGC_FLOW_F_ROUTED	(1U << 0)	/* between two subnets */
#define ZGC_FLOW_F_CLOSING	(1U << 1)	/* TCP FIN or RST seen */
/*
 * Decided for an older configuration of its tenant: the flow's next
 * packet (a FWD's) or LOOKUP (a tail's) decides it again. Or a DFT entry
 * the node held before it began to sync its chains (ZGC_NODE_SYNCING),
 * until its chain's state transfer replaces or removes it.
 */
#define ZGC_FLOW_F_STALE	(1U << 2)
/*
 * A DFT entry whose flow maps to another chain now (a new description
 * moved it, or its chain was down or came back): that chain answers for
 * the flow; this entry answers nothing and expires unless its flow comes
 * back to its chain.
 */
#define ZGC_FLOW_F_MOVED	(1U << 3)
/*
 * A service flow: its packets' destination address and port become the
 * backend's (ZGC_FLOW_A_NAT4 or _NAT6, ZGC_FLOW_A_NAT_PORT), checksums
 * fixed.
 */
#define ZGC_FLOW_F_DNAT		(1U << 4)
/* A service's reply flow: its packets' source becomes the VIP and port. */
#define ZGC_FLOW_F_SNAT		(1U << 5)

enum zgc_flow_attr {
	ZGC_FLOW_A_UNSPEC,
	ZGC_FLOW_A_VNI,
	ZGC_FLOW_A_PROTO,
	ZGC_FLOW_A_SRC4,
	ZGC_FLOW_A_DST4,
	ZGC_FLOW_A_SPORT,
	ZGC_FLOW_A_DPORT,
	ZGC_FLOW_A_ACTION,
	ZGC_FLOW_A_FLAGS,
	ZGC_FLOW_A_HOST4,
	ZGC_FLOW_A_MAC,
	ZGC_FLOW_A_IDLE_MS,
	ZGC_FLOW_A_SRC6,
	ZGC_FLOW_A_DST6,
	ZGC_FLOW_A_CHAIN,
	ZGC_FLOW_A_VERSION,
	ZGC_FLOW_A_PAD,
	ZGC_FLOW_A_CONFIG_VERSION,
	ZGC_FLOW_A_NAT4,
	ZGC_FLOW_A_NAT6,
	ZGC_FLOW_A_NAT_PORT,
	__ZGC_FLOW_A_MAX
};
#define ZGC_FLOW_A_MAX (__ZGC_FLOW_A_MAX - 1)

#define ZGC_ROLE_FWD	(1U << 0)	/* forwards tenant traffic */
#define ZGC_ROLE_FTN	(1U << 1)	/* holds part of the DFT */

enum zgc_cluster_attr {
	ZGC_CLUSTER_A_UNSPEC,
	ZGC_CLUSTER_A_PAD,
	ZGC_CLUSTER_A_ID,
	ZGC_CLUSTER_A_EPOCH,
	ZGC_CLUSTER_A_SELF,
	ZGC_CLUSTER_A_TABLE_SIZE,
	ZGC_CLUSTER_A_KEY,
	ZGC_CLUSTER_A_NODE,
	ZGC_CLUSTER_A_CHAIN,
	ZGC_CLUSTER_A_AUTH,
	ZGC_CLUSTER_A_MAP_DIGEST,
	ZGC_CLUSTER_A_PROBE_MS,
	ZGC_CLUSTER_A_SUSPECT_MS,
	ZGC_CLUSTER_A_ROLLING_FROM,
	ZGC_CLUSTER_A_INSECURE,
	ZGC_CLUSTER_A_BOOT,
	__ZGC_CLUSTER_A_MAX
};
#define ZGC_CLUSTER_A_MAX (__ZGC_CLUSTER_A_MAX - 1)

enum zgc_node_attr {
	ZGC_NODE_A_UNSPEC,
	ZGC_NODE_A_ID,
	ZGC_NODE_A_ADDR4,
	ZGC_NODE_A_ROLES,
	__ZGC_NODE_A_MAX
};
#define ZGC_NODE_A_MAX (__ZGC_NODE_A_MAX - 1)

enum zgc_chain_attr {
	ZGC_CHAIN_A_UNSPEC,
	ZGC_CHAIN_A_ID,
	ZGC_CHAIN_A_NODE,
	ZGC_CHAIN_A_SLOTS,
	__ZGC_CHAIN_A_MAX
};
#define ZGC_CHAIN_A_MAX (__ZGC_CHAIN_A_MAX - 1)

/**
 * enum zgc_node_state - what a node believes of another (membership)
 * @ZGC_NODE_ALIVE: it answers probes, or nothing says otherwise yet
 * @ZGC_NODE_SUSPECT: a probe of it failed; dead unless it refutes in time
 * @ZGC_NODE_DEAD: the suspicion was not refuted: chains go around it
 * @ZGC_NODE_SYNCING: alive, back from death (or a restart) and taking
 *	its chains' entries from their tails: it gets every new entry (it
 *	is last in its chains) but answers nothing until it has them all
 * @ZGC_NODE_DRAINING: alive, but taken out of its chains for maintenance
 *	(ZGC_CMD_CLUSTER_DRAIN): chains go around it as if it were dead
 */
enum zgc_node_state {
	ZGC_NODE_ALIVE,
	ZGC_NODE_SUSPECT,
	ZGC_NODE_DEAD,
	ZGC_NODE_SYNCING,
	ZGC_NODE_DRAINING,
	__ZGC_NODE_STATE_MAX
};
#define ZGC_NODE_STATE_MAX (__ZGC_NODE_STATE_MAX - 1)

enum zgc_member_attr {
	ZGC_MEMBER_A_UNSPEC,
	ZGC_MEMBER_A_PAD,
	ZGC_MEMBER_A_NODE,
	ZGC_MEMBER_A_STATE,
	ZGC_MEMBER_A_INCARNATION,
	ZGC_MEMBER_A_SINCE_MS,
	ZGC_MEMBER_A_ADDR4,
	ZGC_MEMBER_A_WAS,
	__ZGC_MEMBER_A_MAX
};
#define ZGC_MEMBER_A_MAX (__ZGC_MEMBER_A_MAX - 1)

#define ZGC_CLUSTER_NODES_MAX 256
#define ZGC_CLUSTER_CHAINS_MAX 1024
#define ZGC_CHAIN_NODES_MAX 8
#define ZGC_CLUSTER_KEY_LEN 16

#define ZGC_FLOWS_MAX (1 << 24)
#define ZGC_ENDPOINTS_MAX (1 << 20)
#define ZGC_VNI_MAX 0xffffff
#define ZGC_SUBNETS_MAX 4096
#define ZGC_NETNS_DEVS_MAX 16

enum zgc_stats_attr {
	ZGC_STATS_UNSPEC,
	ZGC_STATS_PAD,
	ZGC_STATS_RX_TRUNCATED,
	ZGC_STATS_RX_BAD_HEADER,
	ZGC_STATS_RX_CRITICAL_OPTION,
	ZGC_STATS_RX_BAD_PROTOCOL,
	ZGC_STATS_RX_UNKNOWN_VNI,
	ZGC_STATS_RX_UNKNOWN_DESTINATION,
	ZGC_STATS_TX_NO_ROUTE,
	ZGC_STATS_RX_TTL_EXCEEDED,
	ZGC_STATS_RX_FLOW_TABLE_FULL,
	ZGC_STATS_RX_FLOW_VNI_LIMIT,
	ZGC_STATS_RX_NO_MEMORY,
	ZGC_STATS_FLOW_HIT,
	ZGC_STATS_FLOW_MISS,
	ZGC_STATS_FLOW_EXPIRED,
	ZGC_STATS_RX_ACL_DENY,
	ZGC_STATS_RX_ACL_REJECT,
	ZGC_STATS_RX_FRAG_NEEDED,
	ZGC_STATS_RX_WRONG_ADDRESS,
	ZGC_STATS_DFT_EXPIRED,
	ZGC_STATS_DFT_RX_MALFORMED,
	ZGC_STATS_DFT_RX_VERSION,
	ZGC_STATS_DFT_RX_STALE_EPOCH,
	ZGC_STATS_DFT_RX_FUTURE_EPOCH,
	ZGC_STATS_DFT_RX_AUTH,
	ZGC_STATS_DFT_RX_REPLAY,
	ZGC_STATS_DFT_RX_MISDIRECTED,
	ZGC_STATS_DFT_TX_TOO_BIG,
	ZGC_STATS_DFT_LOOKUP,
	ZGC_STATS_DFT_REPLY,
	ZGC_STATS_DFT_INSERT,
	ZGC_STATS_DFT_REFRESH,
	ZGC_STATS_DFT_DELETE,
	ZGC_STATS_DFT_INSERT_RACED,
	ZGC_STATS_DFT_PROBE,
	ZGC_STATS_DFT_PROBE_INDIRECT,
	ZGC_STATS_DFT_PROBE_FAILED,
	ZGC_STATS_DFT_REFUTED,
	ZGC_STATS_DFT_NODE_DEAD,
	ZGC_STATS_DFT_CHAIN_DOWN,
	ZGC_STATS_DFT_NO_LEASE,
	ZGC_STATS_DFT_SUSPECT,
	ZGC_STATS_DFT_CHAIN_REPAIRED,
	ZGC_STATS_DFT_RX_OTHER_VIEW,
	ZGC_STATS_DFT_SYNC_SENT,
	ZGC_STATS_DFT_SYNC_RECEIVED,
	ZGC_STATS_DFT_SYNCED,
	ZGC_STATS_DFT_MIGRATED,
	ZGC_STATS_RX_FRAG_NO_FIRST,
	ZGC_STATS_RX_SPOOFED,
	ZGC_STATS_RX_FLOW_RATE_LIMITED,
	ZGC_STATS_DFT_RX_OTHER_BOOT,
	ZGC_STATS_RX_NO_BACKEND,
	ZGC_STATS_RX_UNREACHABLE,
	ZGC_STATS_PROVIDER_RX,
	ZGC_STATS_PROVIDER_TX,
	ZGC_STATS_PROVIDER_NO_SERVICE,
	ZGC_STATS_PROVIDER_NO_ROUTE,
	__ZGC_STATS_MAX
};
#define ZGC_STATS_MAX (__ZGC_STATS_MAX - 1)

enum {
	IFLA_ZGC_UNSPEC,
	IFLA_ZGC_OVERLAY,
	IFLA_ZGC_PORT,
	IFLA_ZGC_LOCAL,
	IFLA_ZGC_ENTRANCES,
	IFLA_ZGC_TTL,
	IFLA_ZGC_DF,
	IFLA_ZGC_PROVIDER,
	__IFLA_ZGC_MAX
};
#define IFLA_ZGC_MAX (__IFLA_ZGC_MAX - 1)

#endif /* _UAPI_LINUX_ZGC_H */
