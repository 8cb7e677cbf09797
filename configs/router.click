// router.click: an IPv4 router with two interfaces, ARP on the inside one.
//
// What it does: the trace is what arrives on interface 0 (the inside LAN, IF0_IP on IF0_NET, Ethernet
// address IF0_ETH). Frames are demultiplexed by Ethernet type:
//     ARP requests  for IF0_IP are answered (ARPResponder) with IF0_ETH; other requests are dropped.
//     ARP replies   fill interface 0's ARP table (ARPQuerier input 1); packets held for that address
//                   are then sent.
//     IPv4          is checked (CheckIPHeader; malformed packets are dropped) and routed by longest
//                   prefix match (RadixIPLookup) on its destination:
//                       IF0_IP/32, IF1_IP/32  -> local: for the router itself, counted and dropped;
//                       IF0_NET               -> interface 0, on-link: TTL decremented (DecIPTTL),
//                                                Ethernet header from ARP (ARPQuerier, which holds
//                                                packets and sends ARP requests for unknown hosts);
//                       0.0.0.0/0             -> interface 1, a point-to-point uplink to the gateway
//                                                at GW_ETH: TTL decremented, Ethernet header set
//                                                statically (EtherEncap from IF1_ETH to GW_ETH).
//                   A packet whose TTL would expire (TTL <= 1) is dropped and answered by an ICMP
//                   time-exceeded error from IF0_IP (ICMPError), which is routed like any packet.
//     anything else is dropped and counted.
//
// Input:  TRACE, a pcap file of Ethernet frames received on interface 0.
// Output: OUT, a pcap file of every frame the router transmits, on either interface: forwarded
//         packets, ICMP errors, ARP replies and ARP requests.
// Counters (printed at the end): in, arp requests/replies received, ARP replies sent, ARP queries
// sent, bad IP, local, TTL expired, sent on each interface, non-IP, and the ARP table.
//
// Parameters (NAME=value on the command line):
//     TRACE    input pcap                           default traces/sample.pcap (relative to the
//                                                   working directory)
//     OUT      output pcap                          default /dev/null
//     IF0_IP   interface 0 address                  default 10.0.0.1
//     IF0_NET  interface 0 prefix (on-link)         default 10.0.0.0/8
//     IF0_ETH  interface 0 Ethernet address         default 02:00:00:00:00:01
//     IF1_IP   interface 1 address                  default 172.16.0.1
//     IF1_ETH  interface 1 Ethernet address         default 02:00:00:00:00:02
//     GW_ETH   uplink gateway's Ethernet address    default 02:00:00:00:00:fe
//
// Run:  bin/uniclick run configs/router.click TRACE=configs/traces/sample.pcap OUT=/tmp/routed.pcap

define($TRACE traces/sample.pcap, $OUT /dev/null,
       $IF0_IP 10.0.0.1, $IF0_NET 10.0.0.0/8, $IF0_ETH 02:00:00:00:00:01,
       $IF1_IP 172.16.0.1, $IF1_ETH 02:00:00:00:00:02, $GW_ETH 02:00:00:00:00:fe);

dump :: ToDump($OUT);
rt :: RadixIPLookup($IF0_IP/32 0, $IF1_IP/32 0, $IF0_NET 1, 0.0.0.0/0 2);
aq0 :: ARPQuerier($IF0_IP, $IF0_ETH);

FromDump($TRACE, STOP true, TIMING false)
  -> in :: Counter
  -> eth :: Classifier(12/0806 20/0001,     // ARP request
                       12/0806 20/0002,     // ARP reply
                       12/0800,             // IPv4
                       -);

eth[0] -> arp_req :: Counter -> ARPResponder($IF0_IP $IF0_ETH) -> arp_sent :: Counter -> dump;
eth[1] -> arp_rep :: Counter -> [1]aq0;
eth[2] -> Strip(14) -> chk :: CheckIPHeader -> GetIPAddress(16) -> rt;
eth[3] -> non_ip :: Counter -> Discard;
chk[1] -> bad :: Counter -> Discard;

rt[0] -> local :: Counter -> Discard;
rt[1] -> dt0 :: DecIPTTL -> aq0 -> out0 :: Counter -> dump;
rt[2] -> dt1 :: DecIPTTL -> EtherEncap(0x0800, $IF1_ETH, $GW_ETH) -> out1 :: Counter -> dump;

dt0[1] -> expired :: Counter;
dt1[1] -> expired;
expired -> ICMPError($IF0_IP, timeexceeded, transit) -> rt;

DriverManager(wait_stop,
              print "router: $(in.count) frames received on interface 0",
              print "  ARP requests received: $(arp_req.count), answered: $(arp_sent.count)",
              print "  ARP replies received:  $(arp_rep.count)",
              print "  ARP queries sent:      $(aq0.queries), packets waiting for ARP: $(aq0.length)",
              print "  bad IP:                $(bad.count)",
              print "  for the router:        $(local.count)",
              print "  TTL expired:           $(expired.count)",
              print "  sent on interface 0:   $(out0.count) (forwarded, ICMP errors, ARP queries)",
              print "  sent on interface 1:   $(out1.count)",
              print "  not IP or ARP:         $(non_ip.count)",
              print "  ARP table (ip valid eth age):",
              print aq0.table,
              stop);
