package io.uniclick.elements.iproute;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** IPv4 route lookups, Ethernet and ARP elements, AddressInfo. */
public final class RoutingLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(
                AddressInfo.class,
                RadixIPLookup.class,
                DirectIPLookup.class,
                LinearIPLookup.class,
                StaticIPLookup.class,
                EtherEncap.class,
                EtherRewrite.class,
                EtherMirror.class,
                HostEtherFilter.class,
                VLANEncap.class,
                VLANDecap.class,
                ARPResponder.class,
                ARPQuerier.class,
                ARPTable.class);
    }
}
