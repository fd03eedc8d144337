package dev.muster;

import dev.muster.cli.MusterCommand;

/** Entry point of {@code muster.jar}; everything else is built in {@link dev.muster.cli.Registry}. */
public final class Main {
    private Main() {
    }

    /** The JDK's documented switch that lets its HTTP client send restricted headers; read once, when it loads. */
    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    public static void main(String[] args) {
        // HTTP checks send the check's Host header (how name-based virtual hosts are checked, as Consul does);
        // the JDK refuses it unless this is set before its HTTP client is first used, so set it first of all.
        String allowed = System.getProperty(RESTRICTED_HEADERS, "");
        if (!(',' + allowed.replace(" ", "").toLowerCase(java.util.Locale.ROOT) + ',').contains(",host,")) {
            System.setProperty(RESTRICTED_HEADERS, allowed.isBlank() ? "host" : allowed + ",host");
        }
        int code = MusterCommand.execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("agent")) {
            System.exit(code);
        }
    }
}
