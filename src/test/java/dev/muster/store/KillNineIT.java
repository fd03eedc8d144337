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
import java.util.HashSet;
import java.util.List;
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
 * Proof that an acknowledged registration survives {@code kill -9}: a real Muster child process takes a
 * concurrent write load, is SIGKILLed in the middle of it, and a restart on the same data directory must
 * serve every registration that was answered {@code true}, with an index that never goes backwards.
 */
class KillNineIT {
    private static final int WRITERS = 8;
    private static final int MIN_ACKNOWLEDGED = 300;
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
        for (int cycle = 1; cycle <= cycles; cycle++) {
            try {
                ackedSoFar.addAll(killDuringLoadAndRestart(durability, checkpointBatches, dataDir, cycle, ackedSoFar));
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
                                                 Set<String> ackedBefore) throws Exception {
        long started = System.nanoTime();
        Child first = start(dataDir, durability, checkpointBatches, "first-" + cycle);
        long ready = System.nanoTime();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean killing = new AtomicBoolean();
        AtomicReference<String> loadFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> writeLoop(first.port(), cycle + "-" + writer, acknowledged, killing, loadFailure)));
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

        System.out.printf("KillNineIT[%s, checkpoint every %d, cycle %d]: %d acknowledged (%d at the kill signal), %d present after restart "
                        + "(%d committed but unacknowledged), index %d before kill, %d after restart, fresh %d; "
                        + "start %d ms, load %d ms, restart %d ms%n",
                durability, checkpointBatches, cycle, acked.size(), ackedAtKill, present.size(), present.size() - acked.size(), preKillIndex,
                afterRestart.index(), freshIndex, millis(started, ready), millis(ready, killed),
                millis(killed, restarted));
        return acked;
    }

    /** Registers distinct IDs until the child dies; a failure before the kill is recorded, not thrown. */
    private void writeLoop(int port, String writer, Set<String> acknowledged, AtomicBoolean killing,
                           AtomicReference<String> failure) {
        for (int n = 0; ; n++) {
            String id = "s-" + writer + "-" + n;
            try {
                HttpResponse<String> r = register(port, id);
                if (r.statusCode() == 200 && r.body().strip().equals("true")) {
                    acknowledged.add(id);
                } else if (!killing.get()) {
                    failure.compareAndSet(null, id + ": HTTP " + r.statusCode() + " " + r.body());
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
