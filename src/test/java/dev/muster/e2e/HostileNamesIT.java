package dev.muster.e2e;

import static dev.muster.e2e.NginxRenderIT.assertRegistered;
import static dev.muster.e2e.NginxRenderIT.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.e2e.NginxRenderIT.Backend;
import dev.muster.e2e.NginxRenderIT.Muster;
import dev.muster.e2e.NginxRenderIT.Nginx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registers 50 hostile values, one at a time, through {@code /v1/catalog/register} against a Muster child process
 * that renders the shipped {@code conf/nginx.peb} with a real {@code nginx -t} as check_command and reloads a real
 * nginx. Each value is either refused by the API or accepted; after each one the file nginx would load must be a
 * checked one, hold nothing but the template's own directives, and pass {@code nginx -t}. A value that poisons the
 * render (nginx -t fails, or nothing renders) must leave the last good file, and Muster must recover once it is
 * deregistered. Prints a table value → API status → outcome at the end.
 */
class HostileNamesIT {
    /** Short, so 50 render/check/reload rounds fit in the time budget. */
    private static final Duration RELOAD_MIN_INTERVAL = Duration.ofMillis(100);
    /** How long an accepted value may take to show up (or fail its check) before it counts as not rendered. */
    private static final Duration RENDER_WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORCE_502 = "server 127.0.0.1:65535; # force a 502";
    /** What the nginx escaping refuses: a value holding one of these must never appear verbatim. */
    private static final Pattern BREAKING = Pattern.compile("[\\s\\p{Z}\\p{Cntrl}\\x{80}-\\x{9F};{}'\"#$\\\\]");
    private static final String WORD = "[^\\s\\p{Z}\\p{Cntrl};{}'\"#$\\\\]+";
    private static final Pattern SERVER_NAME = Pattern.compile("^  server_name www\\." + WORD + "\\.com;$");
    private static final Pattern UPSTREAM_OPEN = Pattern.compile("^upstream " + WORD + " \\{$");
    private static final Pattern UPSTREAM_LINE = Pattern.compile("^  (zone upstream-" + WORD + " 64k;|server (" + WORD
            + "|\\[[0-9a-fA-F:.]+\\])(:\\d{1,5})? max_fails=3 fail_timeout=60 weight=1;|" + Pattern.quote(FORCE_502) + ")$");
    private static final Pattern PROXY_PASS = Pattern.compile("^    proxy_pass http://" + WORD + ";$");
    private static final Pattern DOLLAR_LINE = Pattern.compile("^ *proxy_set_header [A-Za-z-]+ \\$[a-z_]+;$");
    private static final Pattern EMERG = Pattern.compile("\\[emerg\\] [0-9#]+: (.*?)( in /\\S+:\\d+)? nginx: ");

    enum Field { SERVICE_NAME, SERVICE_ID, NODE_NAME, SERVICE_ADDRESS, NODE_ADDRESS, TAG, SERVICE_META, NODE_META, PORT }

    /** One hostile value in one field; {@code n} names its marker service (probeNN) and node (hnNN). */
    record Case(int n, Field field, Object value) {
        String marker() {
            return "probe%02d".formatted(n);
        }

        String node() {
            return field == Field.NODE_NAME ? (String) value : "hn%02d".formatted(n);
        }

        String text() {
            return String.valueOf(value);
        }
    }

    private record Row(Case c, String api, String outcome) {
    }

    private static final List<Case> CASES = cases(
            Field.SERVICE_NAME, "x; } server { listen 81",
            Field.SERVICE_NAME, "include /etc/passwd",
            Field.SERVICE_NAME, "tomcat}",
            Field.SERVICE_NAME, "{tomcat",
            Field.SERVICE_NAME, "to\"mcat",
            Field.SERVICE_NAME, "to'mcat",
            Field.SERVICE_NAME, "tom#cat",
            Field.SERVICE_NAME, "$host",
            Field.SERVICE_NAME, "back\\slash",
            Field.SERVICE_NAME, "two words",
            Field.SERVICE_NAME, "line\nlisten 81;",
            Field.SERVICE_NAME, "cr\rreturn",
            Field.SERVICE_NAME, "tab\there",
            Field.SERVICE_NAME, "nb\u00a0sp",
            Field.SERVICE_NAME, "ideographic\u3000space",
            Field.SERVICE_NAME, "line\u2028separator",
            Field.SERVICE_NAME, "zero\u200bwidth",
            Field.SERVICE_NAME, "bidi\u202eoverride",
            Field.SERVICE_NAME, "a/b",
            Field.SERVICE_NAME, "tomcat:81",
            Field.SERVICE_NAME, "x".repeat(63),
            Field.SERVICE_NAME, "y".repeat(5000),
            Field.SERVICE_NAME, "\u00fcn\u00efc\u00f8d\u00e9",
            Field.SERVICE_NAME, "",
            Field.SERVICE_NAME, "nul\u0000byte",
            Field.SERVICE_ID, "id; include /etc/passwd;",
            Field.SERVICE_ID, "id}\nserver {",
            Field.SERVICE_ID, "id\"quoted\"",
            Field.SERVICE_ID, "id#comment",
            Field.NODE_NAME, "node; listen 81;",
            Field.NODE_NAME, "node\ninclude /etc/passwd;",
            Field.NODE_NAME, "node$var",
            Field.SERVICE_ADDRESS, "127.0.0.1; include /etc/passwd",
            Field.SERVICE_ADDRESS, "127.0.0.1:80 backup",
            Field.SERVICE_ADDRESS, "127.0.0.1}",
            Field.SERVICE_ADDRESS, "127.0.0.1\n",
            Field.SERVICE_ADDRESS, "no-such-host.invalid",
            Field.SERVICE_ADDRESS, "::1",
            Field.NODE_ADDRESS, "10.0.0.1;include /etc/passwd",
            Field.NODE_ADDRESS, "x.y listen 81",
            Field.TAG, "dev; include /etc/passwd;",
            Field.TAG, "tag\nlisten 81;",
            Field.TAG, "# comment",
            Field.SERVICE_META, "v; } server { listen 81",
            Field.SERVICE_META, "$request_uri\"",
            Field.SERVICE_META, "a\nb",
            Field.NODE_META, "include /etc/passwd;",
            Field.PORT, 0,
            Field.PORT, 70000,
            Field.PORT, -1);

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
        NginxRenderIT.closeAll(started);
    }

    @Test
    void hostileValues_areRefusedOrRenderedHarmlessly() throws Exception {
        assertEquals(50, CASES.size());
        Backend backend = Backend.start("backend-1");
        started.add(0, backend);
        nginx = Nginx.start(tmp.resolve("nginx"), "# placeholder written by the test before Muster starts\n");
        started.add(0, nginx);
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), RELOAD_MIN_INTERVAL, List.of(Muster.template(
                Muster.shippedTemplate(), nginx.confFile(), nginx.loggingCheckCommand(),
                nginx.loggingReloadCommand())));
        muster = Muster.start(tmp.resolve("muster"), config, nginx.listen());
        started.add(0, muster);

        List<Row> rows = new ArrayList<>();
        try {
            assertRegistered(muster.registerService("baseline", "tomcat", "tomcat-1", backend.port()));
            awaitRendered("www.tomcat.com");
            await("nginx answering backend-1 for www.tomcat.com",
                    () -> backend.body().equals(nginx.get("www.tomcat.com").body()) ? true : null);

            // A hostile value that the clean file already holds (a "}", "$host") says nothing when found again.
            String baseline = new String(settledFile(), UTF_8);
            for (Case c : CASES) {
                rows.add(run(c, backend.port(), baseline));
            }

            byte[] last = settledFile();
            assertSafe(new String(last, UTF_8), "after all cases");
            nginx.assertConfigTestPasses();
            nginx.assertOnlyMusterConfInConfD();
            assertTrue(nginx.isAlive(), "nginx exited");
            assertEquals(backend.body(), nginx.get("www.tomcat.com").body(), "nginx stopped serving the baseline");
        } catch (Throwable t) {
            System.out.println(NginxRenderIT.diagnostics(muster, nginx));
            throw t;
        } finally {
            System.out.println(table(rows));
        }
    }

    private Row run(Case c, int backendPort, String baseline) throws Exception {
        int checksBefore = nginx.checkResults().size();
        HttpResponse<String> r = muster.put("/v1/catalog/register", registration(c, backendPort));
        String api = r.statusCode() + " " + r.body().strip();
        boolean accepted = r.statusCode() == 200 && r.body().strip().equals("true");
        if (!accepted) {
            assertTrue(r.statusCode() >= 400, "case " + c.n() + ": neither accepted nor refused: " + api);
            assertSafe(new String(settledFile(), UTF_8), "case " + c.n() + " (refused)");
            return new Row(c, api, "refused by the API");
        }
        if (c.field() == Field.SERVICE_NAME) {
            // The hostile name needs a benign marker beside it: the render that shows the marker includes both.
            assertRegistered(muster.registerService(c.node(), c.marker(), c.marker(), backendPort));
        }

        String outcome = awaitOutcome(c, checksBefore);
        byte[] settled = settledFile();
        String conf = new String(settled, UTF_8);
        assertSafe(conf, "case " + c.n() + " (" + c.field() + ")");
        if (BREAKING.matcher(c.text()).find() && !baseline.contains(c.text())) {
            assertFalse(conf.contains(c.text()), "case " + c.n() + ": hostile value written verbatim:\n" + conf);
        }
        nginx.assertConfigTestPasses();
        boolean rendered = outcome.startsWith("rendered");
        if (rendered) {
            outcome += conf.contains(c.text()) && !c.text().isEmpty() && !(c.value() instanceof Integer)
                    ? ", value in the file" : ", value not printed";
        }

        assertEquals(200, muster.deregisterNode(c.node()).statusCode(), "case " + c.n() + ": deregister");
        if (!rendered) {
            // The poisoned registration is gone: the next change must render, check and reload again.
            String recovery = "ok%02d".formatted(c.n());
            assertRegistered(muster.registerService("recovery", recovery, recovery, backendPort));
            awaitRendered("www." + recovery + ".com");
            assertFalse(nginx.conf().contains(c.marker()), nginx.conf());
            assertEquals(200, muster.deregisterNode("recovery").statusCode());
        }
        return new Row(c, api, outcome);
    }

    /** Rendered (the marker is in a file that passed the check), rolled back (a check failed), or neither. */
    private String awaitOutcome(Case c, int checksBefore) throws Exception {
        String serverName = "server_name www." + c.marker() + ".com;";
        long deadline = System.nanoTime() + RENDER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] file = nginx.confBytes();
            if (new String(file, UTF_8).contains(serverName) && nginx.passedCheck(file)) {
                return "rendered";
            }
            Optional<String> failed = nginx.checkResults().stream().skip(checksBefore)
                    .filter(line -> !line.startsWith("rc=0 ")).findFirst();
            if (failed.isPresent()) {
                // The candidate that failed must have been harmless too (it sat in conf.d during the check).
                assertSafe(nginx.lastChecked(), "case " + c.n() + " (candidate that failed nginx -t)");
                return "nginx -t failed, last good kept: " + reason(failed.get());
            }
            Thread.sleep(25);
        }
        return "not rendered within " + RENDER_WAIT.toSeconds() + " s, last good kept";
    }

    /** Waits for the marker service's server block in a file that passed the check. */
    private void awaitRendered(String host) throws Exception {
        String serverName = "server_name " + host + ";";
        await(host + " rendered and checked", () -> {
            byte[] file = nginx.confBytes();
            return new String(file, UTF_8).contains(serverName) && nginx.passedCheck(file) ? true : null;
        });
    }

    /** The current file once it is one that passed a check (not a candidate waiting for its check). */
    private byte[] settledFile() throws Exception {
        return await("a checked file in conf.d", () -> {
            byte[] file = nginx.confBytes();
            return nginx.passedCheck(file) ? file : null;
        });
    }

    /**
     * The file holds only the shipped template's directives: every listen is ours, no include, server_name and
     * proxy_pass take one safe word, upstreams hold only the template's zone and server lines, {@code #} only in the
     * 502 fallback, {@code $} only in proxy_set_header, no quote or backslash, no control or unusual space
     * character, balanced braces, and one upstream, one server block and one server_name per service.
     */
    static void assertSafe(String conf, String where) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < conf.length(); i++) {
            char ch = conf.charAt(i);
            if (ch != '\n' && (Character.isISOControl(ch) || (Character.isSpaceChar(ch) && ch != ' '))) {
                problems.add("character U+%04X at offset %d".formatted((int) ch, i));
            }
        }
        if (conf.contains("/etc/passwd")) {
            problems.add("mentions /etc/passwd");
        }
        if (conf.contains("\"") || conf.contains("'") || conf.contains("\\")) {
            problems.add("holds a quote or a backslash");
        }
        int depth = 0;
        int upstreams = 0;
        int servers = 0;
        int serverNames = 0;
        boolean inUpstream = false;
        String[] lines = conf.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String at = "line " + (i + 1) + " \"" + line + "\": ";
            String trimmed = line.strip();
            if (trimmed.matches("include\\b.*")) {
                problems.add(at + "include directive");
            }
            if (trimmed.matches("listen\\b.*") && !trimmed.matches("listen 127\\.0\\.0\\.1:\\d+;")) {
                problems.add(at + "a listen that is not MUSTER_NGINX_LISTEN");
            }
            if (trimmed.contains("server_name")) {
                serverNames++;
                if (!SERVER_NAME.matcher(line).matches()) {
                    problems.add(at + "server_name is not one safe word");
                }
            }
            if (line.contains("#") && !trimmed.equals(FORCE_502)) {
                problems.add(at + "a # outside the 502 fallback");
            }
            if (line.contains("$") && !DOLLAR_LINE.matcher(line).matches()) {
                problems.add(at + "a $ outside proxy_set_header");
            }
            if (depth == 0 && !trimmed.isEmpty()) {
                if (UPSTREAM_OPEN.matcher(line).matches()) {
                    upstreams++;
                    inUpstream = true;
                } else if (line.equals("server {")) {
                    servers++;
                    inUpstream = false;
                } else {
                    problems.add(at + "unexpected at the top level");
                }
            } else if (depth == 1 && inUpstream && !trimmed.equals("}") && !UPSTREAM_LINE.matcher(line).matches()) {
                problems.add(at + "not a zone or server line of the template's upstream");
            }
            if (trimmed.startsWith("proxy_pass") && !PROXY_PASS.matcher(line).matches()) {
                problems.add(at + "proxy_pass is not one safe upstream name");
            }
            for (char ch : line.toCharArray()) {
                depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
                if (depth < 0) {
                    problems.add(at + "closes a block that is not open");
                    depth = 0;
                }
            }
        }
        if (depth != 0) {
            problems.add(depth + " unclosed block(s)");
        }
        if (upstreams != servers || servers != serverNames) {
            problems.add(upstreams + " upstreams, " + servers + " server blocks, " + serverNames + " server_name lines");
        }
        if (!problems.isEmpty()) {
            fail(where + ": the rendered config holds more than the template's directives: " + problems
                    + "\n----- file -----\n" + conf);
        }
    }

    private static String registration(Case c, int backendPort) throws Exception {
        Object value = c.value();
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("ID", switch (c.field()) {
            case SERVICE_ID -> value;
            case SERVICE_NAME -> "h%02d".formatted(c.n());
            default -> c.marker();
        });
        service.put("Service", c.field() == Field.SERVICE_NAME ? value : c.marker());
        service.put("Port", c.field() == Field.PORT ? value : backendPort);
        service.put("Tags", List.of(c.field() == Field.TAG ? value : "e2e"));
        if (c.field() == Field.SERVICE_ADDRESS) {
            service.put("Address", value);
        }
        if (c.field() == Field.SERVICE_META) {
            service.put("Meta", Map.of("k", value));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Datacenter", "dc1");
        body.put("Node", c.node());
        body.put("Address", c.field() == Field.NODE_ADDRESS ? value : "127.0.0.1");
        if (c.field() == Field.NODE_META) {
            body.put("NodeMeta", Map.of("k", value));
        }
        body.put("Service", service);
        return JSON.writeValueAsString(body);
    }

    private static String reason(String checkLine) {
        Matcher m = EMERG.matcher(checkLine);
        return m.find() ? m.group(1) : checkLine;
    }

    private static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder("HostileNamesIT: " + rows.size() + " of " + CASES.size()
                + " hostile values\n");
        sb.append("%-3s %-15s %-44s %-40s %s%n".formatted("#", "field", "value", "API", "outcome"));
        for (Row row : rows) {
            sb.append("%-3d %-15s %-44s %-40s %s%n".formatted(row.c().n(), row.c().field(), show(row.c().text(), 44),
                    show(row.api(), 40), row.outcome()));
        }
        return sb.toString();
    }

    /** A value on one line: control and unusual space characters as \\uXXXX, long values shortened. */
    static String show(String value, int width) {
        StringBuilder sb = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '\n') {
                sb.append("\\n");
            } else if (ch == '\r') {
                sb.append("\\r");
            } else if (ch == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(ch) || (Character.isSpaceChar(ch) && ch != ' ')
                    || Character.getType(ch) == Character.FORMAT) {
                sb.append("\\u%04x".formatted((int) ch));
            } else {
                sb.append(ch);
            }
        }
        String shown = sb.toString();
        if (shown.length() > width) {
            String suffix = "...(" + value.length() + " chars)";
            shown = shown.substring(0, Math.max(0, width - suffix.length())) + suffix;
        }
        return shown.isEmpty() ? "(empty)" : shown;
    }

    private static List<Case> cases(Object... fieldValuePairs) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            cases.add(new Case(cases.size() + 1, (Field) fieldValuePairs[i], fieldValuePairs[i + 1]));
        }
        return List.copyOf(cases);
    }
}
