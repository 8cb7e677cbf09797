// Training run for the domU's AOT cache (JEP 483/514), on the host: rig.click's elements, with a trace
// in place of the vif (FromNetFront/ToNetFront need Xen), so the JVM records the classes and profiles
// of the router compiler and of the same elements. Used by ./run; not part of the test itself.
rx :: FromDump($TRACE, STOP true);
out :: Queue(1024) -> Unqueue -> Discard;
rx -> rxc :: Counter -> c :: Classifier(12/0806 20/0001, 12/0800, -);
c[0] -> arpc :: Counter -> ARPResponder(169.254.100.2 00:16:3e:00:00:02) -> out;
c[1] -> Strip(14) -> MarkIPHeader -> ipc :: IPClassifier(dst host 169.254.100.2 and icmp type echo, -);
ipc[0] -> pingc :: Counter -> ICMPPingResponder -> Unstrip(14) -> EtherMirror -> out;
ipc[1] -> Unstrip(14) -> fwdc :: Counter -> EtherMirror -> out;
c[2] -> otherc :: Counter -> Discard;
Script(wait 0.5s, print "TRAIN rx $(rxc.count) arp $(arpc.count) ping $(pingc.count) fwd $(fwdc.count) other $(otherc.count)");
