package dev.muster.config;

/** Invalid configuration: names the key, the value and the expected form. Start-up fails with it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
