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
        gate.request(command, Duration.ofSeconds(5), r -> reloads.incrementAndGet());
        assertEquals(1, reloads.get(), "after a quiet spell the reload runs at once");
        for (int i = 0; i < 20; i++) {
            gate.request(command, Duration.ofSeconds(5), r -> reloads.incrementAndGet());
            clock.advance(Duration.ofMillis(40));
        }
        assertEquals(1, reloads.get(), "the burst waits for the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, reloads.get(), "and ends in exactly one more reload");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(2, reloads.get(), "nothing stays pending");
    }
}
