package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.testing.FakeScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReloadGateTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final AtomicInteger reloads = new AtomicInteger();

    @Test
    void burst_reloadsAtMostOncePerInterval_andNothingStaysPending() {
        ReloadGate gate = new ReloadGate(clock, Runnable::run, Duration.ofSeconds(1));
        List<String> command = List.of("true");
        // count command runs: requests that join a pending run share its one result object
        java.util.Set<CommandRunner.Result> runs = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.function.Consumer<CommandRunner.Result> done = r -> {
            runs.add(r);
            reloads.set(runs.size());
        };
        gate.request(command, Duration.ofSeconds(5), done);
        assertEquals(1, reloads.get(), "after a quiet spell the reload runs at once");
        for (int i = 0; i < 20; i++) {
            gate.request(command, Duration.ofSeconds(5), done);
            clock.advance(Duration.ofMillis(40));
        }
        assertEquals(1, reloads.get(), "the burst waits for the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, reloads.get(), "and ends in exactly one more reload");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(2, reloads.get(), "nothing stays pending");
    }

    @Test
    void joinedRequests_allReceiveTheResult() {
        ReloadGate gate = new ReloadGate(clock, Runnable::run, Duration.ofSeconds(1));
        List<String> command = List.of("true");
        gate.request(command, Duration.ofSeconds(5), r -> reloads.incrementAndGet());
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        gate.request(command, Duration.ofSeconds(5), r -> first.incrementAndGet());
        gate.request(command, Duration.ofSeconds(5), r -> second.incrementAndGet());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, first.get());
        assertEquals(1, second.get(), "a template that joined a pending reload hears its outcome too");
    }
}
