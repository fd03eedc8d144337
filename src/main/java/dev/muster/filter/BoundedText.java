package dev.muster.filter;

/**
 * The text a {@code matches} regex runs over, with a budget of character reads: Java regexes backtrack,
 * so a hostile pattern such as {@code (a+)+$} could otherwise hold a thread for ever (Go's RE2 cannot).
 * Counting reads instead of timing keeps the outcome deterministic. One instance per match; not
 * thread-safe.
 */
final class BoundedText implements CharSequence {
    /** Far above what a linear-time match over Consul's value sizes (≤ 512 chars of meta) needs. */
    static final long READ_BUDGET = 2_000_000;

    private final String text;
    private final long[] reads;

    BoundedText(String text) {
        this(text, new long[1]);
    }

    private BoundedText(String text, long[] reads) {
        this.text = text;
        this.reads = reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads[0] > READ_BUDGET) {
            throw new FilterException("regular expression is too expensive to evaluate on "
                    + Math.min(text.length(), 40) + "+ characters; simplify the pattern");
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), reads);
    }

    @Override
    public String toString() {
        return text;
    }
}
