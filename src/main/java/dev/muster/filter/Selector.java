package dev.muster.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dot-separated path into a JSON-like tree such as {@code Service.Meta["version"]}; resolving it fans out
 * over every list met before the last segment. Immutable and thread-safe.
 */
record Selector(List<String> path) {

    Selector {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a selector needs at least one segment");
        }
    }

    String root() {
        return path.get(0);
    }

    /**
     * Returns every value the path reaches in {@code tree}, one per list element passed through on the way;
     * a {@code null} entry stands for a missing key, a JSON null, or a path running through a scalar.
     */
    List<Object> valuesIn(Object tree) {
        List<Object> reached = new ArrayList<>();
        reached.add(tree);
        for (String segment : path) {
            List<Object> next = new ArrayList<>();
            for (Object candidate : reached) {
                collectChild(candidate, segment, next);
            }
            reached = next;
        }
        return reached;
    }

    private static void collectChild(Object parent, String segment, List<Object> into) {
        if (parent instanceof List<?> elements) {
            for (Object element : elements) {
                collectChild(element, segment, into);
            }
        } else if (parent instanceof Map<?, ?> map) {
            into.add(map.get(segment));
        } else {
            into.add(null);
        }
    }
}
