package dev.muster.ui;

import dev.muster.render.TemplateStatus;
import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The UI's Pebble engine — a separate one from the renderer's, with HTML autoescaping on and strict
 * variables — and the page frame every page shares: navigation, the form token, and the banner of
 * templates whose last render, check or reload failed (shown on every page until the next success).
 */
final class UiPages {
    private final PebbleEngine engine;
    private final CsrfGuard csrf;
    private final Supplier<List<TemplateStatus>> templates;

    UiPages(CsrfGuard csrf, Supplier<List<TemplateStatus>> templates) {
        ClasspathLoader loader = new ClasspathLoader(UiPages.class.getClassLoader());
        loader.setPrefix("ui/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .strictVariables(true)
                .defaultLocale(Locale.ROOT)
                .build();
        this.csrf = csrf;
        this.templates = templates;
    }

    /** Renders {@code page} with {@code model} plus the frame's values, as the response (status unchanged). */
    void render(Context ctx, String page, String section, Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("section", section);
        m.put("csrf", csrf.token(ctx));
        m.put("failing", templates.get().stream().filter(TemplateStatus::failing).toList());
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(page).evaluate(out, m, Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }
}
