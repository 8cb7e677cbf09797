// Uses the SizeHistogram element from this example's jar.
// Run from the project root:
//   UNICLICK_CLASSPATH=examples/custom-element/target/size-histogram.jar \
//     bin/click -h h.histogram TRACE=configs/traces/sample.pcap examples/custom-element/histogram.click
define($TRACE configs/traces/sample.pcap)
FromDump($TRACE, STOP true) -> h :: SizeHistogram(32, BUCKETS 4) -> Discard;
