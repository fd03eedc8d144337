package dev.muster.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.muster.testing.ExternalTools;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real nginx: a Muster child process renders the shipped {@code conf/nginx.peb} into an nginx
 * {@code conf.d} file, checks it with {@code nginx -t} and reloads nginx, while the test drives the catalog API
 * and asserts on what nginx actually serves. Two in-test HTTP backends answer {@code backend-1} and
 * {@code backend-2}. The nested classes are the harness (nginx, Muster, backends), shared with
 * {@link HostileNamesIT}.
 */
class NginxRenderIT {
    /** Deadline for each awaited state; generous because the CI machine has two loaded cores. */
    static final Duration STEP = Duration.ofSeconds(20);
    /** The brief's budget for a health change to leave nginx, plus room for nginx's own reload. */
    private static final Duration HEALTH_CHANGE_BUDGET = Duration.ofMillis(1500);
    private static final Duration RELOAD_MIN_INTERVAL = Duration.ofSeconds(1);
    /** Consecutive answers from the surviving backend that count as "nginx no longer uses the failed one". */
    private static final int STREAK = 8;
    private static final String TOMCAT = "www.tomcat.com";
    private static final String PLACEHOLDER = "# placeholder written by the test before Muster starts\n";
    private static final String FORCE_502 = "server 127.0.0.1:65535; # force a 502";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> started = new ArrayList<>();
    private Nginx nginx;
    private Muster muster;

    @BeforeAll
    static void requireNginx() {
        Nginx.require();
    }

    @AfterEach
    void stopEverything() {
        closeAll(started);
    }

    /** a–c: both backends served round robin, a failed check leaves nginx within the budget, 502, removal. */
    @Test
    void renderedConfig_followsRegistrationsAndHealth() throws Exception {
        Backend b1 = backend("backend-1");
        Backend b2 = backend("backend-2");
        nginx = start(Nginx.start(tmp.resolve("nginx"), PLACEHOLDER));
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), RELOAD_MIN_INTERVAL, List.of(Muster.template(
                Muster.shippedTemplate(), nginx.confFile(), nginx.argv("-t", "-q"), nginx.argv("-s", "reload"))));
        muster = start(Muster.start(tmp.resolve("muster"), config, nginx.listen()));
        withDiagnostics(() -> {
            // Muster renders once at start, so the placeholder goes before anything is registered.
            await("Muster's first render replacing the placeholder in " + nginx.confFile(),
                    () -> nginx.conf().contains("placeholder") ? null : true);

            // a. both instances rendered, nginx -t passes, round robin reaches both backends.
            assertRegistered(muster.register(b1.port(), "passing"));
            assertRegistered(muster.register(b2.port(), "passing"));
            await("both backends in the rendered upstream", () -> nginx.conf().contains(serverLine(b1))
                    && nginx.conf().contains(serverLine(b2)) ? true : null);
            await("nginx answering backend-1 and backend-2 for " + TOMCAT, () -> nginx.seesAll(TOMCAT, 10,
                    Set.of(b1.body(), b2.body())) ? true : null);
            nginx.assertConfigTestPasses();
            String conf = nginx.conf();
            assertTrue(conf.contains("upstream tomcat {"), conf);
            assertTrue(conf.contains("server_name " + TOMCAT + ";"), conf);
            assertTrue(conf.contains("listen " + nginx.listen() + ";"), conf);
            assertFalse(conf.contains("upstream consul"), "the consul service must be skipped:\n" + conf);
            assertFalse(conf.contains(FORCE_502), conf);
            nginx.assertOnlyMusterConfInConfD();

            // b. a critical check takes backend-1 out of the file and out of nginx within the budget.
            Thread.sleep(RELOAD_MIN_INTERVAL.toMillis() + 200); // measure latency, not the rate limiter
            Transition gone = measureRemoval(b1, b2);
            System.out.printf("NginxRenderIT: critical check -> file without backend-1 after %d ms, nginx stopped "
                            + "answering backend-1 after %d ms (%d requests, budget %d ms)%n",
                    gone.fileMillis(), gone.nginxMillis(), gone.requests(), HEALTH_CHANGE_BUDGET.toMillis());
            assertTrue(gone.nginxMillis() <= HEALTH_CHANGE_BUDGET.toMillis(), "nginx still answered backend-1 "
                    + gone.nginxMillis() + " ms after its check went critical (budget "
                    + HEALTH_CHANGE_BUDGET.toMillis() + " ms)");
            assertEquals(List.of(), gone.errors(), "requests failed while nginx reloaded");
            nginx.assertConfigTestPasses();

            // c. no healthy instance left: the fallback server, and nginx answers 502.
            assertRegistered(muster.register(b2.port(), "critical"));
            await("the 502 fallback in the tomcat upstream", () -> {
                String c = nginx.conf();
                return c.contains(FORCE_502) && !c.contains(serverLine(b2)) ? true : null;
            });
            await("nginx answering 502 for " + TOMCAT, () -> nginx.get(TOMCAT).status() == 502 ? true : null);
            assertTrue(nginx.conf().contains("server_name " + TOMCAT + ";"), nginx.conf());
            nginx.assertConfigTestPasses();

            // c. no instance at all: the service leaves services(), its server block goes, nginx stops listening.
            assertRegistered(muster.deregister("tomcat", "127.0.0.1:" + b1.port()));
            assertRegistered(muster.deregister("tomcat", "127.0.0.1:" + b2.port()));
            await("the tomcat upstream and server block removed", () -> {
                String c = nginx.conf();
                return !c.contains("tomcat") && !c.contains(FORCE_502) ? true : null;
            });
            await("nginx no longer listening on " + nginx.listen(),
                    () -> nginx.get(TOMCAT).connectFailed() ? true : null);
            nginx.assertConfigTestPasses();
            nginx.assertOnlyMusterConfInConfD();
            assertTrue(nginx.isAlive(), "nginx exited");
        });
    }

    /** d: a render that fails nginx -t is rolled back: last good file, no reload, nginx keeps serving. */
    @Test
    void failedCheck_restoresLastGoodFile_andNginxKeepsServing() throws Exception {
        Backend b1 = backend("backend-1");
        Backend b2 = backend("backend-2");
        nginx = start(Nginx.start(tmp.resolve("nginx"), PLACEHOLDER));
        Path template = tmp.resolve("breakable.peb");
        Files.writeString(template, Files.readString(Muster.shippedTemplate())
                + "{% for s in services() %}{% if s.Name == \"break\" %}this_is_not_a_directive;{% endif %}"
                + "{% endfor %}\n");
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), RELOAD_MIN_INTERVAL, List.of(Muster.template(
                template, nginx.confFile(), nginx.loggingCheckCommand(), nginx.loggingReloadCommand())));
        muster = start(Muster.start(tmp.resolve("muster"), config, nginx.listen()));
        withDiagnostics(() -> {
            assertRegistered(muster.register(b1.port(), "passing"));
            assertRegistered(muster.register(b2.port(), "passing"));
            await("nginx answering backend-1 and backend-2 for " + TOMCAT, () -> nginx.seesAll(TOMCAT, 10,
                    Set.of(b1.body(), b2.body())) ? true : null);
            String good = await("the two-backend file, checked", () -> {
                byte[] file = nginx.confBytes();
                String c = new String(file, UTF_8);
                return c.contains(serverLine(b1)) && c.contains(serverLine(b2)) && nginx.passedCheck(file) ? c : null;
            });
            assertTrue(nginx.checkResults().stream().allMatch(r -> r.startsWith("rc=0 ")), nginx.checkLog());
            int checksBefore = nginx.checkResults().size();
            int reloadsBefore = nginx.reloadCount();
            assertTrue(reloadsBefore >= 1, "the reload command never ran");

            assertRegistered(muster.registerService("breaker", "break", "break-1", b1.port()));
            String failed = await("a failing check_command run after registering 'break'", () -> nginx.checkResults()
                    .stream().skip(checksBefore).filter(r -> !r.startsWith("rc=0 ")).findFirst().orElse(null));
            assertTrue(failed.contains("this_is_not_a_directive"), "the check failed for another reason: " + failed);
            assertTrue(nginx.lastChecked().contains("this_is_not_a_directive;"),
                    "check_command did not run with the new file in place:\n" + nginx.lastChecked());
            await("the last good file restored", () -> nginx.conf().equals(good) ? true : null);
            Thread.sleep(RELOAD_MIN_INTERVAL.toMillis() + 500); // a reload after the failed check would show now
            assertEquals(good, nginx.conf(), "the destination changed after the rollback");
            assertEquals(reloadsBefore, nginx.reloadCount(), "nginx was reloaded after a failed check:\n"
                    + nginx.checkLog());
            nginx.assertConfigTestPasses();
            nginx.assertOnlyMusterConfInConfD();
            assertTrue(nginx.seesAll(TOMCAT, 10, Set.of(b1.body(), b2.body())),
                    "nginx stopped serving both backends after the rollback");

            // Removing the bad service lets the next change render, check and reload again. A third backend, because
            // nginx answers an unknown Host from its default (first) server block, tomcat's.
            Backend b3 = backend("backend-3");
            assertRegistered(muster.deregister("breaker", "break-1"));
            assertRegistered(muster.registerService("tomcat", "after", "after-1", b3.port()));
            await("www.after.com rendered and checked after 'break' left", () -> {
                byte[] file = nginx.confBytes();
                String c = new String(file, UTF_8);
                return c.contains("server_name www.after.com;") && !c.contains("this_is_not_a_directive")
                        && nginx.passedCheck(file) ? true : null;
            });
            await("a reload after recovering", () -> nginx.reloadCount() > reloadsBefore ? true : null);
            await("nginx answering backend-3 for www.after.com",
                    () -> b3.body().equals(nginx.get("www.after.com").body()) ? true : null);
            assertTrue(nginx.seesAll(TOMCAT, 10, Set.of(b1.body(), b2.body())), "tomcat lost after recovering");
            nginx.assertConfigTestPasses();
            nginx.assertOnlyMusterConfInConfD();
        });
    }

    /**
     * The seed's own consul-template file ({@code conf/item.consul.ctmpl}, only its listen port moved to a free one)
     * through the Go engine: both backends served, a deregistration reaches nginx, and with no healthy instance the
     * force-a-502 line.
     */
    @Test
    void seedConsulTemplate_runsUnchanged_andNginxFollowsIt() throws Exception {
        Backend b1 = backend("backend-1");
        Backend b2 = backend("backend-2");
        nginx = start(Nginx.start(tmp.resolve("nginx"), PLACEHOLDER));
        Path seed = tmp.resolve("item.consul.ctmpl");
        Files.writeString(seed, Files.readString(Path.of("conf/item.consul.ctmpl"))
                .replace("listen 80", "listen " + nginx.listen()));
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), RELOAD_MIN_INTERVAL, List.of(Muster.template(
                seed, nginx.confFile(), nginx.argv("-t", "-q"), nginx.argv("-s", "reload"))));
        muster = start(Muster.start(tmp.resolve("muster"), config, nginx.listen()));
        withDiagnostics(() -> {
            assertRegistered(muster.register(b1.port(), "passing"));
            assertRegistered(muster.register(b2.port(), "passing"));
            await("nginx answering backend-1 and backend-2 for " + TOMCAT, () -> nginx.seesAll(TOMCAT, 10,
                    Set.of(b1.body(), b2.body())) ? true : null);
            String conf = nginx.conf();
            assertTrue(conf.contains("upstream tomcat {") && conf.contains("server_name www.tomcat.com;"), conf);
            nginx.assertConfigTestPasses();

            assertRegistered(muster.deregister("tomcat", "127.0.0.1:" + b1.port()));
            await("backend-1 gone from nginx", () -> !nginx.conf().contains(serverLine(b1))
                    && nginx.seesAll(TOMCAT, 6, Set.of(b2.body())) ? true : null);

            assertRegistered(muster.register(b2.port(), "critical"));
            await("the seed's force-a-502 line", () -> nginx.conf().contains(FORCE_502) ? true : null);
            await("nginx answering 502 for " + TOMCAT, () -> nginx.get(TOMCAT).status() == 502 ? true : null);
            nginx.assertConfigTestPasses();
            assertTrue(get(muster, "/v1/muster/templates").contains("\"Engine\":\"go\""), "the status names the engine");
            assertTrue(get(muster, "/ui/templates").contains("Go (consul-template)"), "so does the Renders page");
        });
    }

    private static String get(Muster muster, String path) throws Exception {
        return muster.get(path).body();
    }

    /**
     * KV reaches nginx: a template waits (keeping the placeholder) until the key {@code key} needs exists, takes
     * an nginx snippet from a {@code raw_kv_prefixes} prefix, and a changed value is served after the reload; a
     * value that could break the config, outside the raw prefix, is refused and the last good file stays.
     */
    @Test
    void kvChange_reachesNginx_andAHostileValueIsRefused() throws Exception {
        nginx = start(Nginx.start(tmp.resolve("nginx"), PLACEHOLDER));
        Path template = tmp.resolve("kv.peb");
        Files.writeString(template, """
                server {
                  listen {{ env("MUSTER_NGINX_LISTEN") }};
                  server_name kv.example.com;
                  {{ key("nginx/snippets/location") }}
                  location / { return 200 {{ keyOrDefault("site/greeting", "hello-default") }}; }
                }
                """);
        Map<String, Object> block = Muster.template(template, nginx.confFile(), nginx.argv("-t", "-q"),
                nginx.argv("-s", "reload"));
        block.put("raw_kv_prefixes", List.of("nginx/snippets/"));
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), RELOAD_MIN_INTERVAL, List.of(block));
        muster = start(Muster.start(tmp.resolve("muster"), config, nginx.listen()));
        withDiagnostics(() -> {
            Thread.sleep(500); // the first render happens at start; it must wait for the key, not write
            assertEquals(PLACEHOLDER, nginx.conf(), "rendered before nginx/snippets/location existed");
            assertRegistered(muster.put("/v1/kv/nginx/snippets/location",
                    "location /health { return 200 snippet-ok; }"));
            await("nginx serving the default greeting", () -> "hello-default".equals(nginx.get("kv.example.com")
                    .body()) ? true : null);
            assertTrue(nginx.conf().contains("location /health { return 200 snippet-ok; }"), nginx.conf());
            assertRegistered(muster.put("/v1/kv/site/greeting", "hello-from-kv"));
            await("nginx serving the greeting from KV", () -> "hello-from-kv".equals(nginx.get("kv.example.com")
                    .body()) ? true : null);
            String good = nginx.conf();
            assertRegistered(muster.put("/v1/kv/site/greeting", "x; } server { listen 81"));
            Thread.sleep(RELOAD_MIN_INTERVAL.toMillis() + 500);
            assertEquals(good, nginx.conf(), "a KV value that breaks the config was written");
            assertEquals("hello-from-kv", nginx.get("kv.example.com").body());
            nginx.assertConfigTestPasses();
        });
    }

    private Transition measureRemoval(Backend failed, Backend survivor) throws Exception {
        HttpResponse<String> r = muster.register(failed.port(), "critical");
        long t0 = System.nanoTime();
        assertRegistered(r);
        long deadline = t0 + STEP.toNanos();
        long fileGone = -1;
        long streakStart = -1;
        int streak = 0;
        int requests = 0;
        List<String> errors = new ArrayList<>();
        while (streak < STREAK) {
            if (System.nanoTime() > deadline) {
                fail("nginx still answered " + failed.body() + " " + STEP + " after its check went critical");
            }
            if (fileGone < 0 && !nginx.conf().contains(serverLine(failed))) {
                fileGone = System.nanoTime();
            }
            long sent = System.nanoTime();
            Reply reply = nginx.get(TOMCAT);
            requests++;
            if (reply.status() != 200) {
                errors.add(reply.toString());
            }
            if (failed.body().equals(reply.body())) {
                streak = 0;
            } else if (survivor.body().equals(reply.body())) {
                if (streak++ == 0) {
                    streakStart = sent;
                }
            }
        }
        if (fileGone < 0) {
            fileGone = System.nanoTime();
            assertFalse(nginx.conf().contains(serverLine(failed)), nginx.conf());
        }
        return new Transition(TimeUnit.NANOSECONDS.toMillis(fileGone - t0),
                TimeUnit.NANOSECONDS.toMillis(streakStart - t0), requests, errors);
    }

    private record Transition(long fileMillis, long nginxMillis, int requests, List<String> errors) {
    }

    private static String serverLine(Backend b) {
        return "server 127.0.0.1:" + b.port() + " ";
    }

    static void assertRegistered(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.uri() + ": " + r.body());
        assertEquals("true", r.body().strip(), r.uri() + ": " + r.body());
    }

    private Backend backend(String body) throws IOException {
        return start(Backend.start(body));
    }

    private <T extends AutoCloseable> T start(T resource) {
        started.add(0, resource);
        return resource;
    }

    private void withDiagnostics(Step body) throws Exception {
        try {
            body.run();
        } catch (Throwable t) {
            System.out.println(diagnostics(muster, nginx));
            throw t;
        }
    }

    /** Muster's log, nginx's logs and the rendered file, for a failure message. */
    static String diagnostics(Muster muster, Nginx nginx) {
        StringBuilder sb = new StringBuilder("===== diagnostics =====\n");
        if (muster != null) {
            sb.append("----- Muster log (").append(muster.log()).append(") -----\n").append(read(muster.log()));
        }
        if (nginx != null) {
            sb.append("----- rendered ").append(nginx.confFile()).append(" -----\n").append(read(nginx.confFile()))
                    .append("----- nginx error.log -----\n").append(read(nginx.prefix().resolve("error.log")))
                    .append("----- nginx stdout/stderr -----\n").append(read(nginx.prefix().resolve("nginx.out")))
                    .append("----- check_command log (logging wrapper only) -----\n").append(nginx.checkLog())
                    .append("----- nginx -t now -----\n").append(nginx.configTest());
        }
        return sb.append("===== end of diagnostics =====").toString();
    }

    static String read(Path file) {
        try {
            // Decoding never throws: malformed bytes become U+FFFD.
            return Files.exists(file) ? new String(Files.readAllBytes(file), UTF_8) : "(no " + file + ")\n";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")\n";
        }
    }

    /** Polls {@code probe} until it returns non-null, failing after {@link #STEP}. */
    static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
                last = null;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + STEP + " waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                System.out.println("cleanup of " + r + " failed: " + e);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, SIGKILL after 10 s; whatever was left of the process tree is killed too. */
    static void stop(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Single-quotes a value for /bin/sh. */
    static String shQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** One answer from nginx: an HTTP status, or {@link #CONNECT_FAILED} / {@link #BROKEN} with the error. */
    record Reply(int status, String body, String error) {
        static final int CONNECT_FAILED = -1;
        static final int BROKEN = -2;

        boolean connectFailed() {
            return status == CONNECT_FAILED;
        }
    }

    /** An in-test HTTP backend on 127.0.0.1 answering a fixed body. */
    record Backend(HttpServer server, String body) implements AutoCloseable {
        static Backend start(String body) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
            byte[] bytes = (body + "\n").getBytes(UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return new Backend(server, body);
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * An nginx master running in the foreground ({@code daemon off}) as a child of the test, with its own prefix:
     * {@code <prefix>/conf/nginx.conf} includes {@code conf.d/*.conf}; pid, logs and temp paths stay in the prefix.
     * As root the workers run as root ({@code user root;}) so they can use the private temp dir; otherwise the
     * {@code user} directive is left out (nginx would ignore it with a warning).
     */
    static final class Nginx implements AutoCloseable {
        private final Path binary;
        private final Path prefix;
        private final int port;
        private Process process;

        private Nginx(Path binary, Path prefix, int port) {
            this.binary = binary;
            this.prefix = prefix;
            this.port = port;
        }

        /** The nginx binary on PATH, in /usr/sbin (not on a normal user's PATH) or /usr/local; empty if none. */
        static Optional<Path> binary() {
            List<Path> candidates = new ArrayList<>();
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nginx"));
                }
            }
            Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx")
                    .map(Path::of).forEach(candidates::add);
            return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toAbsolutePath);
        }

        /** Skips the calling test class when nginx is missing, or fails it when external tools are required. */
        static Path require() {
            Optional<Path> nginx = binary();
            if (nginx.isEmpty()) {
                ExternalTools.unavailable("nginx not found; install nginx: apt-get install -y nginx");
            }
            return nginx.get();
        }

        static boolean runningAsRoot() {
            try {
                return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }

        /** Writes the prefix (nginx.conf, conf.d/muster.conf = {@code initialConf}), checks it and starts nginx. */
        static Nginx start(Path prefix, String initialConf) throws Exception {
            Nginx nginx = new Nginx(require(), prefix.toAbsolutePath(), freePort());
            nginx.writePrefix(initialConf);
            nginx.assertConfigTestPasses();
            nginx.launch();
            return nginx;
        }

        private void writePrefix(String initialConf) throws IOException {
            Files.createDirectories(prefix.resolve("conf/conf.d"));
            Files.createDirectories(prefix.resolve("tmp"));
            Files.writeString(prefix.resolve("conf/nginx.conf"), nginxConf(prefix, runningAsRoot()));
            Files.writeString(confFile(), initialConf);
        }

        /** The nginx.conf this harness runs: foreground master, one worker, everything inside the prefix. */
        static String nginxConf(Path prefix, boolean root) {
            String p = prefix.toString();
            return (root ? "user root;\n" : "") + """
                    worker_processes 1;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events {
                      worker_connections 256;
                    }
                    http {
                      access_log off;
                      client_body_temp_path %1$s/tmp/client_body;
                      proxy_temp_path %1$s/tmp/proxy;
                      fastcgi_temp_path %1$s/tmp/fastcgi;
                      uwsgi_temp_path %1$s/tmp/uwsgi;
                      scgi_temp_path %1$s/tmp/scgi;
                      include conf.d/*.conf;
                    }
                    """.formatted(p);
        }

        private void launch() throws Exception {
            Path out = prefix.resolve("nginx.out");
            process = new ProcessBuilder(argv().toArray(String[]::new)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            Path pidFile = prefix.resolve("nginx.pid");
            long deadline = System.nanoTime() + STEP.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    fail("nginx exited with " + process.exitValue() + ":\n" + read(out) + read(prefix.resolve("error.log")));
                }
                String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
                if (!pid.isEmpty()) {
                    assertEquals(process.pid(), Long.parseLong(pid), "pid file " + pidFile + " names another process");
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("nginx wrote no pid file within " + STEP + ":\n" + read(out) + read(prefix.resolve("error.log")));
                }
                Thread.sleep(20);
            }
        }

        /** {@code nginx <extra…> -p <prefix>/ -c conf/nginx.conf}. */
        List<String> argv(String... extra) {
            List<String> argv = new ArrayList<>();
            argv.add(binary.toString());
            argv.addAll(Arrays.asList(extra));
            argv.addAll(List.of("-p", prefix + "/", "-c", "conf/nginx.conf"));
            return argv;
        }

        /**
         * A check_command that copies the file it checks to {@code last-checked.conf}, runs {@code nginx -t -q} and
         * appends {@code rc=<status> md5=<digest of the checked file> <output on one line>} to {@code checks.log}.
         */
        List<String> loggingCheckCommand() throws IOException {
            Path script = prefix.resolve("check.sh");
            Path last = prefix.resolve("last-checked.conf");
            Files.writeString(script, """
                    #!/bin/sh
                    cp %2$s %3$s
                    sum=$(md5sum < %3$s | cut -d ' ' -f 1)
                    out=$(%1$s 2>&1)
                    rc=$?
                    printf 'rc=%%s md5=%%s %%s\n' "$rc" "$sum" "$(printf '%%s' "$out" | tr '\n' ' ')" >> %4$s
                    [ -z "$out" ] || printf '%%s\n' "$out" >&2
                    exit $rc
                    """.formatted(shell(argv("-t", "-q")), shQuote(confFile().toString()), shQuote(last.toString()),
                    shQuote(prefix.resolve("checks.log").toString())));
            return List.of("/bin/sh", script.toString());
        }

        /** A command that appends a line to {@code reloads.log}, then runs {@code nginx -s reload}. */
        List<String> loggingReloadCommand() throws IOException {
            Path script = prefix.resolve("reload.sh");
            Files.writeString(script, "#!/bin/sh\necho reload >> " + shQuote(prefix.resolve("reloads.log").toString())
                    + "\nexec " + shell(argv("-s", "reload")) + "\n");
            return List.of("/bin/sh", script.toString());
        }

        private static String shell(List<String> argv) {
            return String.join(" ", argv.stream().map(NginxRenderIT::shQuote).toList());
        }

        /** Lines of checks.log, oldest first ({@code rc=0 md5=… } per passing check). */
        List<String> checkResults() throws IOException {
            Path log = prefix.resolve("checks.log");
            return Files.exists(log) ? new String(Files.readAllBytes(log), UTF_8).lines().toList() : List.of();
        }

        /** True when these exact bytes passed a logging check_command run (so they are not a pending candidate). */
        boolean passedCheck(byte[] content) throws IOException {
            String line = "rc=0 md5=" + md5(content) + " ";
            return checkResults().stream().anyMatch(r -> r.startsWith(line));
        }

        static String md5(byte[] content) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String checkLog() {
            return read(prefix.resolve("checks.log"));
        }

        String lastChecked() {
            return read(prefix.resolve("last-checked.conf"));
        }

        int reloadCount() throws IOException {
            Path log = prefix.resolve("reloads.log");
            return Files.exists(log) ? Files.readAllLines(log).size() : 0;
        }

        /** Runs {@code nginx -t} on the current files: exit status and output. */
        String configTest() {
            try {
                Process t = new ProcessBuilder(argv("-t")).redirectErrorStream(true).start();
                String output = new String(t.getInputStream().readAllBytes(), UTF_8);
                if (!t.waitFor(30, TimeUnit.SECONDS)) {
                    t.destroyForcibly();
                    return "nginx -t timed out\n" + output;
                }
                return "exit " + t.exitValue() + "\n" + output;
            } catch (IOException e) {
                return "nginx -t failed to run: " + e + "\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted\n";
            }
        }

        /**
         * {@code nginx -t} passes on the files in place. Muster puts each candidate in place for its own check
         * before it restores or keeps it, so a candidate may be caught mid-check: a failure only counts when
         * it is still the case on a later try (the restored file is back within milliseconds).
         */
        void assertConfigTestPasses() {
            String result = configTest();
            for (int attempt = 0; attempt < 20 && !result.startsWith("exit 0\n"); attempt++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                result = configTest();
            }
            assertTrue(result.startsWith("exit 0\n"), "nginx -t failed: " + result + "----- "
                    + confFile() + " -----\n" + read(confFile()));
        }

        /** Nothing but muster.conf matches nginx's include glob (no temp or backup file named *.conf). */
        void assertOnlyMusterConfInConfD() throws IOException {
            try (Stream<Path> files = Files.list(confFile().getParent())) {
                List<String> included = files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".conf") && !n.startsWith(".")).sorted().toList();
                assertEquals(List.of("muster.conf"), included, "files nginx would include from conf.d");
            }
        }

        /** A fresh connection per request (no keep-alive, so each request sees the current workers). */
        Reply get(String host) {
            try (Socket socket = new Socket()) {
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
                } catch (IOException e) {
                    return new Reply(Reply.CONNECT_FAILED, "", e.toString());
                }
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
                int end = response.indexOf("\r\n\r\n");
                String[] statusLine = response.split(" ", 3);
                if (end < 0 || statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                    return new Reply(Reply.BROKEN, response, "not an HTTP response");
                }
                return new Reply(Integer.parseInt(statusLine[1]), response.substring(end + 4).strip(), null);
            } catch (IOException | NumberFormatException e) {
                return new Reply(Reply.BROKEN, "", e.toString());
            }
        }

        /** True when {@code attempts} requests for {@code host} see every body in {@code expected}. */
        boolean seesAll(String host, int attempts, Set<String> expected) {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < attempts && !seen.containsAll(expected); i++) {
                Reply r = get(host);
                if (r.status() == 200) {
                    seen.add(r.body());
                }
            }
            return seen.containsAll(expected);
        }

        String conf() throws IOException {
            return new String(confBytes(), UTF_8);
        }

        byte[] confBytes() throws IOException {
            return Files.readAllBytes(confFile());
        }

        Path confFile() {
            return prefix.resolve("conf/conf.d/muster.conf");
        }

        Path prefix() {
            return prefix;
        }

        /** The value for MUSTER_NGINX_LISTEN. */
        String listen() {
            return "127.0.0.1:" + port;
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** SIGTERM (nginx's fast shutdown) to the master, which stops its workers. */
        @Override
        public void close() {
            if (process != null) {
                stop(process);
            }
        }

        @Override
        public String toString() {
            return "nginx in " + prefix;
        }
    }

    /** {@code java -jar muster.jar agent -dev …} as a child process, with its log in a file. */
    static final class Muster implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final Process process;
        private final int port;
        private final Path log;

        private Muster(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        /** The shipped template, from the repository root (Maven runs tests there). */
        static Path shippedTemplate() {
            Path template = Path.of("conf/nginx.peb").toAbsolutePath();
            assertTrue(Files.isRegularFile(template), "no shipped template at " + template);
            return template;
        }

        static Map<String, Object> template(Path source, Path destination, List<String> check, List<String> command) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("source", source.toAbsolutePath().toString());
            t.put("destination", destination.toAbsolutePath().toString());
            t.put("check_command", check);
            t.put("command", command);
            t.put("command_timeout", "30s");
            return t;
        }

        static Path writeConfig(Path file, Duration reloadMinInterval, List<Map<String, Object>> templates)
                throws IOException {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("reload_min_interval", reloadMinInterval.toMillis() + "ms");
            config.put("template", templates);
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            return file;
        }

        /** Starts Muster with {@code MUSTER_NGINX_LISTEN=listen} and waits until its API answers. */
        static Muster start(Path workDir, Path config, String listen) throws Exception {
            Path jar = Path.of(System.getProperty("muster.jar", "target/muster.jar")).toAbsolutePath();
            assertTrue(Files.isRegularFile(jar), "no Muster jar at " + jar + " (system property muster.jar)");
            Files.createDirectories(workDir);
            int port = freePort();
            Path log = workDir.resolve("muster.log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "agent", "-dev", "-http-port", String.valueOf(port), "-node", "e2e",
                    "-config-file", config.toAbsolutePath().toString())
                    .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("MUSTER_NGINX_LISTEN", listen);
            Muster muster = new Muster(pb.start(), port, log);
            try {
                muster.awaitReady();
            } catch (Throwable t) {
                System.out.println("----- Muster log -----\n" + read(log));
                muster.close();
                throw t;
            }
            return muster;
        }

        private void awaitReady() throws Exception {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            HttpRequest leader = HttpRequest.newBuilder(uri("/v1/status/leader"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("Muster exited with " + process.exitValue() + " before it was ready:\n" + read(log));
                }
                try {
                    if (http.send(leader, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            fail("Muster not ready within " + READY_TIMEOUT + ":\n" + read(log));
        }

        /** The seed's catalog registration of a tomcat instance on 127.0.0.1:port with one check. */
        HttpResponse<String> register(int port, String status) throws IOException, InterruptedException {
            return put("/v1/catalog/register", """
                    {"Datacenter": "dc1", "Node": "tomcat", "Address": "127.0.0.1",
                     "Service": {"Id": "127.0.0.1:%1$d", "Service": "tomcat", "tags": ["dev"], "Port": %1$d},
                     "Check": {"CheckID": "check-%1$d", "Name": "c", "ServiceID": "127.0.0.1:%1$d", "Status": "%2$s"}}
                    """.formatted(port, status));
        }

        /** A check-less service instance on 127.0.0.1:port. */
        HttpResponse<String> registerService(String node, String name, String id, int port)
                throws IOException, InterruptedException {
            Map<String, Object> service = Map.of("ID", id, "Service", name, "Port", port);
            return put("/v1/catalog/register", JSON.writeValueAsString(
                    Map.of("Datacenter", "dc1", "Node", node, "Address", "127.0.0.1", "Service", service)));
        }

        HttpResponse<String> deregister(String node, String serviceId) throws IOException, InterruptedException {
            return put("/v1/catalog/deregister", JSON.writeValueAsString(
                    Map.of("Datacenter", "dc1", "Node", node, "ServiceID", serviceId)));
        }

        HttpResponse<String> deregisterNode(String node) throws IOException, InterruptedException {
            return put("/v1/catalog/deregister", JSON.writeValueAsString(Map.of("Datacenter", "dc1", "Node", node)));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        }

        HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        }

        private URI uri(String path) {
            return URI.create(baseUrl() + path);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        Path log() {
            return log;
        }

        /** SIGTERM, then SIGKILL after 10 s; commands Muster left running are killed too. */
        @Override
        public void close() {
            stop(process);
        }

        @Override
        public String toString() {
            return "Muster on port " + port;
        }
    }
}
