package dev.muster.render;

/** A template that does not compile or does not render; the destination file is left as it was. */
public final class RenderException extends RuntimeException {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
