package dev.muster.api;

import dev.muster.agent.AgentError;
import dev.muster.filter.FilterException;
import dev.muster.state.WriteRejected;
import dev.muster.store.StoreException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only exception mapping of the HTTP API (Consul's agent/http.go {@code wrap}): plain-text bodies,
 * Consul's statuses, no stack traces. Unexpected failures are logged once, here.
 */
final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    static void register(JavalinConfig config) {
        config.routes.exception(Exception.class, (e, ctx) -> write(ctx, unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static void write(Context ctx, Throwable e) {
        if (e instanceof MethodNotAllowed m) {
            ctx.header("Allow", m.allow());
        }
        if (e instanceof ApiException a) {
            text(ctx, a.status(), a.getMessage());
        } else if (e instanceof FilterException f) {
            text(ctx, 500, "Failed to evaluate filter: " + f.getMessage());
        } else if (e instanceof AgentError a) {
            text(ctx, a.status(), a.getMessage());
        } else if (e instanceof WriteRejected w) {
            text(ctx, 500, w.getMessage());
        } else if (e instanceof StoreException s) {
            LOG.error("{} {}: {}", ctx.method(), ctx.path(), s.getMessage(), s.getCause());
            text(ctx, 500, s.getMessage());
        } else {
            LOG.error("{} {}: unexpected failure", ctx.method(), ctx.path(), e);
            text(ctx, 500, "An unexpected error occurred");
        }
    }

    static void text(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(message);
    }
}
