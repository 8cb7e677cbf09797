// uniclick inside the Xen PV domU of netfront-fast/xen-rig/run, on vif 0 through the Java poll-mode
// netfront (no xen-netfront in the guest kernel). 169.254.100.2 / 00:16:3e:00:00:02 is this guest;
// dom0's vif1.0 (169.254.100.1, fe:ff:ff:ff:ff:ff) is the other end, served by the real xen-netback.
//   ARP requests               -> ARPResponder  (dom0's arping and ping resolve us)
//   ICMP echo to 169.254.100.2 -> ICMPPingResponder (dom0's ping)
//   any other IPv4 frame       -> EtherMirror, straight back to dom0 (dom0 replays a trace and counts)
//   anything else              -> counted and dropped
// A script prints the counters every 2 s as one DOMU-STATS line, which dom0 reads from the guest console.

rx :: FromNetFront(0, BURST 64);
tx :: ToNetFront(0, BURST 64);
out :: Queue(1024) -> tx;

rx -> rxc :: Counter -> c :: Classifier(12/0806 20/0001, 12/0800, -);
c[0] -> arpc :: Counter -> ARPResponder(169.254.100.2 00:16:3e:00:00:02) -> out;
c[1] -> Strip(14) -> MarkIPHeader -> ipc :: IPClassifier(dst host 169.254.100.2 and icmp type echo, -);
ipc[0] -> pingc :: Counter -> ICMPPingResponder -> Unstrip(14) -> EtherMirror -> out;
ipc[1] -> Unstrip(14) -> fwdc :: Counter -> EtherMirror -> out;
c[2] -> otherc :: Counter -> Discard;

Script(label top,
       wait 2s,
       print "DOMU-STATS rx $(rxc.count) arp $(arpc.count) ping $(pingc.count) fwd $(fwdc.count) other $(otherc.count) tx $(tx.count) txdrop $(tx.dropped) txerr $(tx.tx_errors) rxdrop $(rx.dropped) connected $(rx.connected) connects $(rx.connects) violations $(rx.violations)",
       goto top);
