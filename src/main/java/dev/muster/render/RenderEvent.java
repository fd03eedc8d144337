package dev.muster.render;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a template's pipeline, for the history the UI shows.
 *
 * @param step   what ran: {@code render}, {@code write}, {@code check} or {@code reload}
 * @param ok     whether it succeeded
 * @param took   how long it ran
 * @param detail what it said: a command's output, a render error, the bytes written
 */
public record RenderEvent(Instant at, String step, boolean ok, Duration took, String detail) {
}
