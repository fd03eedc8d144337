package dev.muster.bench;

/** Thread.sleep without the checked exception (the bench never interrupts itself). */
final class Sleep {
    private Sleep() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
