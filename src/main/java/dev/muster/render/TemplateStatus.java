package dev.muster.render;

import java.time.Instant;
import java.util.List;

/**
 * What happened to one template lately — counters, the last render, write, check and reload with their time,
 * outcome and output, the last error, the file as it stands and as it stood before the last change, and the
 * recent history — for logs, the UI, {@code /v1/muster/templates} and metrics. Immutable snapshot.
 *
 * @param source          the template file, or null for inline {@code contents}
 * @param engine          the template language: {@value TemplateRenderer#ENGINE}
 * @param renders         renders that produced output
 * @param writes          writes of the destination because its content changed
 * @param checks          runs of the check command (successful or not)
 * @param reloads         runs of the reload command (successful or not)
 * @param failures        failed steps: render, write, check or reload
 * @param lastError       null when the last render, check and reload succeeded
 * @param lastRender      the last render attempt (null: none yet); likewise {@code lastWrite}, {@code lastCheck},
 *                        {@code lastReload}
 * @param lastSuccessAt   when a cycle last ended with everything done (null: never)
 * @param content         the destination's content as Muster last left it ("" before the first render)
 * @param previousContent the content before the last change Muster made ("" when there was none or no file)
 * @param lastChangeAt    when Muster last changed the file (null: never)
 * @param history         recent pipeline steps, newest first
 */
public record TemplateStatus(String name, String source, String engine, String destination, long renders, long writes,
                             long checks, long reloads, long failures, String lastError, RenderEvent lastRender,
                             RenderEvent lastWrite, RenderEvent lastCheck, RenderEvent lastReload, Instant lastSuccessAt,
                             String content, String previousContent, Instant lastChangeAt, List<RenderEvent> history) {
    public TemplateStatus {
        history = List.copyOf(history);
    }

    /** True while the last render, check or reload failed (until the next success). */
    public boolean failing() {
        return lastError != null;
    }

    /** {@code failing}, {@code ok} once a cycle succeeded, else {@code pending} (not rendered yet). */
    public String state() {
        return failing() ? "failing" : lastSuccessAt != null ? "ok" : "pending";
    }
}
