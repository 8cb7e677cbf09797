package io.uniclick.netfront.front;

import io.uniclick.netfront.xen.XenException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide sharing of environments and vifs: a {@code FromNetFront} and a {@code ToNetFront}
 * naming the same vif get the same {@link NetFront} (one owns RX, the other TX); the vif closes when
 * the last user releases it.
 */
public final class NetFronts {
    private NetFronts() {
    }

    private static final Map<String, XenEnvironment> ENVS = new HashMap<>();
    private static final Map<String, NetFront> FRONTS = new HashMap<>();
    private static final Map<NetFront, Integer> REFS = new HashMap<>();

    /** The environment {@link XenEnvironment#detect()} chooses, shared per socket (or the real devices). */
    public static synchronized XenEnvironment environment() throws XenException {
        String key = XenEnvironment.configuredSocket();
        key = key == null ? "/dev/xen" : key;
        XenEnvironment e = ENVS.get(key);
        if (e == null) {
            e = XenEnvironment.detect();
            ENVS.put(key, e);
        }
        return e;
    }

    /** Opens (or shares) the vif numbered {@code devid}, or the one with {@code mac} if {@code devid} &lt; 0. */
    public static synchronized NetFront acquire(int devid, byte[] mac, PrintStream log) throws XenException {
        XenEnvironment env = environment();
        if (devid < 0) {
            devid = NetFront.findByMac(env, mac);
            if (devid < 0) {
                throw new XenException("no vif with MAC " + io.uniclick.netfront.xen.XenbusState.formatMac(mac) + " in " + env);
            }
        }
        String key = System.identityHashCode(env) + "/" + devid;
        NetFront f = FRONTS.get(key);
        if (f == null) {
            f = NetFront.open(env, devid, log);
            FRONTS.put(key, f);
        }
        REFS.merge(f, 1, Integer::sum);
        return f;
    }

    /** Releases a vif; the last release closes it. */
    public static synchronized void release(NetFront f) {
        Integer n = REFS.get(f);
        if (n == null) {
            return;
        }
        if (n > 1) {
            REFS.put(f, n - 1);
            return;
        }
        REFS.remove(f);
        FRONTS.values().remove(f);
        f.close();
    }

    /** Forgets a cached environment (tests that tear down an emulated store). */
    public static synchronized void forgetEnvironment(String socket) {
        XenEnvironment e = ENVS.remove(socket);
        if (e != null) {
            e.close();
        }
    }
}
