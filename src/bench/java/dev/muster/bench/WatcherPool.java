package dev.muster.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many watchers (one HTTP request each, on its own connection) from one NIO selector thread, so the
 * load tool costs a few kilobytes per watcher and never a thread. Connections are spread over several
 * source addresses in 127.0.0.0/8 (each has its own ~28k ephemeral ports). A wake-up is measured per
 * watcher from the moment the triggering write was acknowledged to the moment its answer was read.
 */
final class WatcherPool implements AutoCloseable {
    /** What counts as "woken". */
    enum Kind {
        /** A complete HTTP response (Content-Length or chunked): Muster's blocking queries, LP. */
        HTTP_RESPONSE,
        /** etcd's JSON gateway watch stream: first a {@code "created":true} message, then one with events. */
        ETCD_WATCH
    }

    /** Connects in flight at once: the servers' accept queues are short (Jetty's default backlog is 50). */
    private static final int MAX_PENDING_CONNECTS = 48;
    private static final byte[] CREATED = "\"created\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENTS = "\"events\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final byte[] request;
    private final Kind kind;
    private final Conn[] conns;
    private final Selector selector;
    private final Thread loop;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger early = new AtomicInteger();
    private volatile boolean closing;
    private volatile long triggerStartNanos = Long.MAX_VALUE;
    private volatile String firstError;
    private int nextToConnect;
    private int pendingConnects;

    private static final class Conn {
        final int id;
        SocketChannel channel;
        ByteBuffer out;
        byte[] in = new byte[0];
        int inLength;
        boolean ready;
        boolean finished;
        long doneNanos;
        boolean failed;

        Conn(int id) {
            this.id = id;
        }
    }

    private WatcherPool(InetSocketAddress target, List<InetAddress> sources, int count, byte[] request, Kind kind)
            throws IOException {
        this.target = target;
        this.sources = sources;
        this.request = request;
        this.kind = kind;
        this.conns = new Conn[count];
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "watcher-pool");
        loop.setDaemon(true);
    }

    static WatcherPool open(InetSocketAddress target, List<InetAddress> sources, int count, String request,
                            Kind kind) {
        try {
            WatcherPool pool = new WatcherPool(target, sources, count, request.getBytes(StandardCharsets.UTF_8),
                    kind);
            pool.loop.start();
            return pool;
        } catch (IOException e) {
            throw new BenchException("cannot open a selector: " + e, e);
        }
    }

    /** 127.0.0.2 … 127.0.0.(1+n): source addresses for the watchers' connections. */
    static List<InetAddress> loopbackSources(int n) {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
            } catch (IOException e) {
                throw new BenchException("bad loopback address", e);
            }
        }
        return out;
    }

    /**
     * Waits until every watcher has sent its request (and, for etcd, seen its watch created), then
     * {@code settle} more so the server has parked the last ones. Fails if that takes longer than timeout.
     */
    void awaitParked(Duration timeout, Duration settle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.get() + errors.get() < conns.length) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("only " + ready.get() + " of " + conns.length + " watchers parked within "
                        + timeout + " (" + errors.get() + " errors, first: " + firstError + ")");
            }
            Sleep.millis(10);
        }
        Sleep.millis(settle.toMillis());
    }

    int errors() {
        return errors.get();
    }

    int parked() {
        return ready.get() - done.get();
    }

    String firstError() {
        return firstError;
    }

    /** The outcome of one wake-up: latency per woken watcher (ms after the write's ack), and what went wrong. */
    record Wake(List<Double> latenciesMillis, int errors, int early, int missing) {
        double p(double percentile) {
            return Stats.percentile(latenciesMillis, percentile);
        }

        double max() {
            return latenciesMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /**
     * Runs the trigger (a write that returns the nanoTime of its acknowledgement) and waits until every
     * watcher has its answer, or the timeout. Latencies count from the acknowledgement, or from sending the
     * trigger when fromSend (a write with nothing to make durable, whose answer waits for the fan-out).
     */
    Wake wake(Callable<Long> trigger, Duration timeout, boolean fromSend) {
        long sent = System.nanoTime();
        triggerStartNanos = sent;
        long origin;
        try {
            long ack = trigger.call();
            origin = fromSend ? sent : ack;
        } catch (Exception e) {
            throw new BenchException("trigger failed: " + e.getMessage(), e);
        }
        long deadline = origin + timeout.toNanos();
        while (done.get() + errors.get() < conns.length && System.nanoTime() < deadline) {
            Sleep.millis(2);
        }
        List<Double> latencies = new ArrayList<>();
        int missing = 0;
        for (Conn c : conns) {
            if (c == null) {
                missing++;
            } else if (c.finished && !c.failed) {
                latencies.add((c.doneNanos - origin) / 1e6);
            } else if (!c.failed) {
                missing++;
            }
        }
        return new Wake(latencies, errors.get(), early.get(), missing);
    }

    private void run() {
        try {
            while (!closing) {
                connectMore();
                selector.select(5);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            fail(null, "selector loop: " + e);
        } finally {
            for (Conn c : conns) {
                if (c != null && c.channel != null) {
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void connectMore() {
        while (pendingConnects < MAX_PENDING_CONNECTS && nextToConnect < conns.length) {
            Conn c = new Conn(nextToConnect);
            conns[nextToConnect++] = c;
            try {
                c.channel = SocketChannel.open();
                c.channel.configureBlocking(false);
                c.channel.bind(new InetSocketAddress(sources.get(c.id % sources.size()), 0));
                if (c.channel.connect(target)) {
                    startWriting(c);
                } else {
                    pendingConnects++;
                    c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                fail(c, "connect: " + e);
            }
        }
    }

    private void handle(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        if (!key.isValid() || c.failed) {
            return;
        }
        try {
            if (key.isConnectable()) {
                pendingConnects--;
                c.channel.finishConnect();
                startWriting(c);
            } else if (key.isWritable()) {
                writeSome(c);
            } else if (key.isReadable()) {
                readSome(c);
            }
        } catch (IOException e) {
            fail(c, e.toString());
        }
    }

    private void startWriting(Conn c) throws IOException {
        c.out = ByteBuffer.wrap(request);
        writeSome(c);
    }

    private void writeSome(Conn c) throws IOException {
        c.channel.write(c.out);
        if (c.out.hasRemaining()) {
            c.channel.register(selector, SelectionKey.OP_WRITE, c);
            return;
        }
        c.out = null;
        c.channel.register(selector, SelectionKey.OP_READ, c);
        if (kind == Kind.HTTP_RESPONSE) {
            markReady(c);
        }
    }

    private void markReady(Conn c) {
        if (!c.ready) {
            c.ready = true;
            ready.incrementAndGet();
        }
    }

    private void readSome(Conn c) throws IOException {
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        long now = System.nanoTime();
        if (n < 0) {
            fail(c, "closed by the server before the answer (" + c.inLength + " bytes read)");
            return;
        }
        readBuffer.flip();
        if (c.inLength + n > c.in.length) {
            c.in = Arrays.copyOf(c.in, Math.max(c.in.length * 2, c.inLength + n));
        }
        readBuffer.get(c.in, c.inLength, n);
        c.inLength += n;
        if (kind == Kind.ETCD_WATCH) {
            if (!c.ready && indexOf(c.in, c.inLength, CREATED, 0) >= 0) {
                markReady(c);
            }
            if (indexOf(c.in, c.inLength, EVENTS, 0) >= 0) {
                finish(c, now);
            }
        } else if (responseComplete(c)) {
            int space = indexOf(c.in, c.inLength, new byte[] {' '}, 0);
            String status = new String(c.in, space + 1, 3, StandardCharsets.US_ASCII);
            if (!status.equals("200")) {
                fail(c, "HTTP " + status);
            } else {
                finish(c, now);
            }
        }
    }

    private void finish(Conn c, long now) {
        if (c.finished) {
            return;
        }
        c.finished = true;
        c.doneNanos = now;
        if (now < triggerStartNanos) {
            early.incrementAndGet();
            fail(c, "answered before the trigger");
            return;
        }
        done.incrementAndGet();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // the answer is in
        }
    }

    private boolean responseComplete(Conn c) {
        int headerEnd = indexOf(c.in, c.inLength, HEADER_END, 0);
        if (headerEnd < 0) {
            return false;
        }
        String headers = new String(c.in, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase();
        int lengthAt = headers.indexOf("\ncontent-length:");
        if (lengthAt >= 0) {
            int lineEnd = headers.indexOf('\r', lengthAt + 1);
            String value = headers.substring(lengthAt + 16, lineEnd < 0 ? headers.length() : lineEnd).trim();
            return c.inLength >= headerEnd + 4 + Integer.parseInt(value);
        }
        if (headers.contains("\ntransfer-encoding: chunked")) {
            return c.inLength >= LAST_CHUNK.length
                    && indexOf(c.in, c.inLength, LAST_CHUNK, c.inLength - LAST_CHUNK.length) >= 0;
        }
        return false;
    }

    private static int indexOf(byte[] data, int length, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fail(Conn c, String why) {
        if (firstError == null) {
            firstError = why;
        }
        if (c == null) {
            return;
        }
        if (!c.failed) {
            c.failed = true;
            errors.incrementAndGet();
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // already failed
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
