package dev.muster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code muster [agent|version]}: the top-level command line. */
@Command(name = "muster", mixinStandardHelpOptions = true, versionProvider = MusterCommand.Version.class,
        description = "A Consul-compatible service registry with an in-process nginx renderer, in one jar.",
        subcommands = {AgentCommand.class, VersionCommand.class})
public final class MusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the process exit code. */
    public static int execute(String[] args) {
        CommandLine cl = new CommandLine(new MusterCommand());
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setUnmatchedOptionsArePositionalParams(false);
        return cl.execute(args);
    }

    static String version() {
        String v = MusterCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Picocli version provider reading the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Muster v" + version()};
        }
    }
}
