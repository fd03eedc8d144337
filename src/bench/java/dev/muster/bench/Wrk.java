package dev.muster.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's wrk (one thread — its Lua scripts keep one counter — and a fixed connection count) and reads
 * its summary: requests/s, latency p50/p99, and every error it reports (non-2xx/3xx answers, socket errors).
 */
final class Wrk {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("\\s(50|99)%\\s+([0-9.]+)(us|ms|s)\\b");

    private Wrk() {
    }

    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors,
                  String output) {
    }

    /** Runs wrk against url; script and its arguments are optional. */
    static Result run(String url, Duration duration, int connections, Path script, List<String> scriptArgs) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency", "--timeout", "10s"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        String output = Command.run(command, duration.plusSeconds(60));
        return parse(output);
    }

    static Result parse(String output) {
        Matcher rps = RPS.matcher(output);
        Matcher total = TOTAL.matcher(output);
        if (!rps.find() || !total.find()) {
            throw new BenchException("unexpected wrk output:\n" + output);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher p = PERCENTILE.matcher(output);
        while (p.find()) {
            double millis = Double.parseDouble(p.group(2)) * switch (p.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1.0;
                default -> 1000.0;
            };
            if (p.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        return new Result(Double.parseDouble(rps.group(1)), p50, p99, Long.parseLong(total.group(1)), errors,
                output);
    }
}
