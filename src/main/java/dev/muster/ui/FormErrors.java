package dev.muster.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What is wrong with a submitted form, by field name (first message per field wins). */
final class FormErrors {
    private final Map<String, String> byField = new LinkedHashMap<>();

    void add(String field, String message) {
        byField.putIfAbsent(field, message);
    }

    void add(String field, Optional<String> message) {
        message.ifPresent(m -> add(field, m));
    }

    boolean isEmpty() {
        return byField.isEmpty();
    }

    boolean has(String field) {
        return byField.containsKey(field);
    }

    /** For templates: field → message. */
    Map<String, String> asMap() {
        return Map.copyOf(byField);
    }
}
