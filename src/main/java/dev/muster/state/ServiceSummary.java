package dev.muster.state;

import java.util.List;

/**
 * One service name of the catalog, as consul-template's {@code services()} and the UI list it: names are
 * case-insensitive, so one entry per folded name, spelled as its first instance spells it.
 *
 * @param tags      every tag of any instance, sorted
 * @param instances how many instances carry the name
 */
public record ServiceSummary(String name, List<String> tags, int instances) {
    public ServiceSummary {
        tags = List.copyOf(tags);
    }
}
