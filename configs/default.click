// uniclick's default job: replay the sample trace shipped in configs/traces and print its counters.
//
// Input: TRACE, a pcap file (default: configs/traces/sample.pcap, 2,000 packets from
// shared/tools/gen_trace.py --packets 2000 --seed 1). Output: the counters, on standard error.
// Parameters: TRACE=FILE.
define($TRACE traces/sample.pcap)

src :: FromDump($TRACE, STOP true, TIMING false)
  -> c :: Counter
  -> Discard;

DriverManager(wait_stop,
              print "packets: $(c.count)",
              print "bytes:   $(c.byte_count)",
              stop);
