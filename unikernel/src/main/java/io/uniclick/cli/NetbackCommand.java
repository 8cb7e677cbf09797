package io.uniclick.cli;

import io.uniclick.netfront.emu.NetbackService;
import io.uniclick.netfront.emu.VifSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code uniclick netback}: the emulated Xen netback as a process, its vifs bridged to host devices, files or a generator. */
@Command(name = "netback", usageHelpAutoWidth = true,
        description = {"Serve Xen vifs to a uniclick frontend (FromNetFront/ToNetFront) without Xen: an emulated xenstore, "
                + "guest memory and netback (copy mode), each vif bridged to a host device, pcap files or a generator.",
            "Vif i is the i-th --vif. Frontends find the backend through UNICLICK_XENBUS=DIR/xenbus-1.sock "
                + "(or -Duniclick.xen.xenbus=...). Serves until SIGTERM/SIGINT (or --duration), then prints each vif's "
                + "counters, removes TAP devices it created, the sockets and the guest memory file.",
            "",
            "Example: uniclick netback /tmp/nb --vif dev:veth0 --vif tap:uc1 &",
            "         UNICLICK_XENBUS=/tmp/nb/xenbus-1.sock uniclick run -e 'FromNetFront(0) -> Queue -> ToNetFront(1); "
                + "FromNetFront(1) -> Queue -> ToNetFront(0);'"},
        footer = {"", "SPEC:",
            "  tap:NAME        a TAP device NAME, created if absent (removed at exit); move it into a namespace as you like",
            "  dev:IFNAME      an existing interface (a veth end, say) through AF_PACKET rings, promiscuous",
            "  pcap:IN[,OUT]   replay pcap file IN into the guest once; capture what the guest sends into OUT",
            "  pcap:,OUT       capture only",
            "  gen:SIZE        an endless stream of SIZE-byte UDP frames (60..1518) into the guest",
            "  none            nothing in; the guest's frames are discarded"})
final class NetbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory for the xenstore sockets (created if needed).")
    Path dir;
    @Option(names = "--vif", paramLabel = "SPEC", required = true, converter = SpecConverter.class,
            description = "What a vif is bridged to, once per vif (vif i = the i-th --vif); SPEC is one of the forms below.")
    List<VifSpec> vifs = new ArrayList<>();
    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after SECONDS (default: until SIGTERM/SIGINT).")
    double duration;
    @Option(names = "--stall-ms", paramLabel = "MS", description = "How long a host device's frames wait while the guest has no "
            + "RX buffer posted before they are dropped and counted (default 500).")
    long stallMillis = 500;
    @Option(names = "--help", usageHelp = true, description = "Print this message and exit.")
    boolean help;

    /** Turns a --vif argument into a {@link VifSpec}, or a usage error naming what is wrong. */
    static final class SpecConverter implements CommandLine.ITypeConverter<VifSpec> {
        @Override
        public VifSpec convert(String value) {
            try {
                return VifSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + " (see --help)");
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = System.err;
        if (duration < 0 || stallMillis < 0) {
            err.println("netback: --duration and --stall-ms must not be negative");
            return 1;
        }
        NetbackService svc;
        try {
            svc = NetbackService.open(dir, vifs);
        } catch (IOException | RuntimeException e) {
            err.println("netback: " + e.getMessage());
            return 1;
        }
        svc.netback().setRxStallMillis(stallMillis);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(svc, err);
            done.countDown();
        }, "netback-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        svc.start();
        PrintStream out = System.out;
        out.println("xenbus " + svc.xenbus());
        out.println("xenstored " + svc.xenstored());
        out.println("memory " + svc.memory());
        out.print(svc.describe());
        out.println("serving: UNICLICK_XENBUS=" + svc.xenbus());
        out.flush();
        if (duration > 0) {
            if (!done.await((long) (duration * 1000), TimeUnit.MILLISECONDS)) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    done.await();
                    return 0;
                }
                stop(svc, err);
            }
            return 0;
        }
        done.await();
        return 0;
    }

    private static void stop(NetbackService svc, PrintStream err) {
        String counters = svc.describe();
        svc.close();
        err.print("netback: stopped\n" + counters);
        err.flush();
    }
}
