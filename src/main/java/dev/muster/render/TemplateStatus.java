package dev.muster.render;

import java.time.Instant;

/**
 * What happened to one template lately — last render, last error, last check and reload with their output —
 * for logs, the UI and metrics. Immutable snapshot.
 *
 * @param lastError null when the last render, check and reload succeeded
 */
public record TemplateStatus(String name, String destination, long renders, long writes, long reloads, long failures,
                             Instant lastRenderAt, Instant lastWriteAt, String lastError, Instant lastReloadAt,
                             int lastReloadExit, String lastReloadOutput, String lastCheckOutput) {
}
