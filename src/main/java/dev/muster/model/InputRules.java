package dev.muster.model;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Muster's rules for values that may reach a config file. Everything refuses control characters
 * (newlines included). Names, IDs and addresses that nginx configs use as words also refuse whitespace
 * and {@code ; { } ' " # $ \}; tags, meta values and check texts keep Consul's freedom because the
 * renderer escapes them. Shared by the HTTP API and the UI so both say the same thing. Stateless.
 */
public final class InputRules {
    /** The characters refused in names, IDs and addresses, as shown in messages. */
    public static final String CONFIG_BREAKING = ";{}'\"#$\\";
    /** C0 and C1 control characters (newlines included) and invisible format characters (zero-width, bidi overrides). */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\x{80}-\\x{9F}\\p{Cf}]");
    private static final Pattern WORD_BREAKING = Pattern.compile("[\\s\\p{Z}\\p{Cntrl}\\x{80}-\\x{9F}\\p{Cf};{}'\"#$\\\\]");
    private static final Pattern META_KEY = Pattern.compile("^[a-zA-Z0-9_-]+$");
    private static final int META_MAX_PAIRS = 64;
    private static final int META_KEY_MAX = 128;
    private static final int META_VALUE_MAX = 512;

    private InputRules() {
    }

    /** A reason when {@code value} (a name, ID or address called {@code what}) is refused. */
    public static Optional<String> checkWord(String what, String value) {
        if (WORD_BREAKING.matcher(value).find()) {
            return Optional.of("Invalid " + what + " " + quote(value)
                    + ": must not contain whitespace, control characters or any of " + CONFIG_BREAKING);
        }
        return Optional.empty();
    }

    /**
     * A reason when a service name is refused: the word rule, plus {@code /} and {@code :}, because a service
     * name becomes an nginx upstream name and {@code proxy_pass http://<name>} would read them as a path or
     * a port.
     */
    public static Optional<String> checkServiceName(String value) {
        Optional<String> word = checkWord("service name", value);
        if (word.isPresent() || (value.indexOf('/') < 0 && value.indexOf(':') < 0)) {
            return word;
        }
        return Optional.of("Invalid service name " + quote(value) + ": must not contain / or :");
    }

    /** A reason when free text (a tag, a check name) holds control characters. */
    public static Optional<String> checkText(String what, String value) {
        if (CONTROL.matcher(value).find()) {
            return Optional.of("Invalid " + what + " " + quote(value) + ": must not contain control characters");
        }
        return Optional.empty();
    }

    /**
     * A reason when a KV key is refused: keys Muster cannot store faithfully, a leading '/', an empty path segment
     * ('//') and path traversal. Shared by {@code /v1/kv}, {@code /v1/txn} and the UI's Key/Value page.
     */
    public static Optional<String> checkKvKey(String key) {
        if (key.startsWith("/")) {
            return Optional.of("key must not begin with a '/'");
        }
        if (key.contains("//")) {
            return Optional.of("key must not contain an empty path segment ('//')");
        }
        if (key.contains("../") || key.contains("..\\") || key.equals("..") || key.endsWith("/..")) {
            return Optional.of("key contains path traversal sequence");
        }
        return Optional.empty();
    }

    /** A reason when a service port is refused (the agent and catalog APIs and the UI say the same). */
    public static Optional<String> checkPort(int port) {
        if (port < 0 || port > 65535) {
            return Optional.of("Invalid service port " + port + ": must be 0-65535");
        }
        return Optional.empty();
    }

    /** Consul's ValidateWeights, with its messages. */
    public static Optional<String> checkWeights(int passing, int warning) {
        if (passing <= 0) {
            return Optional.of("Invalid Weights: Passing must be greater than 0");
        }
        if (warning < 0) {
            return Optional.of("Invalid Weights: Warning must be greater or equal than 0");
        }
        if (passing > 65535 || warning > 65535) {
            return Optional.of("Invalid Weights: DNS Weight must be between 0 and 65535");
        }
        return Optional.empty();
    }

    /** Consul's metadata rules (structs.ValidateMetadata) plus Muster's control-character rule. */
    public static Optional<String> checkMeta(Map<String, String> meta) {
        if (meta.size() > META_MAX_PAIRS) {
            return Optional.of("Node metadata cannot contain more than " + META_MAX_PAIRS + " key/value pairs");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String reason = metaPairReason(e.getKey(), e.getValue());
            if (reason != null) {
                return Optional.of("Couldn't load metadata pair ('" + e.getKey() + "', '" + e.getValue() + "'): " + reason);
            }
        }
        return Optional.empty();
    }

    private static String metaPairReason(String key, String value) {
        if (key.isEmpty()) {
            return "Key cannot be blank";
        }
        if (!META_KEY.matcher(key).matches()) {
            return "Key contains invalid characters";
        }
        if (key.length() > META_KEY_MAX) {
            return "Key is too long (limit: " + META_KEY_MAX + " characters)";
        }
        if (key.startsWith("consul-")) {
            return "Key prefix 'consul-' is reserved for internal use";
        }
        if (value.length() > META_VALUE_MAX) {
            return "Value is too long (limit: " + META_VALUE_MAX + " characters)";
        }
        if (CONTROL.matcher(value).find()) {
            return "Value contains control characters";
        }
        return null;
    }

    /** Quotes a value for a message, escaping what would make the message itself ambiguous. */
    private static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
