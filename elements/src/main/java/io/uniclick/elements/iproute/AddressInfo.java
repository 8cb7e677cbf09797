package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.runtime.AddressTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names for addresses, usable in other elements' arguments (Click's AddressInfo). */
@ElementInfo(name = "AddressInfo", ports = "0/0", processing = "a/a",
        synopsis = "AddressInfo(NAME ADDRESS [ADDRESS...], ...)",
        description = "Binds each NAME to the addresses that follow it: an IPv4 address (18.26.4.15), an IPv4 prefix "
                + "(18.26.4.0/24; a prefix with host bits, 18.26.4.15/24, gives both the address and the prefix) and an "
                + "Ethernet address (00:a0:c9:9c:fd:9c). Other elements may then use NAME wherever they expect one of "
                + "these; the kind is chosen by context, the address being preferred over the prefix, and a suffix forces "
                + "it: NAME:ip, NAME:ipnet, NAME:eth, NAME:bcast (broadcast address of the prefix), NAME:gw (the prefix "
                + "with its low bit set). Names declared inside a compound element are visible only there. AddressInfo "
                + "elements are configured before all others.",
        example = "AddressInfo(me 10.0.0.1/8 00:11:22:33:44:55);\n... -> EtherEncap(0x0800, me, ff:ff:ff:ff:ff:ff) -> ...",
        notes = "IPv6 addresses and prefixes are not supported, and network devices do not supply default names "
                + "(no devices at user level here).")
public final class AddressInfo extends Element {
    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        List<String> errors = new ArrayList<>();
        Map<String, Object[]> defs = new LinkedHashMap<>();
        for (String arg : conf) {
            List<String> parts = ConfigText.splitWords(arg);
            if (parts.isEmpty()) {
                continue;
            }
            if (parts.size() < 2) {
                errors.add("expected 'NAME [ADDRS]'");
                continue;
            }
            String name = ConfigText.unquote(parts.get(0));
            Object[] d = defs.computeIfAbsent(name, k -> new Object[3]);
            int types = 0;
            for (int j = 1; j < parts.size(); j++) {
                String w = ConfigText.unquote(parts.get(j));
                int my = 0;
                byte[] eth = null;
                Integer ip = null;
                int[] net = null;
                try {
                    eth = ArgTypes.ETHER.parse(w);
                    my |= 1;
                } catch (Exception e) {
                    // not Ethernet
                }
                int[] a4 = ArgTypes.parseIPv4(w, false);
                if (a4 != null) {
                    ip = a4[0];
                    my |= 2;
                } else {
                    int[] p = Net.parseLiteralPrefix(w);
                    if (p != null) {
                        net = new int[] {p[0] & p[1], p[1]};
                        my |= 4;
                        if ((p[0] & ~p[1]) != 0) {
                            ip = p[0];
                            my |= 2;
                        }
                    }
                }
                boolean oneType = Integer.bitCount(my) == 1;
                if ((my & 1) != 0 && (oneType || (types & 1) == 0)) {
                    d[2] = eth;
                }
                if ((my & 2) != 0 && (oneType || (types & 2) == 0)) {
                    d[0] = ip;
                }
                if ((my & 4) != 0 && (oneType || (types & 4) == 0)) {
                    d[1] = net;
                }
                types |= my;
                if (my == 0) {
                    errors.add("'" + w + "' is not a recognizable address");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        String scope = name();
        int slash = scope.lastIndexOf('/');
        String prefix = slash >= 0 ? scope.substring(0, slash + 1) : "";
        AddressTable table = context.addresses();
        for (Map.Entry<String, Object[]> e : defs.entrySet()) {
            Object[] d = e.getValue();
            table.put(prefix + e.getKey(), new AddressTable.Entry((Integer) d[0], (int[]) d[1], (byte[]) d[2]));
        }
    }
}
