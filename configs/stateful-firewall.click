// stateful-firewall.click: connection tracking; inside hosts open connections, the outside only answers.
//
// What it does: reads Ethernet frames from a pcap trace holding both directions of traffic, checks
// each IPv4 header, and splits by source address: packets from the INSIDE prefix are outbound, all
// others inbound. An IPFlowFilter tracks connections: every outbound packet passes and opens (or
// refreshes) its connection; an inbound packet passes only when it belongs to a tracked connection
// (TCP/UDP by addresses and ports, ICMP echo by identifier, other protocols by addresses; either
// direction of the tuple), or is an ICMP error quoting a tracked packet. Other inbound packets are
// rejected. Connections expire as IPFlowFilter's defaults say (TCP 24 h established, 5 min before data
// has flowed both ways, 4 min after FIN/RST; UDP 5 min; ICMP 30 s).
//
// Input:  TRACE, a pcap file of Ethernet frames, both directions interleaved in time order.
// Output: OUT, a pcap file receiving every frame that passes (outbound and admitted inbound), unchanged.
// Counters (printed at the end): in, bad (malformed IP, dropped), outbound (passed), inbound (admitted),
// rejected (inbound without a connection, dropped), and the number of tracked connections.
//
// Parameters (NAME=value on the command line):
//     TRACE   input pcap            default traces/sample.pcap (relative to the working directory)
//     OUT     output pcap           default /dev/null
//     INSIDE  inside prefix         default 10.0.0.0/8
//     BURST   packets per batch     default 32. Packets are processed in batches of up to BURST, and
//                                   the IPClassifier hands on all outbound packets of a batch before
//                                   its inbound ones: an inbound packet may be admitted by a
//                                   connection that an outbound packet later in the same batch opens.
//                                   BURST=1 follows the trace's order strictly (at a cost in speed).
//
// Run:  bin/uniclick run configs/stateful-firewall.click TRACE=configs/traces/sample.pcap OUT=/tmp/pass.pcap

define($TRACE traces/sample.pcap, $OUT /dev/null, $INSIDE 10.0.0.0/8, $BURST 32);

ff :: IPFlowFilter;
dump :: ToDump($OUT);

FromDump($TRACE, STOP true, TIMING false, BURST $BURST)
  -> in :: Counter
  -> Strip(14)
  -> chk :: CheckIPHeader
  -> dir :: IPClassifier(src net $INSIDE, -);

dir[0] -> [0]ff;                                 // outbound: opens connections
dir[1] -> [1]ff;                                 // inbound: must match one
ff[0] -> outbound :: Counter -> Unstrip(14) -> dump;
ff[1] -> inbound :: Counter -> Unstrip(14) -> dump;
ff[2] -> rejected :: Counter -> Discard;
chk[1] -> bad :: Counter -> Discard;

DriverManager(wait_stop,
              print "stateful firewall (inside $INSIDE): $(in.count) frames read",
              print "  outbound passed:   $(outbound.count)",
              print "  inbound admitted:  $(inbound.count)",
              print "  inbound rejected:  $(rejected.count)",
              print "  bad IP:            $(bad.count)",
              print "  connections:       $(ff.count)",
              stop);
