package dev.muster.health;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body handler that keeps only the last {@code max} bytes (Consul's HTTP check reads the body
 * into a circular buffer of OutputMaxSize), so a huge or endless body costs bounded memory. Each
 * subscriber is confined to the HTTP client's delivery thread.
 */
final class TailBody implements HttpResponse.BodySubscriber<String> {
    private final byte[] ring;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private long total;

    private TailBody(int max) {
        this.ring = new byte[max];
    }

    static HttpResponse.BodyHandler<String> handler(int max) {
        return info -> new TailBody(max);
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            while (b.hasRemaining()) {
                ring[(int) (total++ % ring.length)] = b.get();
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        int size = (int) Math.min(total, ring.length);
        byte[] tail = new byte[size];
        int start = (int) (total - size);
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        result.complete(new String(tail, StandardCharsets.UTF_8));
    }
}
