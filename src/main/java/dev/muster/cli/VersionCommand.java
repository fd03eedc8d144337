package dev.muster.cli;

import picocli.CommandLine.Command;

/** {@code muster version}, like {@code consul version}. */
@Command(name = "version", description = "Prints the Muster version.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Muster v" + MusterCommand.version());
        System.out.println("Consul HTTP API subset: catalog, health, status, agent/self");
    }
}
