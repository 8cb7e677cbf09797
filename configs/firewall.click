// firewall.click: a stateless firewall with a fixed rule set.
//
// What it does: reads Ethernet frames from a pcap trace, checks each IPv4 header (CheckIPHeader drops
// malformed ones: bad version, header length or checksum, total length beyond the frame, ...) and lets
// through only
//     TCP to destination port 80 or 443 (web),
//     UDP to destination port 53 (DNS),
//     ICMP echo requests (ping);
// everything else is denied. The rule set is fixed (Click's define() cannot carry a list of rules);
// edit the IPFilter below to change it. Rules are evaluated in order, first match wins.
//
// Input:  TRACE, a pcap file of Ethernet frames (FromDump, read as fast as possible).
// Output: OUT, a pcap file receiving every allowed frame, unchanged.
// Counters (printed at the end): in (frames read), bad (malformed IP, dropped), allowed, denied.
//
// Parameters (NAME=value on the command line):
//     TRACE  input pcap       default traces/sample.pcap (relative to the working directory, so the
//                             default works when run from configs/; pass TRACE= from elsewhere)
//     OUT    output pcap      default /dev/null
//
// Run:  bin/uniclick run configs/firewall.click TRACE=configs/traces/sample.pcap OUT=/tmp/allowed.pcap

define($TRACE traces/sample.pcap, $OUT /dev/null);

FromDump($TRACE, STOP true, TIMING false)
  -> in :: Counter
  -> Strip(14)
  -> chk :: CheckIPHeader
  -> fw :: IPFilter(allow tcp && dst port 80,
                    allow tcp && dst port 443,
                    allow udp && dst port 53,
                    allow icmp type echo,
                    1 all)                      // deny all: counted on output 1, then dropped
  -> Unstrip(14)
  -> allowed :: Counter
  -> ToDump($OUT);

chk[1] -> bad :: Counter -> Discard;
fw[1] -> denied :: Counter -> Discard;

DriverManager(wait_stop,
              print "firewall: $(in.count) frames read",
              print "  allowed: $(allowed.count) ($(allowed.byte_count) bytes) -> $OUT",
              print "  denied:  $(denied.count)",
              print "  bad IP:  $(bad.count)",
              stop);
