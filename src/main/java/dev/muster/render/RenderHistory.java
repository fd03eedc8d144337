package dev.muster.render;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last {@value #CAPACITY} events of one template, newest first. Confined to the render thread. */
final class RenderHistory {
    static final int CAPACITY = 100;
    private final ArrayDeque<RenderEvent> events = new ArrayDeque<>(CAPACITY);

    void add(RenderEvent event) {
        if (events.size() == CAPACITY) {
            events.removeLast();
        }
        events.addFirst(event);
    }

    /** An immutable copy, newest first. */
    List<RenderEvent> snapshot() {
        return List.copyOf(new ArrayList<>(events));
    }
}
