package dev.muster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"10s,10000", "1m30s,90000", "500ms,500", "1.5s,1500", "2h,7200000", "0,0", "120000ms,120000",
        "1h1m1s,3661000", ".5s,500", "1000us,1", "1000µs,1"})
    void parse_goSyntax_millis(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"60", "60foo", "", "s", "1x", "10 s", "1.2.3s"})
    void parse_notADuration_throws(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "500,500ms", "1500,1.5s", "10000,10s", "60000,1m0s", "90000,1m30s", "3600000,1h0m0s",
        "5400000,1h30m0s"})
    void format_likeGoStringer(long millis, String text) {
        assertEquals(text, GoDuration.format(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @CsvSource({"1,1ns", "1500,1.5µs"})
    void format_subMillisecond(long nanos, String text) {
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }
}
