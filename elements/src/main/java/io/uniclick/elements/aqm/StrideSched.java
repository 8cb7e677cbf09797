package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import java.util.List;

/** Stride scheduling over its inputs (Click's StrideSched). */
@ElementInfo(name = "StrideSched", ports = "-/1", processing = "l/l",
        synopsis = "StrideSched(TICKETS0, ..., TICKETSn-1)",
        description = "Shares pulls among its inputs in proportion to their tickets (one TICKETS argument per input, 1 to "
                + "32768): an input with twice the tickets of another is pulled from twice as often while both have "
                + "packets. Inputs with no packets are skipped and do not bank the turns they miss. Pullers downstream see "
                + "through it to the queues upstream.",
        handlers = {"ticketsI (rw): the tickets of input I, e.g. tickets0"},
        example = "s :: StrideSched(3, 1); q0 -> [0]s; q1 -> [1]s; s -> ToDevice(eth0);",
        notes = "A pull for several packets takes up to max/n packets per decision and advances the input's pass by that "
                + "many strides, which keeps the proportions.")
public final class StrideSched extends Element {
    static final int MAX_TICKETS = 1 << 15;
    private static final long STRIDE1 = 1L << 16;

    private int[] tickets;
    private long[] stride;
    private long[] pass;
    private boolean[] dry;
    private final PacketBatch out = new PacketBatch();

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> rest = a.rest();
        a.complete();
        if (rest.size() != ninputs()) {
            throw new ConfigException("need " + ninputs() + " arguments, one per input port");
        }
        int n = rest.size();
        tickets = new int[n];
        stride = new long[n];
        pass = new long[n];
        dry = new boolean[n];
        for (int i = 0; i < n; i++) {
            try {
                setTickets(i, ArgTypes.INT32.parse(rest.get(i)));
            } catch (ArgException e) {
                throw new ConfigException("argument " + (i + 1) + ": " + e.getMessage());
            } catch (HandlerException e) {
                throw new ConfigException("argument " + (i + 1) + ": " + e.getMessage());
            }
            pass[i] = stride[i];
        }
    }

    private void setTickets(int i, int t) throws HandlerException {
        if (t < 1 || t > MAX_TICKETS) {
            throw new HandlerException("tickets must be between 1 and " + MAX_TICKETS);
        }
        tickets[i] = t;
        stride[i] = STRIDE1 / t;
    }

    @Override
    public PacketBatch pull(int port, int max) {
        final int n = tickets.length;
        if (n == 0 || max <= 0) {
            return null;
        }
        final long[] ps = pass;
        final boolean[] dr = dry;
        for (int i = 0; i < n; i++) {
            dr[i] = false;
        }
        final PacketBatch o = out;
        o.clear();
        final int share = Math.max(1, max / n);
        while (o.size() < max) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!dr[i] && (best < 0 || ps[i] < ps[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            PacketBatch b = input[best].pull(Math.min(share, max - o.size()));
            int got = b == null ? 0 : b.size();
            if (got == 0) {
                dr[best] = true;
                continue;
            }
            for (int j = 0; j < got; j++) {
                o.add(b.get(j));
            }
            ps[best] += stride[best] * got;
        }
        // inputs that had nothing must not bank turns: bring them up to the least pass of the others
        long floor = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (!dr[i] && ps[i] < floor) {
                floor = ps[i];
            }
        }
        if (floor != Long.MAX_VALUE) {
            for (int i = 0; i < n; i++) {
                if (dr[i] && ps[i] < floor) {
                    ps[i] = floor;
                }
            }
        }
        return o;
    }

    @Override
    public void addHandlers(Handlers h) {
        for (int i = 0; i < tickets.length; i++) {
            final int k = i;
            h.readWrite("tickets" + i, () -> Integer.toString(tickets[k]),
                    v -> setTickets(k, HandlerValues.parse(ArgTypes.INT32, v)));
        }
    }
}
