package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.testing.FakeScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuiescenceTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final AtomicInteger fired = new AtomicInteger();

    @Test
    void noWait_firesAtOnce() {
        Quiescence q = new Quiescence(clock, Duration.ZERO, Duration.ZERO, fired::incrementAndGet);
        q.changed();
        q.changed();
        assertEquals(2, fired.get());
    }

    @Test
    void min_firesAfterQuietSpell_onceForABurst() {
        Quiescence q = new Quiescence(clock, Duration.ofSeconds(2), Duration.ofSeconds(10), fired::incrementAndGet);
        q.changed();
        clock.advance(Duration.ofSeconds(1));
        q.changed();
        clock.advance(Duration.ofMillis(1900));
        assertEquals(0, fired.get(), "each change restarts the quiet timer");
        clock.advance(Duration.ofMillis(200));
        assertEquals(1, fired.get());
    }

    @Test
    void max_capsAnEndlessBurst() {
        Quiescence q = new Quiescence(clock, Duration.ofSeconds(2), Duration.ofSeconds(5), fired::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            q.changed();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(2, fired.get(), "a render at least every max while changes keep coming");
    }
}
