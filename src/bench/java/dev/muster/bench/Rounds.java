package dev.muster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Interleaved repetitions: round 0 runs every target once as a warm-up (not counted), then each of the
 * measured rounds runs every target once more, in the same order, so slow phases of a shared machine hit
 * baseline and Muster alike.
 */
final class Rounds {
    private final Map<String, IntFunction<Wrk.Result>> targets = new LinkedHashMap<>();
    private final Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();

    /** run(round) does one run; round 0 is the warm-up. */
    Rounds target(String name, IntFunction<Wrk.Result> run) {
        targets.put(name, run);
        results.put(name, new ArrayList<>());
        return this;
    }

    Rounds run(int measuredRounds) {
        for (int round = 0; round <= measuredRounds; round++) {
            for (Map.Entry<String, IntFunction<Wrk.Result>> t : targets.entrySet()) {
                Wrk.Result r = t.getValue().apply(round);
                System.out.printf("  round %d %-22s %10.0f req/s  p99 %7.2f ms  errors %d%n", round, t.getKey(),
                        r.requestsPerSecond(), r.p99Millis(), r.errors());
                if (round > 0) {
                    results.get(t.getKey()).add(r);
                }
            }
        }
        return this;
    }

    List<Double> rps(String name) {
        return results.get(name).stream().map(Wrk.Result::requestsPerSecond).toList();
    }

    long requests(String name) {
        return results.get(name).stream().mapToLong(Wrk.Result::requests).sum();
    }

    /** "no errors", or how many of how many requests failed. */
    String errors(String name) {
        long errors = results.get(name).stream().mapToLong(Wrk.Result::errors).sum();
        return errors == 0 ? "no errors" : errors + " errors in " + requests(name) + " requests";
    }
}
