package io.uniclick.elements.iproute;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Port;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.ArrayList;
import java.util.List;

/** Answers ARP requests for configured addresses (Click's ARPResponder). */
@ElementInfo(name = "ARPResponder", ports = "1/1-2", processing = "a/ah",
        synopsis = "ARPResponder(IP/MASK [IP/MASK...] ETH, ...)",
        description = "Input packets are Ethernet frames. An ARP request (Ethernet hardware, IP protocol) whose target address "
                + "matches one of the configured prefixes is answered: the reply, sent on output 0, says the target is at "
                + "that entry's ETH. A prefix longer than one address makes this proxy ARP. Other packets go to output 1, "
                + "or are dropped if it does not exist. Each argument lists prefixes (or bare addresses, or AddressInfo "
                + "names) and one Ethernet address (or a name giving one); ARPResponder(me) with AddressInfo(me 10.0.0.1/8 "
                + "00:11:22:33:44:55) answers for 10.0.0.1 at 00:11:22:33:44:55. When prefixes overlap, the more specific "
                + "one answers.",
        handlers = {"table (r): 'IP/MASK ETH' per entry", "lookup (r, with parameter IP): the Ethernet address answered for IP, "
                + "or empty", "add (w): an argument as in the configuration", "remove (w): 'IP/MASK'"},
        example = "ARPResponder(18.26.4.24 00:00:C0:AE:67:EF, 18.26.4.0/24 00:00:C0:4F:71:EF)",
        notes = "The reply is built in the request's buffer (truncated to 42 bytes) instead of a new packet, so it keeps the "
                + "request's annotations (Click copies only the device and VLAN annotations).")
public final class ARPResponder extends Element {
    private int[] dst = new int[0];
    private int[] mask = new int[0];
    private long[] ena = new long[0];
    private final PacketBatch others = new PacketBatch();

    private record Entry(int dst, int mask, long ena) {
    }

    private static String add(List<Entry> v, String arg, AddressResolver res) {
        List<String> words = ConfigText.splitWords(arg);
        List<Entry> mine = new ArrayList<>();
        Long eth = null;
        for (String w : words) {
            int[] p = Net.parsePrefixOrAddress(w, res);
            if (p != null) {
                mine.add(new Entry(p[0] & p[1], p[1], 0));
                continue;
            }
            Long e = Net.parseEther(w, res);
            if (e != null) {
                if (eth != null) {
                    return "more than one ETH";
                }
                eth = e;
            } else {
                return "expected IP/MASK ETH";
            }
        }
        for (int i = 0; eth == null && i < words.size(); i++) {
            eth = Net.parseEther(words.get(i), res);
        }
        if (mine.isEmpty()) {
            return "missing IP/MASK";
        }
        if (eth == null) {
            return "missing ETH";
        }
        for (Entry e : mine) {
            v.add(new Entry(e.dst, e.mask, eth));
        }
        return null;
    }

    /** Sorts more specific prefixes first (stable); a repeated prefix keeps its later entry. Returns warnings. */
    private static List<String> normalize(List<Entry> v) {
        List<String> warnings = new ArrayList<>();
        List<Entry> out = new ArrayList<>();
        for (int i = v.size() - 1; i >= 0; i--) {
            Entry e = v.get(i);
            boolean dup = false;
            for (Entry o : out) {
                if (o.dst == e.dst && o.mask == e.mask) {
                    dup = true;
                    break;
                }
            }
            if (dup) {
                warnings.add("multiple entries for " + Net.ipWithMask(e.dst, e.mask));
            } else {
                out.add(0, e);
            }
        }
        out.sort((x, y) -> Integer.compare(Integer.bitCount(y.mask), Integer.bitCount(x.mask)));
        v.clear();
        v.addAll(out);
        return warnings;
    }

    private void install(List<Entry> v) {
        int n = v.size();
        int[] d = new int[n];
        int[] m = new int[n];
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = v.get(i).dst;
            m[i] = v.get(i).mask;
            e[i] = v.get(i).ena;
        }
        dst = d;
        mask = m;
        ena = e;
    }

    private List<Entry> entries() {
        List<Entry> v = new ArrayList<>();
        for (int i = 0; i < dst.length; i++) {
            v.add(new Entry(dst[i], mask[i], ena[i]));
        }
        return v;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        List<Entry> v = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < conf.size(); i++) {
            String err = add(v, conf.get(i), a.addresses());
            if (err != null) {
                errors.add("argument " + i + ": " + err);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        for (String w : normalize(v)) {
            context.errors().println(landmark() + ": warning: " + w);
        }
        install(v);
    }

    /** The index of the entry answering for {@code a}, or -1. */
    private int lookup(int a) {
        final int[] d = dst;
        final int[] m = mask;
        for (int i = 0; i < d.length; i++) {
            if ((a & m[i]) == d[i]) {
                return i;
            }
        }
        return -1;
    }

    private int respond(PacketBatch b) {
        final int n = b.size();
        final PacketBatch rej = others;
        final Port out1 = noutputs() > 1 ? output[1] : Port.UNCONNECTED;
        final int[] d = dst;
        final int[] m = mask;
        final long[] e = ena;
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int hit = -1;
            if (p.length() >= 42 && p.u16(12) == 0x0806 && p.u16(14) == 1 && p.u16(16) == 0x0800 && p.u16(20) == 1) {
                int tpa = p.i32(38);
                for (int j = 0; j < d.length; j++) {
                    if ((tpa & m[j]) == d[j]) {
                        hit = j;
                        break;
                    }
                }
                if (hit >= 0) {
                    long sha = Net.getEther(p, 22);
                    int spa = p.i32(28);
                    long me = e[hit];
                    p.take(p.length() - 42);
                    Net.putEther(p, 0, sha);
                    Net.putEther(p, 6, me);
                    p.setU16(12, 0x0806);
                    p.setU16(14, 1);
                    p.setU16(16, 0x0800);
                    p.setU8(18, 6);
                    p.setU8(19, 4);
                    p.setU16(20, 2);
                    Net.putEther(p, 22, me);
                    p.setI32(28, tpa);
                    Net.putEther(p, 32, sha);
                    p.setI32(38, spa);
                    p.setMacHeaderOffset(0);
                    b.set(k++, p);
                }
            }
            if (hit < 0) {
                if (rej.isFull()) {
                    out1.push(rej);
                    rej.clear();
                }
                rej.add(p);
            }
        }
        b.setSize(k);
        if (!rej.isEmpty()) {
            out1.push(rej);
            rej.clear();
        }
        return k;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (respond(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            respond(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("table", () -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < dst.length; i++) {
                sb.append(Net.ipWithMask(dst[i], mask[i])).append(' ').append(Net.ether(ena[i])).append('\n');
            }
            return sb.toString();
        });
        h.readParam("lookup", p -> {
            Integer a = Net.parseIp(p.trim(), Net.resolverFor(this, context));
            if (a == null) {
                throw new HandlerException("expected IP address");
            }
            int i = lookup(a);
            return i < 0 ? "" : Net.ether(ena[i]);
        });
        h.write("add", s -> {
            List<Entry> v = entries();
            String err = add(v, s, Net.resolverFor(this, context));
            if (err != null) {
                throw new HandlerException(err);
            }
            normalize(v);
            install(v);
        });
        h.write("remove", s -> {
            int[] p = Net.parsePrefixOrAddress(s.trim(), Net.resolverFor(this, context));
            if (p == null) {
                throw new HandlerException("expected IP/MASK");
            }
            int a = p[0] & p[1];
            List<Entry> v = entries();
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).dst == a && v.get(i).mask == p[1]) {
                    v.remove(i);
                    install(v);
                    return;
                }
            }
            throw new HandlerException(Net.ipWithMask(a, p[1]) + " not found");
        });
    }
}
