// nat.click: source NAT (masquerading) of an inside network behind one public address.
//
// What it does: reads Ethernet frames from a pcap trace holding both directions, checks each IPv4
// header and classifies it:
//     outbound: TCP or UDP from the INSIDE prefix. The source address becomes PUBLIC and the source
//               port one of 1024-65535 (the packet's own port when it is in range and free, else
//               another free one); the IPRewriter remembers the mapping per flow.
//     replies:  TCP or UDP to PUBLIC. A packet of a mapped flow's reply direction gets its
//               destination mapped back to the inside host and port; others (unsolicited) are dropped.
//     other:    everything else (ICMP, other protocols, TCP/UDP from outside not addressed to PUBLIC)
//               is dropped and counted.
// IP and TCP/UDP checksums are updated incrementally. Ethernet headers are left as they were.
//
// Input:  TRACE, a pcap file of Ethernet frames, both directions interleaved in time order.
// Output: OUT, a pcap file receiving the translated outbound frames and translated replies.
// Counters (printed at the end): in, bad (malformed IP), outbound, replies, unsolicited, other,
// and the number of NAT mappings.
//
// Parameters (NAME=value on the command line):
//     TRACE   input pcap            default traces/sample.pcap (relative to the working directory)
//     OUT     output pcap           default /dev/null
//     INSIDE  inside prefix         default 10.0.0.0/8
//     PUBLIC  public address        default 198.51.100.1
//
// Run:  bin/uniclick run configs/nat.click TRACE=configs/traces/sample.pcap OUT=/tmp/nat.pcap

define($TRACE traces/sample.pcap, $OUT /dev/null, $INSIDE 10.0.0.0/8, $PUBLIC 198.51.100.1);

nat :: IPRewriter(pattern $PUBLIC 1024-65535 - - 0 1,   // input 0: new outbound flows get a mapping
                  pass 2);                               // input 1: unmapped inbound goes to output 2
dump :: ToDump($OUT);

FromDump($TRACE, STOP true, TIMING false)
  -> in :: Counter
  -> Strip(14)
  -> chk :: CheckIPHeader
  -> cl :: IPClassifier(src net $INSIDE and (tcp or udp),
                        dst host $PUBLIC and (tcp or udp),
                        -);

cl[0] -> [0]nat;
cl[1] -> [1]nat;
cl[2] -> other :: Counter -> Discard;
nat[0] -> outbound :: Counter -> Unstrip(14) -> dump;
nat[1] -> replies :: Counter -> Unstrip(14) -> dump;
nat[2] -> unsolicited :: Counter -> Discard;
chk[1] -> bad :: Counter -> Discard;

DriverManager(wait_stop,
              print "NAT $INSIDE -> $PUBLIC: $(in.count) frames read",
              print "  outbound translated: $(outbound.count)",
              print "  replies mapped back: $(replies.count)",
              print "  unsolicited dropped: $(unsolicited.count)",
              print "  other dropped:       $(other.count)",
              print "  bad IP:              $(bad.count)",
              print "  mappings:            $(nat.table_size)",
              stop);
