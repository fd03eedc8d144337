package dev.muster.gotemplate;

/** What a missing map key yields (Go's {@code missingkey} option; consul-template runs with {@link #ZERO}). */
public enum MissingKey {
    /** No value: prints {@code <no value>} (Go's default). */
    DEFAULT,
    /** The zero of the map's element type ({@link TypedMap}), else a nil interface. */
    ZERO,
    /** An execution error: {@code map has no entry for key "x"}. */
    ERROR
}
