// loadbalancer.click: a stateful layer-4 load balancer, round robin over four backends.
//
// What it does: reads Ethernet frames from a pcap trace, checks each IPv4 header and classifies it:
//     requests: TCP or UDP to the virtual service VIP. Each new flow (5-tuple) is assigned the next
//               backend in turn (B1, B2, B3, B4, B1, ...) by a RoundRobinIPMapper; the IPRewriter
//               rewrites the destination address to that backend and keeps the flow there.
//     replies:  TCP or UDP from a backend. A packet of a balanced flow's reply direction gets its
//               source mapped back to the VIP address the client used; others are dropped.
//     other:    everything else is dropped and counted.
// IP and TCP/UDP checksums are updated incrementally. Ethernet headers are left as they were.
//
// Input:  TRACE, a pcap file of Ethernet frames (client requests, optionally backend replies).
// Output: OUT, a pcap file receiving the rewritten requests and replies.
// Counters (printed at the end): in, bad (malformed IP), requests, replies, unmatched replies, other,
// the number of balanced flows and the packets sent to each backend.
//
// Parameters (NAME=value on the command line):
//     TRACE  input pcap                  default traces/sample.pcap (relative to the working directory)
//     OUT    output pcap                 default /dev/null
//     VIP    service address prefix      default 192.168.0.0/22 (every destination of the sample
//                                        trace; use ADDR/32 for a single virtual address)
//     B1 B2 B3 B4  backend addresses     default 172.16.0.1, 172.16.0.2, 172.16.0.3, 172.16.0.4
// Click's define() cannot hold a list, so the backends are four parameters; for another number of
// backends edit the RoundRobinIPMapper and the per-backend classifier below.
//
// Run:  bin/uniclick run configs/loadbalancer.click TRACE=configs/traces/sample.pcap OUT=/tmp/lb.pcap

define($TRACE traces/sample.pcap, $OUT /dev/null, $VIP 192.168.0.0/22,
       $B1 172.16.0.1, $B2 172.16.0.2, $B3 172.16.0.3, $B4 172.16.0.4);

rr :: RoundRobinIPMapper(- - $B1 - 0 1, - - $B2 - 0 1, - - $B3 - 0 1, - - $B4 - 0 1);
lb :: IPRewriter(rr,          // input 0: new flows are balanced
                 pass 2);     // input 1: replies of unknown flows go to output 2
dump :: ToDump($OUT);

FromDump($TRACE, STOP true, TIMING false)
  -> in :: Counter
  -> Strip(14)
  -> chk :: CheckIPHeader
  -> cl :: IPClassifier(dst net $VIP and (tcp or udp),
                        (src host $B1 or src host $B2 or src host $B3 or src host $B4) and (tcp or udp),
                        -);

cl[0] -> [0]lb;
cl[1] -> [1]lb;
cl[2] -> other :: Counter -> Discard;
lb[0] -> requests :: Counter
      -> per :: IPClassifier(dst host $B1, dst host $B2, dst host $B3, dst host $B4, -);
per[0] -> to_b1 :: Counter -> fwd :: Unstrip(14) -> dump;
per[1] -> to_b2 :: Counter -> fwd;
per[2] -> to_b3 :: Counter -> fwd;
per[3] -> to_b4 :: Counter -> fwd;
per[4] -> fwd;
lb[1] -> replies :: Counter -> Unstrip(14) -> dump;
lb[2] -> unmatched :: Counter -> Discard;
chk[1] -> bad :: Counter -> Discard;

DriverManager(wait_stop,
              print "load balancer (round robin) for $VIP: $(in.count) frames read",
              print "  requests balanced:  $(requests.count) in $(lb.table_size) flows",
              print "    to $B1: $(to_b1.count)",
              print "    to $B2: $(to_b2.count)",
              print "    to $B3: $(to_b3.count)",
              print "    to $B4: $(to_b4.count)",
              print "  replies mapped back: $(replies.count)",
              print "  unmatched replies:   $(unmatched.count)",
              print "  other dropped:       $(other.count)",
              print "  bad IP:              $(bad.count)",
              stop);
