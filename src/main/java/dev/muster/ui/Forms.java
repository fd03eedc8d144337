package dev.muster.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every form handler does: read the submitted fields, and wait until its write is durable. Stateless. */
final class Forms {
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private Forms() {
    }

    /** The named fields of the submitted form ("" for a missing one). */
    static Map<String, String> values(Context ctx, String... fields) {
        Map<String, String> form = new HashMap<>();
        for (String f : fields) {
            String v = ctx.formParam(f);
            form.put(f, v == null ? "" : v);
        }
        return form;
    }

    /** Waits for a write; its failure (e.g. the store refusing writes) reaches the error page. */
    static <T> T await(CompletableFuture<T> write) {
        try {
            return write.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not save: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("saving took longer than " + WRITE_TIMEOUT_SECONDS + " s", e);
        }
    }
}
