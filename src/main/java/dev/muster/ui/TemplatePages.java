package dev.muster.ui;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.muster.render.RenderEvent;
import dev.muster.render.TemplateStatus;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders and reloads: every template's state, and per template the file as Muster left it, the unified
 * diff of its last change and the history of renders, writes, checks and reloads with their output.
 */
final class TemplatePages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int DIFF_CONTEXT = 3;

    private final Supplier<List<TemplateStatus>> templates;
    private final UiPages pages;

    TemplatePages(Supplier<List<TemplateStatus>> templates, UiPages pages) {
        this.templates = templates;
        this.pages = pages;
    }

    /** A history row with its time and duration as text. */
    record EventRow(String at, String step, boolean ok, long millis, String detail) {
        static EventRow of(RenderEvent e) {
            return new EventRow(time(e.at()), e.step(), e.ok(), e.took().toMillis(), e.detail());
        }
    }

    void list(Context ctx) {
        pages.render(ctx, "templates", "templates", Map.of("templates", templates.get()));
    }

    void show(Context ctx) {
        String name = ctx.pathParam("name");
        TemplateStatus t = templates.get().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("No template named " + name));
        pages.render(ctx, "template", "templates", Map.of(
                "t", t,
                "diff", diff(t),
                "changedAt", time(t.lastChangeAt()),
                "history", t.history().stream().map(EventRow::of).toList()));
    }

    /** One line of a unified diff and how to show it: {@code add}, {@code del}, {@code hunk} or "". */
    record DiffLine(String text, String kind) {
        static DiffLine of(String line) {
            String kind = line.startsWith("+++") || line.startsWith("---") ? "file"
                    : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "";
            return new DiffLine(line, kind);
        }
    }

    /** The unified diff of the last change Muster made to the file (empty when it made none). */
    static List<DiffLine> diff(TemplateStatus t) {
        if (t.lastChangeAt() == null) {
            return List.of();
        }
        List<String> before = t.previousContent().lines().toList();
        List<String> after = t.content().lines().toList();
        return UnifiedDiffUtils.generateUnifiedDiff(t.destination() + " (before)", t.destination(), before,
                DiffUtils.diff(before, after), DIFF_CONTEXT).stream().map(DiffLine::of).toList();
    }

    static String time(Instant at) {
        return at == null ? "never" : TIME.format(at);
    }
}
