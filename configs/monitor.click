// monitor.click: passive traffic monitor: per-class and per-flow-bucket counts, a random sample.
//
// What it does: reads Ethernet frames from a pcap trace and checks each IPv4 header (malformed
// packets are counted and dropped). Valid packets are counted by an AverageCounter (packets, bytes,
// rates over the replay), then by traffic class (IPClassifier, first match wins):
//     web      TCP to port 80 or 443        ssh      TCP to port 22       tcp_other  other TCP
//     dns      UDP to port 53               ntp      UDP to port 123      udp_other  other UDP
//     icmp     ICMP                         ip_other anything else
// and then by flow bucket: HashSwitch over the source and destination addresses spreads them over
// four buckets (every packet between the same two hosts lands in the same bucket), each counted.
// Finally RandomSample keeps each packet with probability P and writes it to OUT (the sample is
// repeatable: the generator is seeded deterministically).
//
// Input:  TRACE, a pcap file of Ethernet frames.
// Output: OUT, a pcap file with the sampled frames, unchanged.
// Counters (printed at the end): in, bad, valid (with rates), packets and bytes per class, packets
// per bucket, sampled. Byte counts are IP bytes (the Ethernet header is not counted).
//
// Parameters (NAME=value on the command line):
//     TRACE  input pcap               default traces/sample.pcap (relative to the working directory)
//     OUT    output pcap (sample)     default /dev/null
//     P      sampling probability     default 0.01
//
// Run:  bin/uniclick run configs/monitor.click TRACE=configs/traces/sample.pcap OUT=/tmp/sample.pcap P=0.1

define($TRACE traces/sample.pcap, $OUT /dev/null, $P 0.01);

FromDump($TRACE, STOP true, TIMING false)
  -> in :: Counter
  -> Strip(14)
  -> chk :: CheckIPHeader
  -> valid :: AverageCounter
  -> cls :: IPClassifier(tcp && (dst port 80 || dst port 443),
                         tcp && dst port 22,
                         tcp,
                         udp && dst port 53,
                         udp && dst port 123,
                         udp,
                         icmp,
                         -);
chk[1] -> bad :: Counter -> Discard;

classed :: Unstrip(14);
cls[0] -> web :: Counter -> classed;
cls[1] -> ssh :: Counter -> classed;
cls[2] -> tcp_other :: Counter -> classed;
cls[3] -> dns :: Counter -> classed;
cls[4] -> ntp :: Counter -> classed;
cls[5] -> udp_other :: Counter -> classed;
cls[6] -> icmp :: Counter -> classed;
cls[7] -> ip_other :: Counter -> classed;

classed -> hs :: HashSwitch(26, 8);                   // IP source and destination, after Ethernet
sample :: RandomSample($P);
hs[0] -> bucket0 :: Counter -> sample;
hs[1] -> bucket1 :: Counter -> sample;
hs[2] -> bucket2 :: Counter -> sample;
hs[3] -> bucket3 :: Counter -> sample;
sample -> sampled :: Counter -> ToDump($OUT);

DriverManager(wait_stop,
              print "monitor: $(in.count) frames read, $(bad.count) bad IP",
              print "  valid IP: $(valid.count) packets, $(valid.byte_count) bytes (replayed at $(valid.rate) packets/s)",
              print "  class       packets   bytes",
              print "  web         $(web.count)   $(web.byte_count)",
              print "  ssh         $(ssh.count)   $(ssh.byte_count)",
              print "  tcp_other   $(tcp_other.count)   $(tcp_other.byte_count)",
              print "  dns         $(dns.count)   $(dns.byte_count)",
              print "  ntp         $(ntp.count)   $(ntp.byte_count)",
              print "  udp_other   $(udp_other.count)   $(udp_other.byte_count)",
              print "  icmp        $(icmp.count)   $(icmp.byte_count)",
              print "  ip_other    $(ip_other.count)   $(ip_other.byte_count)",
              print "  flow buckets (by address pair): $(bucket0.count) $(bucket1.count) $(bucket2.count) $(bucket3.count)",
              print "  sampled (P=$P): $(sampled.count) -> $OUT",
              stop);
