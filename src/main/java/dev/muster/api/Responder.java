package dev.muster.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.muster.filter.Filter;
import dev.muster.state.BlockingQuery;
import dev.muster.state.Indexed;
import dev.muster.state.WatchSet;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cross-cutting part of every endpoint in one place: parse the common parameters, run a read as a
 * blocking query without holding a thread, render it, set Consul's headers, write JSON; and read
 * request bodies with a size limit. Thread-safe.
 */
final class Responder {
    /** Largest request body accepted (Consul's KV limit; registrations are far smaller). */
    static final int MAX_BODY_BYTES = 512 * 1024;

    private final Json json;
    private final BlockingQuery blockingQuery;
    private final String datacenter;
    /**
     * Encoded answers by request and index. Every read's index moves whenever its answer can change
     * (see IndexTable), so watchers woken by the same write share one encoding instead of each
     * rendering and serialising the same bytes.
     */
    private final Cache<EncodedKey, byte[]> encoded = Caffeine.newBuilder()
            .maximumWeight(64L * 1024 * 1024)
            .weigher((EncodedKey k, byte[] v) -> v.length + k.request().length())
            .expireAfterAccess(Duration.ofMinutes(1))
            .build();

    private record EncodedKey(String request, long index) {
    }

    Responder(Json json, BlockingQuery blockingQuery, String datacenter) {
        this.json = json;
        this.blockingQuery = blockingQuery;
        this.datacenter = datacenter;
    }

    String datacenter() {
        return datacenter;
    }

    /**
     * Serves a blocking-capable read.
     *
     * @param filterFields top-level fields {@code ?filter} may select
     * @param query        runs the state read, registering what it read in the watch set
     * @param render       turns the value into the response tree, applying {@code ?filter} where it belongs
     */
    <T> void read(Context ctx, Set<String> filterFields, Function<QueryParams, Function<WatchSet, Indexed<T>>> query,
                  BiFunction<T, QueryParams, Object> render) {
        QueryParams params = QueryParams.parse(ctx, datacenter, filterFields);
        String cacheKey = ctx.path() + "?" + withoutBlockingParams(ctx.queryString());
        readAndWrite(ctx, params, query.apply(params), result -> {
            byte[] body = encoded.get(new EncodedKey(cacheKey, result.index()),
                    k -> json.encode(render.apply(result.value(), params), params.pretty()));
            ctx.status(200);
            ctx.contentType("application/json");
            ctx.result(body);
        });
    }

    /**
     * Serves a blocking-capable read whose answer {@code write} writes (status and body); the index and
     * consistency headers are set here first. {@link #read} is this with a rendered, cached JSON answer; KV
     * uses it directly for its 404s and raw values.
     */
    <T> void readAndWrite(Context ctx, QueryParams params, Function<WatchSet, Indexed<T>> query,
                          Consumer<Indexed<T>> write) {
        CompletableFuture<Indexed<T>> answer = blockingQuery.run(params.blocking(), query);
        Consumer<Indexed<T>> respond = result -> {
            ConsulHeaders.write(ctx, result.index(), params.consistency());
            write.accept(result);
        };
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            // A non-blocking read (or one already past its index) answers on this thread: going through
            // ctx.future would suspend and resume the request (servlet async) for nothing.
            respond.accept(answer.join());
            return;
        }
        ctx.future(() -> answer.thenAccept(respond));
    }

    /** The query string without {@code index}, {@code wait} and {@code hash}, which do not change the answer. */
    private static String withoutBlockingParams(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String part : query.split("&")) {
            if (!part.startsWith("index=") && !part.startsWith("wait=") && !part.startsWith("hash=")) {
                out.append(part).append('&');
            }
        }
        return out.toString();
    }

    void writeJson(Context ctx, Object tree, boolean pretty) {
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(json.encode(tree, pretty));
    }

    /** Answers a write once the state store has made it durable. */
    void written(Context ctx, CompletableFuture<?> write, Object answer) {
        ctx.future(() -> write.thenAccept(ignored -> writeJson(ctx, answer, QueryParams.pretty(ctx))));
    }

    /** Answers a write with its outcome (KV's {@code true}/{@code false}) once the state store has made it durable. */
    void writtenOutcome(Context ctx, CompletableFuture<?> write) {
        ctx.future(() -> write.thenAccept(outcome -> writeJson(ctx, outcome, QueryParams.pretty(ctx))));
    }

    /** Answers an agent write (200, empty body, as Consul) once the state store has made it durable. */
    void done(Context ctx, CompletableFuture<?> write) {
        ctx.future(() -> write.thenAccept(ignored -> ctx.status(200)));
    }

    /** Reads and parses a JSON object body (any Content-Type, chunked or not), refusing oversized ones. */
    JsonBody body(Context ctx, String struct) throws IOException {
        return new JsonBody(json.parse(rawBody(ctx, "")), struct);
    }

    /**
     * The request body as bytes, at most {@link #MAX_BODY_BYTES} by Content-Length and by what is read (a
     * chunked body has no length), else 413 with Consul's text and {@code hint} after it.
     */
    static byte[] rawBody(Context ctx, String hint) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared, hint);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge(bytes.length + in.transferTo(java.io.OutputStream.nullOutputStream()), hint);
            }
            return bytes;
        }
    }

    private static ApiException tooLarge(long bytes, String hint) {
        return new ApiException(413, "Request body(" + bytes + " bytes) too large, max size: " + MAX_BODY_BYTES
                + " bytes." + hint);
    }

    /** Keeps the items whose wire tree matches the filter (all of them without one). */
    static List<Map<String, Object>> filter(List<Map<String, Object>> items, Filter filter) {
        if (filter == null) {
            return items;
        }
        return items.stream().filter(filter::matches).toList();
    }
}
