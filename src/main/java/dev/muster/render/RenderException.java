package dev.muster.render;

/**
 * A template that does not compile or does not render; the destination file is left as it was. A render that is
 * only {@link #notReady() not ready} waits for data (consul-template's {@code key} on a missing key, {@code safeLs}
 * on an empty prefix) and renders when it arrives.
 */
public final class RenderException extends RuntimeException {
    private final boolean notReady;

    public RenderException(String message, Throwable cause) {
        this(message, cause, false);
    }

    RenderException(String message, Throwable cause, boolean notReady) {
        super(message, cause);
        this.notReady = notReady;
    }

    /** True when the render waits for KV data rather than failed. */
    public boolean notReady() {
        return notReady;
    }
}
