package io.uniclick.cli;

import io.uniclick.core.runtime.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code uniclick} command: run, check, flatten, elements, doc, bench, netback. */
@Command(name = "uniclick", mixinStandardHelpOptions = true, version = "uniclick " + Version.VERSION,
        description = "Click-language network functions compiled into zero-allocation JVM pipelines.",
        subcommands = {RunCommand.class, CheckCommand.class, FlattenCommand.class, ElementsCommand.class,
                DocCommand.class, BenchCommand.class, NetbackCommand.class, CommandLine.HelpCommand.class})
public final class Uniclick implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** With no subcommand: the default job, the firewall of configs/firewall.click over the sample trace shipped in configs/traces. */
    @Override
    public void run() {
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("uniclick.home", "."));
        java.nio.file.Path config = home.resolve("configs/firewall.click");
        if (!java.nio.file.Files.exists(config)) {
            spec.commandLine().usage(System.err);
            exitCode = 1;
            return;
        }
        System.err.println("uniclick: running the default job: " + config + " (see 'uniclick --help' for the commands)");
        exitCode = new CommandLine(new RunCommand()).execute(config.toString(), "TRACE=" + home.resolve("configs/traces/sample.pcap"),
                "OUT=/dev/null");
    }

    private int exitCode;

    /** Entry point; {@code uniclick click ARGS} (used by bin/click) is {@code uniclick run ARGS}. */
    static final long MAIN_ENTERED_MILLIS = System.currentTimeMillis();
    static final long MAIN_ENTERED_NANOS = System.nanoTime();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("run")) {
            // the driver's path: build only the run command's model (picocli reflects over every subcommand otherwise)
            CommandLine run = configure(new CommandLine(new RunCommand()).setCommandName("click"));
            return run.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cl = configure(new CommandLine(new Uniclick()));
        int status = cl.execute(args);
        return args.length == 0 ? ((Uniclick) cl.getCommand()).exitCode : status;
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            System.err.println("uniclick: " + ex);
            if (System.getenv("CLICK_BACKTRACE") != null) {
                ex.printStackTrace();
            }
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage());
            System.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return 1;
        });
        return cl;
    }
}
