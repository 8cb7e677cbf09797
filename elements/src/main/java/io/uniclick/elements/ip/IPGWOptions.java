package io.uniclick.elements.ip;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Processes the IP Record Route and Timestamp options as a gateway (Click's IPGWOptions). */
@ElementInfo(name = "IPGWOptions", ports = "1/1-2", processing = "a/ah",
        synopsis = "IPGWOptions(MYADDR [, OTHERADDRS])",
        description = "Expects IP packets with the network header annotation. Packets without options pass unchanged. "
                + "Otherwise the options are walked: a Record Route option with room left gets MYADDR stored where its "
                + "pointer says and the pointer advanced by 4; a Timestamp option gets the time in milliseconds since "
                + "midnight UT (flag 0), MYADDR and the time (flag 1), or the time after a prespecified address that is "
                + "MYADDR or one of OTHERADDRS (flag 3); a full Timestamp option has its overflow count incremented. If "
                + "any option was processed, the header checksum is recomputed. A malformed option (bad length, bad "
                + "pointer, unknown timestamp flag, overflow count at 15) sends the packet to output 1 (usually "
                + "ICMPError parameterproblem), or drops it if output 1 is not connected; its ICMP parameter-problem "
                + "annotation then holds the offset, from the IP header, of the offending byte (the option's length "
                + "byte, pointer byte, or flags byte). Other options are skipped.",
        handlers = {"drops (r): packets with bad options"},
        example = "... -> gw :: IPGWOptions(10.0.0.1) -> ...; gw[1] -> ICMPError(10.0.0.1, parameterproblem) -> ...",
        notes = "The timestamp comes from the router's clock (virtual under --simtime). A packet without a network header "
                + "annotation, or whose header length runs past its end, is dropped and counted in drops (Click "
                + "asserts). Option bytes Click reads just past the header are read as 0 when they lie past the packet's "
                + "end.")
public final class IPGWOptions extends Element implements SimpleAction {
    private static final int IPOPT_EOL = 0;
    private static final int IPOPT_NOP = 1;
    private static final int IPOPT_RR = 7;
    private static final int IPOPT_TS = 68;
    private static final int PARAMPROB = IPAnnos.ICMP_PARAMPROB_ANNO_OFFSET;

    private int myAddr;
    private int[] myAddrs;
    private long drops;
    private Rejects rejects;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer my = a.mandatoryPositional("MYADDR", IPSupport.ipv4(a));
        int[] others = a.positional("OTHERADDRS", IPSupport.ipv4List(a), new int[0]);
        a.complete();
        myAddr = my == null ? 0 : my;
        myAddrs = java.util.Arrays.copyOf(others, others.length + 1);
        myAddrs[others.length] = myAddr;
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int len = p.length();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > len) {
            drops++;
            p.kill();
            return false;
        }
        int hlen = (p.u8(nh) & 15) << 2;
        if (hlen <= 20) {
            return true;
        }
        if (nh + hlen > len) {
            drops++;
            p.kill();
            return false;
        }
        int bad = options(p, nh, hlen);
        if (bad < 0) {
            return true;
        }
        drops++;
        p.setAnno8(PARAMPROB, bad);
        rejects.add(p);
        return false;
    }

    @Override
    public void actionsDone() {
        rejects.flush();
    }

    /** Byte at {@code i}, or 0 past the packet's end. */
    private static int byteAt(Packet p, int i) {
        return i < p.length() ? p.u8(i) : 0;
    }

    /** Processes the options; returns -1 if the packet is fine, else the offending offset from the IP header. */
    private int options(Packet p, int nh, int hlen) {
        boolean changed = false;
        int oi = 20;
        long ms = -1;
        while (oi < hlen) {
            int type = p.u8(nh + oi);
            if (type == IPOPT_NOP) {
                oi++;
                continue;
            } else if (type == IPOPT_EOL) {
                break;
            }
            int xlen = byteAt(p, nh + oi + 1);
            if (xlen < 2 || oi + xlen > hlen) {
                return oi + 1;
            } else if (type != IPOPT_RR && type != IPOPT_TS) {
                oi += xlen;
                continue;
            }
            changed = true;
            int ptr = byteAt(p, nh + oi + 2) - 1; // the pointer is 1-origin
            if (type == IPOPT_RR) {
                if (ptr >= 3 && ptr + 4 <= xlen) {
                    p.setI32(nh + oi + ptr, myAddr);
                    p.setU8(nh + oi + 2, ptr + 5);
                } else if (ptr != xlen) {
                    return oi + 2;
                }
            } else {
                int fl = byteAt(p, nh + oi + 3);
                int oflw = fl >>> 4;
                int flg = fl & 15;
                boolean overflowed = false;
                if (ms < 0) {
                    long now = context.now();
                    long sec = Math.floorDiv(now, 1_000_000_000L);
                    ms = Math.floorMod(sec, 86400L) * 1000 + Math.floorMod(now, 1_000_000_000L) / 1_000_000L;
                }
                if (ptr < 4) {
                    return oi + 2;
                } else if (flg == 0) {
                    if (ptr + 4 <= xlen) {
                        p.setI32(nh + oi + ptr, (int) ms);
                        p.setU8(nh + oi + 2, ptr + 5);
                    } else {
                        overflowed = true;
                    }
                } else if (flg == 1) {
                    if (ptr + 8 <= xlen) {
                        p.setI32(nh + oi + ptr, myAddr);
                        p.setI32(nh + oi + ptr + 4, (int) ms);
                        p.setU8(nh + oi + 2, ptr + 9);
                    } else {
                        overflowed = true;
                    }
                } else if (flg == 3 && ptr + 8 <= xlen) {
                    int addr = p.i32(nh + oi + ptr);
                    final int[] mine = myAddrs;
                    boolean doit = false;
                    for (int j = 0; j < mine.length && !doit; j++) {
                        doit = mine[j] == addr;
                    }
                    if (doit) {
                        p.setI32(nh + oi + ptr + 4, (int) ms);
                        p.setU8(nh + oi + 2, ptr + 9);
                    }
                } else {
                    return oi + 3;
                }
                if (overflowed) {
                    if (oflw < 15) {
                        if (nh + oi + 3 < p.length()) {
                            p.setU8(nh + oi + 3, ((oflw + 1) << 4) | flg);
                        }
                    } else {
                        return oi + 3;
                    }
                }
            }
            oi += xlen;
        }
        if (changed) {
            p.setU16(nh + 10, 0);
            p.setU16(nh + 10, IPSupport.cksum(p, nh, hlen));
        }
        return -1;
    }

    @Override
    public void push(int port, PacketBatch b) {
        SimpleAction.push(this, b, output[0]);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return SimpleAction.pull(this, input[0].pull(max));
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
