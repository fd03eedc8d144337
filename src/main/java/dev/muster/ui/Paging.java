package dev.muster.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A case-insensitive text filter and one page of the result, so a list of thousands stays usable.
 *
 * @param query   the filter text ("" = everything)
 * @param page    1-based page shown
 * @param pages   number of pages (at least 1)
 * @param total   items matching the filter
 */
record Paging<T>(List<T> items, String query, int page, int pages, int total) {
    static final int PAGE_SIZE = 50;

    /** Filters {@code all} by {@code query} on the text {@code describe} gives, and cuts out page {@code page}. */
    static <T> Paging<T> of(List<T> all, String query, String page, Function<T, String> describe) {
        String q = query == null ? "" : query.trim();
        String needle = q.toLowerCase(Locale.ROOT);
        List<T> matching = needle.isEmpty() ? all
                : all.stream().filter(t -> describe.apply(t).toLowerCase(Locale.ROOT).contains(needle)).toList();
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int p = 1;
        try {
            p = Math.min(pages, Math.max(1, Integer.parseInt(page == null ? "1" : page)));
        } catch (NumberFormatException e) {
            // an unreadable page number shows the first page
        }
        int from = (p - 1) * PAGE_SIZE;
        return new Paging<>(matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE)), q, p, pages,
                matching.size());
    }
}
