package dev.muster.gotemplate;

/**
 * Go's invalid {@code reflect.Value}: "no value", what a missing map key or a field of nil data yields. It prints
 * {@code <no value>} at the top level, is false, and differs from {@code null} (Go's nil interface). Singleton.
 */
public enum Missing {
    VALUE;

    @Override
    public String toString() {
        return "<no value>";
    }
}
