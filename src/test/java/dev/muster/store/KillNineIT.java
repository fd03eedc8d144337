package dev.muster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import dev.muster.testing.ChildMuster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proof that an acknowledged write survives {@code kill -9}: a real Muster child process takes a concurrent load
 * of registrations, KV writes, lock acquisitions and session destroys, is SIGKILLed in the middle of it, and a
 * restart on the same data directory must serve every write that was answered {@code true} (every registration and
 * KV value, every lock held by its session, every destroyed session gone with its lock released), with an index
 * that never goes backwards.
 */
class KillNineIT {
    private static final int WRITERS = 8;
    /** Registrations acknowledged before the kill (each comes with a KV put, a lock and, for half, a destroy). */
    private static final int MIN_ACKNOWLEDGED = 100;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(20);
    /** Exit status Java reports for a child ended by signal 9 (128 + SIGKILL). */
    private static final int KILLED_BY_SIGKILL = 137;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> children = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    private record Child(Process process, int port) {
    }

    private record Read(long index, JsonNode body) {
    }

    /**
     * The KV side of the load, acknowledged writes only: values by key; locks whose acquisition was answered true
     * and whose session no destroy was sent for (must still be held); locks whose session's destroy was answered
     * true (must be free, the session gone).
     */
    private record KvAcks(Map<String, String> values, Map<String, String> held, Map<String, String> released) {
        KvAcks() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }

        void addAll(KvAcks other) {
            values.putAll(other.values);
            other.released.keySet().forEach(held::remove);
            held.putAll(other.held);
            released.putAll(other.released);
        }
    }

    @AfterEach
    void destroyChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Shipped settings, {@code -durability write}, and a checkpoint of the change log requested after every
     * batch (so checkpoints run all through the load and the kill lands in one), killed and restarted 20 times
     * on the same data directory.
     */
    @ParameterizedTest(name = "durability {0}, checkpoint every {1} batches, {2} kill cycles")
    @CsvSource({"fsync, 1000, 1", "write, 1000, 1", "fsync, 1, 20"})
    void killNine_duringWriteLoad_keepsEveryAcknowledgedRegistration(String durability, int checkpointBatches,
                                                                      int cycles) throws Exception {
        Path dataDir = tmp.resolve("data");
        Set<String> ackedSoFar = new HashSet<>();
        KvAcks kvSoFar = new KvAcks();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            try {
                ackedSoFar.addAll(killDuringLoadAndRestart(durability, checkpointBatches, dataDir, cycle, ackedSoFar,
                        kvSoFar));
            } catch (Throwable t) {
                printChildLogs();
                throw t;
            }
            destroyChildren();
            children.clear();
            logs.clear();
        }
    }

    /** One cycle: start, load, kill -9, restart; every registration acknowledged in this or an earlier cycle must be there. */
    private Set<String> killDuringLoadAndRestart(String durability, int checkpointBatches, Path dataDir, int cycle,
                                                 Set<String> ackedBefore, KvAcks kvSoFar) throws Exception {
        long started = System.nanoTime();
        Child first = start(dataDir, durability, checkpointBatches, "first-" + cycle);
        long ready = System.nanoTime();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        KvAcks kvAcks = new KvAcks();
        AtomicBoolean killing = new AtomicBoolean();
        AtomicReference<String> loadFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> writeLoop(first.port(), cycle + "-" + writer, acknowledged, kvAcks, killing,
                    loadFailure)));
        }

        long loadDeadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (acknowledged.size() < MIN_ACKNOWLEDGED && loadFailure.get() == null
                && System.nanoTime() < loadDeadline) {
            Thread.sleep(10);
        }
        assertNull(loadFailure.get(), "write load failed before the kill");
        assertTrue(acknowledged.size() >= MIN_ACKNOWLEDGED,
                "only " + acknowledged.size() + " acknowledged writes in " + LOAD_TIMEOUT);
        long preKillIndex = get(first.port(), "/v1/catalog/service/load").index();
        assertTrue(writers.stream().noneMatch(Future::isDone), "a writer stopped before the kill");

        killing.set(true);
        int ackedAtKill = acknowledged.size();
        first.process().destroyForcibly();
        assertTrue(first.process().waitFor(10, TimeUnit.SECONDS), "child did not die after destroyForcibly");
        assertEquals(KILLED_BY_SIGKILL, first.process().exitValue(), "child was not ended by SIGKILL");
        long killed = System.nanoTime();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "writers did not stop after the kill");
        assertNull(loadFailure.get(), "write load failed before the kill");
        Set<String> acked = new HashSet<>(acknowledged);
        acked.addAll(ackedBefore);
        kvSoFar.addAll(kvAcks);

        Child second = start(dataDir, durability, checkpointBatches, "restart-" + cycle);
        long restarted = System.nanoTime();
        Read afterRestart = get(second.port(), "/v1/catalog/service/load");
        Set<String> present = new HashSet<>();
        long maxRecoveredIndex = 0;
        for (JsonNode instance : afterRestart.body()) {
            present.add(instance.get("ServiceID").asText());
            maxRecoveredIndex = Math.max(maxRecoveredIndex, instance.get("ModifyIndex").asLong());
        }
        Set<String> missing = new TreeSet<>(acked);
        missing.removeAll(present);
        assertTrue(missing.isEmpty(), missing.size() + " of " + acked.size()
                + " acknowledged registrations lost after kill -9 (durability " + durability + "): "
                + missing.stream().limit(50).toList());
        verifyKv(second.port(), kvSoFar, durability);
        assertTrue(afterRestart.index() >= preKillIndex,
                "X-Consul-Index went backwards: " + preKillIndex + " before the kill, " + afterRestart.index() + " after");

        String freshId = "s-fresh-" + cycle;
        assertEquals("true", register(second.port(), freshId).body().strip());
        acked.add(freshId);
        Read fresh = get(second.port(), "/v1/catalog/service/load");
        long freshIndex = createIndexOf(fresh.body(), freshId);
        long highestBefore = Math.max(preKillIndex, maxRecoveredIndex);
        assertTrue(freshIndex > highestBefore,
                "fresh registration got index " + freshIndex + ", not above " + highestBefore);
        assertTrue(fresh.index() > preKillIndex,
                "X-Consul-Index " + fresh.index() + " after a fresh write is not above " + preKillIndex);

        System.out.printf("KillNineIT[%s, checkpoint every %d, cycle %d]: %d registrations acknowledged (%d at the kill "
                        + "signal), %d present after restart (%d committed but unacknowledged); %d KV values, %d held "
                        + "locks, %d destroyed sessions acknowledged so far, all present; index %d before kill, %d after "
                        + "restart, fresh %d; start %d ms, load %d ms, restart %d ms%n",
                durability, checkpointBatches, cycle, acked.size(), ackedAtKill, present.size(),
                present.size() - acked.size(), kvSoFar.values().size(), kvSoFar.held().size(),
                kvSoFar.released().size(), preKillIndex, afterRestart.index(), freshIndex, millis(started, ready),
                millis(ready, killed), millis(killed, restarted));
        return acked;
    }

    /**
     * Until the child dies, repeats four writes with fresh names: a registration, a KV put, a session create plus
     * an acquire with it, and the destroy of that session; a failure before the kill is recorded, not thrown.
     */
    private void writeLoop(int port, String writer, Set<String> acknowledged, KvAcks kv, AtomicBoolean killing,
                           AtomicReference<String> failure) {
        for (int n = 0; ; n++) {
            String id = "s-" + writer + "-" + n;
            try {
                if (!step(port, id, acknowledged, kv) && !killing.get()) {
                    failure.compareAndSet(null, id + ": a write was not acknowledged before the kill");
                    return;
                }
            } catch (IOException e) {
                if (!killing.get()) {
                    failure.compareAndSet(null, id + ": " + e);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One round of the four writes; false when one was refused. */
    private boolean step(int port, String id, Set<String> acknowledged, KvAcks kv)
            throws IOException, InterruptedException {
        if (!isTrue(register(port, id))) {
            return false;
        }
        acknowledged.add(id);
        if (!isTrue(put(port, "/v1/kv/kv/" + id, id))) {
            return false;
        }
        kv.values().put("kv/" + id, id);
        HttpResponse<String> created = put(port, "/v1/session/create", "{\"Name\":\"" + id + "\"}");
        if (created.statusCode() != 200) {
            return false;
        }
        String session = JSON.readTree(created.body()).get("ID").asText();
        String lock = "lock/" + id;
        if (!isTrue(put(port, "/v1/kv/" + lock + "?acquire=" + session, id))) {
            return false;
        }
        kv.held().put(lock, session);
        if (id.hashCode() % 2 == 0) {
            return true; // half the locks stay held
        }
        kv.held().remove(lock); // from here its state is unknown until the destroy is acknowledged
        if (!isTrue(put(port, "/v1/session/destroy/" + session, ""))) {
            return false;
        }
        kv.released().put(lock, session);
        return true;
    }

    /** Every acknowledged KV value is there, every held lock held by its session, every destroyed session gone. */
    private void verifyKv(int port, KvAcks kv, String durability) throws IOException, InterruptedException {
        Map<String, String> values = new HashMap<>();
        for (JsonNode e : getOrEmpty(port, "/v1/kv/kv/?recurse")) {
            values.put(e.get("Key").asText(), new String(Base64.getDecoder().decode(e.get("Value").asText())));
        }
        Map<String, String> holders = new HashMap<>();
        for (JsonNode e : getOrEmpty(port, "/v1/kv/lock/?recurse")) {
            holders.put(e.get("Key").asText(), e.path("Session").asText(""));
        }
        Set<String> sessions = new HashSet<>();
        get(port, "/v1/session/list").body().forEach(x -> sessions.add(x.get("ID").asText()));
        List<String> problems = new ArrayList<>();
        kv.values().forEach((key, value) -> {
            if (!value.equals(values.get(key))) {
                problems.add(key + " = " + values.get(key) + ", acknowledged " + value);
            }
        });
        kv.held().forEach((key, session) -> {
            if (!session.equals(holders.get(key))) {
                problems.add(key + " held by '" + holders.get(key) + "', acknowledged acquire by " + session);
            }
        });
        kv.released().forEach((key, session) -> {
            if (sessions.contains(session) || !"".equals(holders.get(key))) {
                problems.add("destroyed session " + session + " still there or still holding " + key);
            }
        });
        assertTrue(problems.isEmpty(), problems.size() + " acknowledged KV or session writes lost after kill -9 "
                + "(durability " + durability + "): " + problems.stream().limit(20).toList());
    }

    /** The JSON array at {@code path}, or an empty one for a 404 (an empty prefix). */
    private JsonNode getOrEmpty(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> put(int port, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isTrue(HttpResponse<String> r) {
        return r.statusCode() == 200 && r.body().strip().equals("true");
    }

    private HttpResponse<String> register(int port, String serviceId) throws IOException, InterruptedException {
        String body = """
                {"Node":"n1","Address":"127.0.0.1","Service":{"ID":"%s","Service":"load","Port":17}}"""
                .formatted(serviceId);
        HttpRequest request = HttpRequest.newBuilder(uri(port, "/v1/catalog/register"))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Read get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
        String index = r.headers().firstValue("X-Consul-Index")
                .orElseThrow(() -> new AssertionError("GET " + path + " has no X-Consul-Index"));
        return new Read(Long.parseLong(index), JSON.readTree(r.body()));
    }

    private static long createIndexOf(JsonNode instances, String serviceId) {
        for (JsonNode instance : instances) {
            if (instance.get("ServiceID").asText().equals(serviceId)) {
                return instance.get("CreateIndex").asLong();
            }
        }
        throw new AssertionError(serviceId + " not listed after it was acknowledged");
    }

    /** Starts {@code java -jar muster.jar agent} on a free port and waits until it answers. */
    private Child start(Path dataDir, String durability, int checkpointBatches, String name) throws Exception {
        Path jar = Path.of(System.getProperty("muster.jar", "target/muster.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no Muster jar at " + jar + " (system property muster.jar)");
        int port = ChildMuster.freePort();
        Path log = tmp.resolve(name + ".log");
        logs.add(log);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "agent", "-data-dir", dataDir.toString(), "-http-port", String.valueOf(port),
                "-node", "kill-test", "-durability", durability, "-checkpoint-batches", String.valueOf(checkpointBatches))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(process);
        ChildMuster.awaitLeader(process, port, log, READY_TIMEOUT);
        return new Child(process, port);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private void printChildLogs() {
        for (Path log : logs) {
            System.out.println("----- " + log.getFileName() + " -----");
            try {
                System.out.println(Files.readString(log));
            } catch (IOException e) {
                System.out.println("(unreadable: " + e + ")");
            }
        }
    }
}
