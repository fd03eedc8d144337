package dev.muster.gotemplate;

/**
 * A template that does not parse or does not execute, with Go's message: {@code template: NAME:LINE: …} for
 * parse errors, {@code template: NAME:LINE:COL: executing "NAME" at <NODE>: …} for execution errors.
 */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message, null, false, false);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
