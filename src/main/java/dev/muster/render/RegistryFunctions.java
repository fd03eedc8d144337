package dev.muster.render;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * consul-template's functions for Pebble: {@code services()}, {@code service(name[, filter])},
 * {@code nodes()}, the KV functions {@code key}, {@code keyOrDefault}, {@code keyExists}, {@code ls},
 * {@code safeLs}, {@code tree}, {@code safeTree} ({@link KvView}), {@code env(name)} and the {@code byTag} filter. Each render passes its
 * {@link RegistryView} in the context under {@link #VIEW}. Stateless.
 */
final class RegistryFunctions extends AbstractExtension {
    static final String VIEW = "_registry";

    @Override
    public Map<String, Function> getFunctions() {
        Map<String, Function> f = new LinkedHashMap<>();
        f.put("services", function(List.of(), (args, view) -> view.services()));
        f.put("service", function(List.of("name", "filter"), (args, view) -> view.service(
                String.valueOf(args.get("name")), args.get("filter") == null ? "passing" : String.valueOf(args.get("filter")))));
        f.put("nodes", function(List.of(), (args, view) -> view.nodes()));
        f.put("key", function(List.of("name"), (args, view) -> view.kv().key(text(args, "name"))));
        f.put("keyOrDefault", function(List.of("name", "default"),
                (args, view) -> view.kv().keyOrDefault(text(args, "name"), text(args, "default"))));
        f.put("keyExists", function(List.of("name"), (args, view) -> view.kv().keyExists(text(args, "name"))));
        f.put("ls", function(List.of("prefix"), (args, view) -> view.kv().ls(text(args, "prefix"), false)));
        f.put("safeLs", function(List.of("prefix"), (args, view) -> view.kv().ls(text(args, "prefix"), true)));
        f.put("tree", function(List.of("prefix"), (args, view) -> view.kv().tree(text(args, "prefix"), false)));
        f.put("safeTree", function(List.of("prefix"), (args, view) -> view.kv().tree(text(args, "prefix"), true)));
        f.put("env", function(List.of("name"), (args, view) -> {
            String value = System.getenv(String.valueOf(args.get("name")));
            return value == null ? "" : value;
        }));
        return f;
    }

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("byTag", new ByTag());
    }

    /** A string argument ("" when omitted). */
    private static String text(Map<String, Object> args, String name) {
        Object v = args.get(name);
        return v == null ? "" : String.valueOf(v);
    }

    private interface Body {
        Object apply(Map<String, Object> args, RegistryView view);
    }

    private static Function function(List<String> argumentNames, Body body) {
        return new Function() {
            @Override
            public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                return body.apply(args, (RegistryView) context.getVariable(VIEW));
            }

            @Override
            public List<String> getArgumentNames() {
                return argumentNames;
            }
        };
    }

    /** {@code instances | byTag}: tag → instances carrying it, tags sorted. */
    private static final class ByTag implements Filter {
        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int line) {
            Map<String, List<Object>> out = new TreeMap<>();
            if (input instanceof List<?> instances) {
                for (Object i : instances) {
                    if (i instanceof Map<?, ?> m && m.get("Tags") instanceof List<?> tags) {
                        for (Object t : tags) {
                            out.computeIfAbsent(String.valueOf(t), k -> new ArrayList<>()).add(i);
                        }
                    }
                }
            }
            return out;
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }
    }
}
