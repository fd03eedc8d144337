package dev.muster.render;

import dev.muster.config.TemplateConfig;
import dev.muster.gotemplate.GoFunction;
import dev.muster.gotemplate.MissingKey;
import dev.muster.gotemplate.Template;
import dev.muster.gotemplate.TemplateException;
import dev.muster.state.CatalogState;
import dev.muster.state.HealthState;
import dev.muster.state.KvState;
import dev.muster.model.InputRules;
import dev.muster.state.WatchSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeSet;

/**
 * consul-template's own templates, unchanged: Go's {@code text/template} ({@link Template}) with
 * consul-template's functions ({@link CtFunctions}), {@code missingkey=zero} (or {@code error} with
 * {@code error_on_missing_key}), the template's delimiters and {@code function_denylist}. Registry strings and KV
 * values outside {@code raw_kv_prefixes} are tainted and checked with the nginx rule when printed, also after
 * printf, join or replaceAll, and a refusal names where the value came from. Thread-safe.
 */
final class GoEngine {
    static final String ENGINE = "go";
    /** Nesting of executeTemplate calls one render allows (consul-template has no bound: #921). */
    private static final int MAX_EXECUTE_DEPTH = 16;

    private final CatalogState catalog;
    private final HealthState health;
    private final KvState kv;
    private final String datacenter;

    GoEngine(CatalogState catalog, HealthState health, KvState kv, String datacenter) {
        this.catalog = catalog;
        this.health = health;
        this.kv = kv;
        this.datacenter = datacenter;
    }

    /**
     * Parses the template; a syntax error or a function Muster does not run is a {@link RenderException} naming
     * the template, so start-up fails with it.
     */
    CompiledTemplate compile(TemplateConfig config, String source) {
        TemplateConfig.Language lang = config.language();
        Template template;
        try {
            template = Template.parse(config.name(), source, CtFunctions.NAMES, lang.leftDelimiter(),
                    lang.rightDelimiter(), lang.errorOnMissingKey() ? MissingKey.ERROR : MissingKey.ZERO);
        } catch (TemplateException e) {
            throw new RenderException("parse: " + e.getMessage(), e);
        }
        Set<String> refused = new TreeSet<>(template.functionsCalled());
        refused.retainAll(CtFunctions.UNSUPPORTED.keySet());
        if (!refused.isEmpty()) {
            String first = refused.iterator().next();
            throw new RenderException(config.name() + ": function " + CtFunctions.quote(first)
                    + " is not supported by Muster: " + CtFunctions.UNSUPPORTED.get(first)
                    + (refused.size() > 1 ? " (also used: " + String.join(", ", refused) + ")" : ""), null);
        }
        Set<String> denied = Set.copyOf(lang.functionDenylist());
        return CompiledTemplate.of(ENGINE, watches -> execute(config, template, watches, denied));
    }

    private String execute(TemplateConfig config, Template template, WatchSet watches, Set<String> denied) {
        CtFunctions functions = new CtFunctions(catalog, health, kv, watches, config.rawKvPrefixes(), datacenter);
        int[] depth = {0};
        Template.PrintCheck check = (text, origin) -> {
            if (!NginxEscaping.safe(text)) {
                throw new IllegalArgumentException("refused: " + origin + " holds " + CtFunctions.quote(text)
                        + ", which has whitespace, a control character or one of " + InputRules.CONFIG_BREAKING
                        + " and cannot be written into an nginx config");
            }
        };
        // executeTemplate runs the same template set with the same functions: bound after they exist
        AtomicReference<Map<String, GoFunction>> bound = new AtomicReference<>();
        bound.set(functions.functions((name, dot) -> {
            if (++depth[0] > MAX_EXECUTE_DEPTH) {
                throw new IllegalArgumentException("executeTemplate nested deeper than " + MAX_EXECUTE_DEPTH);
            }
            try {
                return template.execute(name, dot, bound.get(), check);
            } finally {
                depth[0]--;
            }
        }, denied));
        try {
            return template.execute(config.name(), null, bound.get(), check);
        } catch (TemplateException e) {
            KvView.NotReady waiting = notReady(e);
            if (waiting != null) {
                throw new RenderException(config.name() + ": not ready: " + waiting.getMessage(), e, true);
            }
            throw new RenderException("execute: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RenderException(config.name() + ": " + e, e);
        }
    }

    private static KvView.NotReady notReady(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KvView.NotReady n) {
                return n;
            }
        }
        return null;
    }
}
