package io.uniclick.elements.rewriter;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** NAT, load balancing and stateful filtering: the rewriters, mappers and flow filters. */
public final class RewriterLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(IPRewriter.class, TCPRewriter.class, UDPRewriter.class, IPRewriterPatterns.class,
                RoundRobinIPMapper.class, IPAddrRewriter.class, IPAddrPairRewriter.class,
                SourceIPHashMapper.class, MaglevIPMapper.class, IPFlowFilter.class,
                ICMPPingRewriter.class, ICMPRewriter.class, FTPPortMapper.class);
    }
}
