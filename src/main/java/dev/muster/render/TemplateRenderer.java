package dev.muster.render;

import dev.muster.config.TemplateConfig;
import dev.muster.state.CatalogState;
import dev.muster.state.HealthState;
import dev.muster.state.KvState;
import dev.muster.state.WatchSet;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.core.DisallowExtensionCustomizerBuilder;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pebble set up for config files, not HTML: every print goes through {@link NginxEscaping}, strict
 * variables (a typo fails the render instead of writing an empty upstream), no newline trimming (so a
 * directive never merges into the next line), {@code Locale.ROOT}, comments as {@code {* *}} so nginx's
 * {@code #} and {@code {#} stay literal, and no way around the escaping ({@code raw}, {@code date},
 * {@code autoescape} and the template-loading tags are removed, and every named strategy of {@code escape}
 * is the nginx one). Thread-safe.
 */
public final class TemplateRenderer {
    /** The template language this renderer runs, as {@link TemplateStatus#engine()} reports it. */
    public static final String ENGINE = "pebble";
    private static final int MAX_RENDERED_BYTES = 64 * 1024 * 1024;

    private final PebbleEngine engine;
    private final CatalogState catalog;
    private final HealthState health;
    private final KvState kv;
    private final GoEngine go;

    /** A renderer for datacenter {@code dc1}. */
    public TemplateRenderer(CatalogState catalog, HealthState health, KvState kv) {
        this(catalog, health, kv, "dc1");
    }

    /** @param datacenter Muster's datacenter (consul-template's {@code datacenters}, and {@code @dc} checks) */
    public TemplateRenderer(CatalogState catalog, HealthState health, KvState kv, String datacenter) {
        this.catalog = catalog;
        this.health = health;
        this.kv = kv;
        this.go = new GoEngine(catalog, health, kv, datacenter);
        this.engine = new PebbleEngine.Builder()
                .loader(new StringLoader())
                .cacheActive(false)
                .autoEscaping(true)
                .addEscapingStrategy(NginxEscaping.NAME, new NginxEscaping())
                .defaultEscapingStrategy(NginxEscaping.NAME)
                // Pebble's own strategies would let "| escape('html')" through unescaped for nginx.
                .addEscapingStrategy("html", new NginxEscaping())
                .addEscapingStrategy("js", new NginxEscaping())
                .addEscapingStrategy("css", new NginxEscaping())
                .addEscapingStrategy("url_param", new NginxEscaping())
                .addEscapingStrategy("json", new NginxEscaping())
                .strictVariables(true)
                .newLineTrimming(false)
                .defaultLocale(Locale.ROOT)
                .maxRenderedSize(MAX_RENDERED_BYTES)
                .syntax(new Syntax.Builder().setEnableNewLineTrimming(false)
                        .setCommentOpenDelimiter("{*").setCommentCloseDelimiter("*}").build())
                .extension(new RegistryFunctions())
                .registerExtensionCustomizer(new DisallowExtensionCustomizerBuilder()
                        // raw, date (returns a SafeString) and autoescape would skip the nginx check; include,
                        // embed, extends, import and from would compile a string — possibly a registry value — as
                        // a template (the loader reads names as source text).
                        .disallowedFilterKeys(List.of("raw", "date"))
                        .disallowedFunctionKeys(List.of("i18n"))
                        .disallowedTokenParserTags(List.of("autoescape", "include", "embed", "extends", "import",
                                "from", "parallel"))
                        .build())
                .build();
    }

    /**
     * Compiles a template block with its engine: the block's {@code engine}, else Go for {@code .ctmpl} and
     * {@code .tmpl} sources and Pebble for the rest (inline {@code contents} too). A syntax error is a
     * {@link RenderException} naming the template.
     */
    CompiledTemplate compile(TemplateConfig config, String source) {
        String engineName = config.language().engine();
        boolean goTemplate = engineName != null ? engineName.equals(GoEngine.ENGINE)
                : config.source() != null && (config.source().endsWith(".ctmpl") || config.source().endsWith(".tmpl"));
        if (goTemplate) {
            return go.compile(config, source);
        }
        PebbleTemplate template = compile(config.name(), source);
        return CompiledTemplate.of(ENGINE, watches -> render(config.name(), template, watches, config.rawKvPrefixes()));
    }

    /** Compiles a Pebble template; a syntax error is a {@link RenderException} naming the template. */
    public PebbleTemplate compile(String name, String source) {
        try {
            return engine.getTemplate(source);
        } catch (RuntimeException e) {
            throw new RenderException(name + ": " + e.getMessage(), e);
        }
    }

    /** {@link #render(String, PebbleTemplate, WatchSet, List)} with no raw KV prefixes. */
    public String render(String name, PebbleTemplate template, WatchSet watches) {
        return render(name, template, watches, List.of());
    }

    /**
     * Renders against the current registry, registering everything read in {@code watches}. Any failure
     * (a refused value, a missing variable) is a {@link RenderException}, a wait for KV data a not-ready one;
     * nothing is written by this method. Values of keys under {@code rawKvPrefixes} print unchecked.
     */
    public String render(String name, PebbleTemplate template, WatchSet watches, List<String> rawKvPrefixes) {
        StringWriter out = new StringWriter();
        RegistryView view = new RegistryView(catalog, health, new KvView(kv, watches, rawKvPrefixes), watches);
        try {
            template.evaluate(out, Map.of(RegistryFunctions.VIEW, view));
        } catch (IOException | RuntimeException e) {
            KvView.NotReady waiting = notReady(e);
            if (waiting != null) {
                throw new RenderException(name + ": not ready: " + waiting.getMessage(), e, true);
            }
            throw new RenderException(name + ": " + rootMessage(e), e);
        } catch (StackOverflowError e) {
            throw new RenderException(name + ": the template recursed too deeply", e);
        }
        return out.toString();
    }

    /** Watches again what a fired watch set watched (see {@link dev.muster.state.CatalogState#rewatch}). */
    WatchSet rewatch(WatchSet fired) {
        return catalog.rewatch(fired);
    }

    private static KvView.NotReady notReady(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KvView.NotReady n) {
                return n;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
