package dev.muster.state;

import java.time.Duration;

/**
 * The blocking part of a read: answer at once when {@code minIndex} is 0, else wait until the result's
 * index exceeds it or {@code maxWait} (already defaulted and capped by the caller) runs out.
 */
public record QueryRequest(long minIndex, Duration maxWait) {
    public boolean blocks() {
        return minIndex != 0;
    }
}
