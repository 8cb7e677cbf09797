package io.uniclick.netfront.element;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.handler.Handlers;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.NetFronts;
import io.uniclick.netfront.front.Violation;
import io.uniclick.netfront.xen.XenException;

/** The vif argument shared by FromNetFront and ToNetFront: a vif number or a MAC address. */
final class VifArgs {
    int devid = -1;
    byte[] mac;

    void parse(Args a) {
        String s = a.mandatoryPositional("DEVID", ArgTypes.STRING);
        if (s == null) {
            return;
        }
        s = ConfigText.unquote(s).trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 7) {
            devid = Integer.parseInt(s);
            return;
        }
        try {
            mac = ArgTypes.ETHER.parse(s);
        } catch (ArgException e) {
            a.error("DEVID", "expected vif number or Ethernet address");
        }
    }

    NetFront open(Element e) throws ConfigException {
        try {
            NetFront f = NetFronts.acquire(devid, mac, errors(e));
            if (!f.awaitConnected(10_000)) {
                errors(e).println(e.declaration() + ": vif " + f.devid() + " not connected yet ("
                        + (f.lastProblem() == null ? "waiting for the backend" : f.lastProblem()) + "); will keep trying");
            }
            return f;
        } catch (XenException x) {
            throw new ConfigException(e.declaration() + ": " + x.getMessage());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new ConfigException(e.declaration() + ": interrupted");
        }
    }

    private static java.io.PrintStream errors(Element e) {
        return ContextAccess.errors(e);
    }

    /** Vif-level handlers both elements offer. */
    static void vifHandlers(Handlers h, java.util.function.Supplier<NetFront> f) {
        h.read("connected", () -> f.get() != null && f.get().connected() ? "true" : "false");
        h.readLong("devid", () -> f.get() == null ? -1 : f.get().devid());
        h.readLong("connects", () -> f.get() == null ? 0 : f.get().connects());
        h.readLong("rx_posted", () -> f.get() == null ? 0 : f.get().rxPosted());
        h.readLong("tx_in_flight", () -> f.get() == null ? 0 : f.get().txInFlight());
        h.readLong("violations", () -> f.get() == null ? 0 : f.get().violationsTotal());
        h.read("errors", () -> {
            NetFront n = f.get();
            if (n == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < Violation.COUNT; k++) {
                sb.append(Violation.name(k)).append(' ').append(n.violations(k)).append('\n');
            }
            return sb.toString();
        });
    }
}
