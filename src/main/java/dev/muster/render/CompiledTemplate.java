package dev.muster.render;

import dev.muster.state.WatchSet;

/** A template compiled by one of the engines, ready to render against the registry. Thread-safe. */
interface CompiledTemplate {
    /** The engine's name as {@link TemplateStatus#engine()} reports it: {@code pebble} or {@code go}. */
    String engine();

    /**
     * Renders against the current registry, registering what it read in {@code watches}; a failure is a
     * {@link RenderException} (a not-ready one when it waits for KV data). Writes nothing.
     */
    String render(WatchSet watches);

    /** A compiled template from its engine's name and its render function. */
    static CompiledTemplate of(String engine, java.util.function.Function<WatchSet, String> render) {
        return new CompiledTemplate() {
            @Override
            public String engine() {
                return engine;
            }

            @Override
            public String render(WatchSet watches) {
                return render.apply(watches);
            }
        };
    }
}
