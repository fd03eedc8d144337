package dev.muster.render;

import java.time.Instant;
import java.util.List;

/**
 * What happened to one template lately — last render, last error, last check and reload with their output,
 * the file as it stands and as it stood before the last change, and the recent history — for logs, the UI
 * and metrics. Immutable snapshot.
 *
 * @param lastError       null when the last render, check and reload succeeded
 * @param content         the destination's content as Muster last left it ("" before the first render)
 * @param previousContent the content before the last change Muster made ("" when there was none or no file)
 * @param lastChangeAt    when Muster last changed the file (null: never)
 * @param history         recent pipeline steps, newest first
 */
public record TemplateStatus(String name, String destination, long renders, long writes, long reloads, long failures,
                             Instant lastRenderAt, Instant lastWriteAt, String lastError, Instant lastReloadAt,
                             int lastReloadExit, String lastReloadOutput, String lastCheckOutput, String content,
                             String previousContent, Instant lastChangeAt, List<RenderEvent> history) {
    public TemplateStatus {
        history = List.copyOf(history);
    }

    /** True while the last render, check or reload failed (until the next success). */
    public boolean failing() {
        return lastError != null;
    }
}
