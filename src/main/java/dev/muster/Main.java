package dev.muster;

import dev.muster.cli.MusterCommand;

/** Entry point of {@code muster.jar}; everything else is built in {@link dev.muster.cli.Registry}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = MusterCommand.execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("agent")) {
            System.exit(code);
        }
    }
}
