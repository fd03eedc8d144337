package dev.muster.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testing.ExternalTools;
import dev.muster.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives Debian's python3-consul 0.7.1 (module {@code consul}, run by {@code /usr/bin/python3}, never a pyenv
 * python) against an in-process Muster through the catalog, health, status and agent-self calls Muster serves.
 * Each test runs one Python script and asserts on the values it prints, so a wire incompatibility fails here.
 */
class PythonConsulIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shared head of every script: a client on the port in argv[1], a printer and a catalog-register helper. */
    private static final String PRELUDE = """
            import json
            import sys
            import threading
            import time

            import consul

            c = consul.Consul(host='127.0.0.1', port=int(sys.argv[1]))

            def out(key, value):
                print('RESULT ' + key + ' ' + json.dumps(value, sort_keys=True), flush=True)

            def register(node, address, service_id, name, status):
                # python-consul passes these dicts through as they are: lower-case keys on the wire.
                return c.catalog.register(
                    node, address,
                    service={'service': name, 'id': service_id, 'port': 8080, 'tags': ['py']},
                    check={'checkid': 'check-' + service_id, 'name': name + ' check',
                           'serviceid': service_id, 'status': status})

            """;

    @TempDir
    Path tmp;

    private TestRegistry registry;

    @BeforeAll
    static void requirePythonConsul() {
        String problem = pythonConsulProblem();
        if (problem == null) {
            return;
        }
        String message = problem + "; install it with `apt-get install -y python3-consul`";
        ExternalTools.unavailable(message);
    }

    @BeforeEach
    void startRegistry() {
        registry = TestRegistry.inMemory();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void catalogRegister_lowercaseKeys_visibleInCatalogAndHealthService() throws Exception {
        Output out = runPython("""
                out('register', register('py-node', '10.0.0.7', 'web-1', 'web', 'passing'))
                index, services = c.catalog.services()
                out('servicesIndex', int(index))
                out('services', services)
                index, instances = c.catalog.service('web')
                out('catalogService', instances)
                index, nodes = c.catalog.nodes()
                out('nodes', [n['Node'] for n in nodes])
                index, node = c.catalog.node('py-node')
                out('node', node)
                index, healthy = c.health.service('web', passing=True)
                out('healthy', healthy)
                """);

        assertTrue(out.get("register").asBoolean(), out::toString);
        assertTrue(out.get("servicesIndex").asLong() >= 1, out::toString);
        assertEquals(List.of("py"), texts(out.get("services").path("web")), out::toString);

        JsonNode instance = single(out, "catalogService");
        assertEquals("py-node", instance.path("Node").asText(), out::toString);
        assertEquals("10.0.0.7", instance.path("Address").asText(), out::toString);
        assertEquals("web-1", instance.path("ServiceID").asText(), out::toString);
        assertEquals("web", instance.path("ServiceName").asText(), out::toString);
        assertEquals(8080, instance.path("ServicePort").asInt(), out::toString);
        assertEquals(List.of("py"), texts(instance.path("ServiceTags")), out::toString);

        assertTrue(texts(out.get("nodes")).contains("py-node"), out::toString);
        JsonNode node = out.get("node");
        assertEquals("10.0.0.7", node.path("Node").path("Address").asText(), out::toString);
        assertEquals("web", node.path("Services").path("web-1").path("Service").asText(), out::toString);

        JsonNode healthy = single(out, "healthy");
        assertEquals("py-node", healthy.path("Node").path("Node").asText(), out::toString);
        assertEquals("web-1", healthy.path("Service").path("ID").asText(), out::toString);
        assertEquals(8080, healthy.path("Service").path("Port").asInt(), out::toString);
        assertTrue(checkStatuses(healthy.path("Checks")).containsKey("check-web-1"), out::toString);
        assertEquals("passing", checkStatuses(healthy.path("Checks")).get("check-web-1"), out::toString);
    }

    @Test
    void healthService_passingTrue_excludesCriticalInstance() throws Exception {
        Output out = runPython("""
                register('py-a', '10.0.0.1', 'api-1', 'api', 'passing')
                register('py-b', '10.0.0.2', 'api-2', 'api', 'critical')
                index, everything = c.health.service('api')
                out('all', sorted(e['Service']['ID'] for e in everything))
                index, passing = c.health.service('api', passing=True)
                out('passing', [e['Service']['ID'] for e in passing])
                """);

        assertEquals(List.of("api-1", "api-2"), texts(out.get("all")), out::toString);
        assertEquals(List.of("api-1"), texts(out.get("passing")), out::toString);
    }

    @Test
    void healthChecksNodeAndState_reportEachCheckWithItsStatus() throws Exception {
        Output out = runPython("""
                register('py-a', '10.0.0.1', 'api-1', 'api', 'passing')
                register('py-b', '10.0.0.2', 'api-2', 'api', 'critical')
                index, checks = c.health.checks('api')
                out('serviceChecks', {ch['CheckID']: ch['Status'] for ch in checks})
                index, checks = c.health.node('py-b')
                out('nodeChecks', [[ch['CheckID'], ch['Status'], ch['ServiceID'], ch['Node']] for ch in checks])
                index, checks = c.health.state('critical')
                out('critical', sorted(ch['CheckID'] for ch in checks))
                """);

        JsonNode serviceChecks = out.get("serviceChecks");
        assertEquals(2, serviceChecks.size(), out::toString);
        assertEquals("passing", serviceChecks.path("check-api-1").asText(), out::toString);
        assertEquals("critical", serviceChecks.path("check-api-2").asText(), out::toString);
        assertEquals(List.of(List.of("check-api-2", "critical", "api-2", "py-b")),
                nestedTexts(out.get("nodeChecks")), out::toString);
        assertEquals(List.of("check-api-2"), texts(out.get("critical")), out::toString);
    }

    @Test
    void healthService_blockingQuery_wokenByRegistrationWithHigherIndex() throws Exception {
        Output out = runPython("""
                register('py-a', '10.0.0.1', 'cache-1', 'cache', 'passing')
                index, first = c.health.service('cache')

                def register_later():
                    time.sleep(0.3)
                    register('py-b', '10.0.0.2', 'cache-2', 'cache', 'passing')

                threading.Thread(target=register_later).start()
                started = time.monotonic()
                index2, second = c.health.service('cache', index=index, wait='5s')
                out('elapsed', time.monotonic() - started)
                out('firstIndex', int(index))
                out('secondIndex', int(index2))
                out('instances', sorted(e['Service']['ID'] for e in second))
                """);

        assertTrue(out.get("elapsed").asDouble() < 3.0,
                () -> "the blocking query should return as soon as cache-2 registers, well before wait=5s\n" + out);
        assertTrue(out.get("secondIndex").asLong() > out.get("firstIndex").asLong(), out::toString);
        assertEquals(List.of("cache-1", "cache-2"), texts(out.get("instances")), out::toString);
    }

    @Test
    void kv_putGetRecurseKeysCasDelete_andABlockingGetOnTheKey() throws Exception {
        Output out = runPython("""
                out('put', c.kv.put('app/db/host', 'db1.internal'))
                out('putFlags', c.kv.put('app/db/port', '5432', flags=16210313421097356768))
                index, entry = c.kv.get('app/db/host')
                out('value', entry['Value'].decode())
                out('modifyIsIndex', int(index) == entry['ModifyIndex'])
                _, port = c.kv.get('app/db/port')
                out('flags', str(port['Flags']))
                _, listed = c.kv.get('app/', recurse=True)
                out('recurse', [e['Key'] for e in listed])
                _, keys = c.kv.get('app/', keys=True, separator='/')
                out('keys', keys)
                missingIndex, missing = c.kv.get('app/none')
                out('missing', missing)
                out('missingIndex', int(missingIndex) > 0)
                out('casStale', c.kv.put('app/db/host', 'db2', cas=entry['ModifyIndex'] - 1))
                out('casFresh', c.kv.put('app/db/host', 'db2', cas=entry['ModifyIndex']))

                def change_later():
                    time.sleep(0.3)
                    c.kv.put('app/db/other', 'x')   # another key: must not end the wait
                    time.sleep(0.3)
                    c.kv.put('app/db/host', 'db3')

                index2, _ = c.kv.get('app/db/host')
                threading.Thread(target=change_later).start()
                started = time.monotonic()
                index3, changed = c.kv.get('app/db/host', index=index2, wait='5s')
                out('elapsed', time.monotonic() - started)
                out('changed', changed['Value'].decode())
                out('advanced', int(index3) > int(index2))
                out('delete', c.kv.delete('app/', recurse=True))
                _, gone = c.kv.get('app/', recurse=True)
                out('gone', gone)
                """);
        assertTrue(out.get("put").asBoolean() && out.get("putFlags").asBoolean(), out::toString);
        assertEquals("db1.internal", out.get("value").asText(), out::toString);
        assertTrue(out.get("modifyIsIndex").asBoolean(), out::toString);
        assertEquals("16210313421097356768", out.get("flags").asText(), out::toString);
        assertEquals(List.of("app/db/host", "app/db/port"), texts(out.get("recurse")), out::toString);
        assertEquals(List.of("app/db/"), texts(out.get("keys")), out::toString);
        assertTrue(out.get("missing").isNull() && out.get("missingIndex").asBoolean(), out::toString);
        assertFalse(out.get("casStale").asBoolean(), out::toString);
        assertTrue(out.get("casFresh").asBoolean(), out::toString);
        double elapsed = out.get("elapsed").asDouble();
        assertTrue(elapsed >= 0.5 && elapsed < 3.0,
                () -> "the get should return when app/db/host changes (~0.6 s), not for app/db/other\n" + out);
        assertEquals("db3", out.get("changed").asText(), out::toString);
        assertTrue(out.get("advanced").asBoolean() && out.get("delete").asBoolean(), out::toString);
        assertTrue(out.get("gone").isNull(), out::toString);
    }

    @Test
    void sessions_createRenewDestroy_andAcquireContentionFromTwoSessions() throws Exception {
        Output out = runPython("""
                s1 = c.session.create(name='pg-node1', behavior='delete', ttl=15, lock_delay=0)
                s2 = c.session.create(name='pg-node2', checks=[])
                _, info = c.session.info(s1)
                out('info', [info['Name'], info['TTL'], info['Behavior'], info['LockDelay']])
                renewed = c.session.renew(s1)
                out('renewed', renewed['ID'] == s1)
                out('acquire1', c.kv.put('service/pg/leader', 'node1', acquire=s1))
                out('acquire2', c.kv.put('service/pg/leader', 'node2', acquire=s2))
                _, leader = c.kv.get('service/pg/leader')
                out('holder', leader['Session'] == s1)
                out('value', leader['Value'].decode())
                out('release2', c.kv.put('service/pg/leader', 'node2', release=s2))
                _, listed = c.session.list()
                out('listed', sorted(x['ID'] for x in listed) == sorted([s1, s2]))
                _, mine = c.session.node('%s')
                out('node', len(mine))
                index, _ = c.kv.get('service/pg/leader')

                def destroy_later():
                    time.sleep(0.3)
                    c.session.destroy(s1)

                threading.Thread(target=destroy_later).start()
                index2, gone = c.kv.get('service/pg/leader', index=index, wait='5s')
                out('gone', gone)
                out('advanced', int(index2) > int(index))
                out('acquire2again', c.kv.put('service/pg/leader', 'node2', acquire=s2))
                out('infoGone', c.session.info(s1)[1])
                try:
                    c.session.renew(s1)
                    out('renewGone', 'no error')
                except consul.NotFound:
                    out('renewGone', 'NotFound')
                try:
                    c.kv.put('k', 'v', acquire='00000000-0000-0000-0000-000000000000')
                    out('badSession', 'no error')
                except consul.ConsulException as e:
                    out('badSession', str(e))
                out('destroy', c.session.destroy(s2))
                """.formatted(TestRegistry.NODE));
        assertEquals(List.of("pg-node1", "15s", "delete", "0"), texts(out.get("info")), out::toString);
        assertTrue(out.get("renewed").asBoolean(), out::toString);
        assertTrue(out.get("acquire1").asBoolean(), out::toString);
        assertFalse(out.get("acquire2").asBoolean(), "the second session must not take a held lock\n" + out);
        assertTrue(out.get("holder").asBoolean(), out::toString);
        assertEquals("node1", out.get("value").asText(), out::toString);
        assertFalse(out.get("release2").asBoolean(), out::toString);
        assertTrue(out.get("listed").asBoolean(), out::toString);
        assertEquals(2, out.get("node").asInt(), out::toString);
        assertTrue(out.get("gone").isNull(), "Behavior delete removes the key when its session ends\n" + out);
        assertTrue(out.get("advanced").asBoolean(), out::toString);
        assertTrue(out.get("acquire2again").asBoolean(), "s1 had no lock-delay\n" + out);
        assertTrue(out.get("infoGone").isNull(), out::toString);
        assertEquals("NotFound", out.get("renewGone").asText(), out::toString);
        assertTrue(out.get("badSession").asText().contains("invalid session"), out::toString);
        assertTrue(out.get("destroy").asBoolean(), out::toString);
    }

    @Test
    void healthService_blockingQueryWithoutChange_returnsSameIndexAfterWait() throws Exception {
        Output out = runPython("""
                register('py-a', '10.0.0.1', 'cache-1', 'cache', 'passing')
                index, first = c.health.service('cache')
                started = time.monotonic()
                index2, second = c.health.service('cache', index=index, wait='1s')
                out('elapsed', time.monotonic() - started)
                out('firstIndex', int(index))
                out('secondIndex', int(index2))
                out('instances', [e['Service']['ID'] for e in second])
                """);

        double elapsed = out.get("elapsed").asDouble();
        assertTrue(elapsed >= 0.9 && elapsed < 3.0,
                () -> "with nothing changing the query should block for about wait=1s\n" + out);
        assertEquals(out.get("firstIndex").asLong(), out.get("secondIndex").asLong(), out::toString);
        assertEquals(List.of("cache-1"), texts(out.get("instances")), out::toString);
    }

    @Test
    void statusAndAgentSelf_reportLeaderAndDatacenter() throws Exception {
        Output out = runPython("""
                out('leader', c.status.leader())
                out('peers', c.status.peers())
                out('datacenter', c.agent.self()['Config']['Datacenter'])
                out('datacenters', c.catalog.datacenters())
                """);

        String leader = out.get("leader").asText();
        assertTrue(leader.matches("[0-9.]+:[0-9]+"), () -> "leader should be host:port\n" + out);
        assertTrue(texts(out.get("peers")).contains(leader), out::toString);
        assertEquals("dc1", out.get("datacenter").asText(), out::toString);
        assertEquals(List.of("dc1"), texts(out.get("datacenters")), out::toString);
    }

    @Test
    void catalogDeregister_serviceIdThenNode_removesServiceThenNode() throws Exception {
        Output out = runPython("""
                register('py-node', '10.0.0.7', 'web-1', 'web', 'passing')
                register('py-node', '10.0.0.7', 'db-1', 'db', 'passing')
                out('deregisterService', c.catalog.deregister('py-node', service_id='web-1'))
                index, services = c.catalog.services()
                out('services', sorted(services))
                index, instances = c.catalog.service('web')
                out('catalogWeb', instances)
                index, instances = c.health.service('web')
                out('healthWeb', instances)
                index, node = c.catalog.node('py-node')
                out('nodeServices', sorted(node['Services']))
                index, checks = c.health.node('py-node')
                out('nodeChecks', sorted(ch['CheckID'] for ch in checks))
                out('deregisterNode', c.catalog.deregister('py-node'))
                index, node = c.catalog.node('py-node')
                out('nodeAfter', node)
                index, nodes = c.catalog.nodes()
                out('nodesAfter', [n['Node'] for n in nodes])
                """);

        assertTrue(out.get("deregisterService").asBoolean(), out::toString);
        assertFalse(texts(out.get("services")).contains("web"), out::toString);
        assertTrue(texts(out.get("services")).contains("db"), out::toString);
        assertEquals(0, out.get("catalogWeb").size(), out::toString);
        assertEquals(0, out.get("healthWeb").size(), out::toString);
        assertEquals(List.of("db-1"), texts(out.get("nodeServices")), out::toString);
        assertEquals(List.of("check-db-1"), texts(out.get("nodeChecks")), out::toString);

        assertTrue(out.get("deregisterNode").asBoolean(), out::toString);
        assertTrue(out.get("nodeAfter").isNull(), out::toString);
        assertFalse(texts(out.get("nodesAfter")).contains("py-node"), out::toString);
    }

    /** Runs {@link #PRELUDE} plus {@code body} with /usr/bin/python3 against the registry; it must exit 0. */
    @Test
    void agentService_registerTtlPassViaGetAndDeregister_worksUnchanged() throws Exception {
        Output out = runPython("""
                out('register', c.agent.service.register('py-agent', service_id='py-agent-1', address='127.0.0.1',
                                                          port=9006, tags=['smoke'], check=consul.Check.ttl('15s')))
                index, before = c.health.service('py-agent', passing=True)
                out('passingBefore', len(before))
                out('pass', c.agent.check.ttl_pass('service:py-agent-1', 'all good'))
                index, after = c.health.service('py-agent', passing=True)
                out('passingAfter', [e['Service']['ID'] for e in after])
                out('output', c.agent.checks()['service:py-agent-1']['Output'])
                out('services', sorted(c.agent.services()))
                out('maintenance', c.agent.service.maintenance('py-agent-1', True, 'drain'))
                index, drained = c.health.service('py-agent', passing=True)
                out('passingDrained', len(drained))
                out('deregister', c.agent.service.deregister('py-agent-1'))
                out('servicesAfter', sorted(c.agent.services()))
                """);

        assertTrue(out.get("register").asBoolean(), out::toString);
        assertEquals(0, out.get("passingBefore").asInt(), "a TTL check starts critical: " + out);
        assertTrue(out.get("pass").asBoolean(), "GET /v1/agent/check/pass (python-consul 0.7.1) is accepted: " + out);
        assertEquals(List.of("py-agent-1"), texts(out.get("passingAfter")), out::toString);
        assertEquals("all good", out.get("output").asText(), out::toString);
        assertEquals(List.of("py-agent-1"), texts(out.get("services")), out::toString);
        assertTrue(out.get("maintenance").asBoolean(), out::toString);
        assertEquals(0, out.get("passingDrained").asInt(), out::toString);
        assertTrue(out.get("deregister").asBoolean(), "GET /v1/agent/service/deregister is accepted: " + out);
        assertEquals(0, out.get("servicesAfter").size(), out::toString);
    }

    private Output runPython(String body) throws IOException, InterruptedException {
        Path script = tmp.resolve("client.py");
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        Files.writeString(script, PRELUDE + body);
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString(),
                String.valueOf(registry.port()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        isolate(builder.environment());
        Process process = builder.start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        Output out = Output.parse(Files.readString(stdout), Files.readString(stderr));
        if (!finished) {
            fail("python3 did not finish within " + TIMEOUT_SECONDS + " s\n" + out);
        }
        assertEquals(0, process.exitValue(), () -> "python3 " + script.getFileName() + " failed\n" + out);
        return out;
    }

    /** Keeps the caller's Consul, proxy and Python settings from redirecting the client or its imports. */
    private static void isolate(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("CONSUL_") || name.startsWith("PYTHON")
                || name.equalsIgnoreCase("http_proxy") || name.equalsIgnoreCase("https_proxy")
                || name.equalsIgnoreCase("all_proxy"));
        env.put("NO_PROXY", "*");
        env.put("no_proxy", "*");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
    }

    /** Why /usr/bin/python3 cannot import the consul module, or null when it can. */
    private static String pythonConsulProblem() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " does not exist";
        }
        Path log = null;
        try {
            log = Files.createTempFile("python-consul-probe", ".txt");
            ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-c", "import consul")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            isolate(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return PYTHON + " -c 'import consul' did not finish";
            }
            if (process.exitValue() != 0) {
                String output = Files.readString(log).trim();
                return PYTHON + " cannot import consul (" + output.substring(output.lastIndexOf('\n') + 1) + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + PYTHON;
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover probe log in the temp directory is harmless
        }
    }

    private static JsonNode single(Output out, String key) {
        JsonNode list = out.get(key);
        assertEquals(1, list.size(), () -> key + " should hold exactly one entry\n" + out);
        return list.get(0);
    }

    /** The elements of a JSON array (or values of an object) as text; a missing node gives an empty list. */
    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<List<String>> nestedTexts(JsonNode array) {
        List<List<String>> values = new ArrayList<>();
        array.forEach(v -> values.add(texts(v)));
        return values;
    }

    private static Map<String, String> checkStatuses(JsonNode checks) {
        Map<String, String> statuses = new LinkedHashMap<>();
        checks.forEach(ch -> statuses.put(ch.path("CheckID").asText(), ch.path("Status").asText()));
        return statuses;
    }

    /** What one script printed: its {@code RESULT <key> <json>} lines by key, and the raw text for messages. */
    private record Output(Map<String, JsonNode> results, String stdout, String stderr) {
        private static final String PREFIX = "RESULT ";

        static Output parse(String stdout, String stderr) throws IOException {
            Map<String, JsonNode> results = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith(PREFIX)) {
                    int space = line.indexOf(' ', PREFIX.length());
                    results.put(line.substring(PREFIX.length(), space), JSON.readTree(line.substring(space + 1)));
                }
            }
            return new Output(results, stdout, stderr);
        }

        JsonNode get(String key) {
            JsonNode value = results.get(key);
            assertNotNull(value, () -> "the script printed no RESULT " + key + "\n" + this);
            return value;
        }

        @Override
        public String toString() {
            return "--- python stdout ---\n" + stdout + "--- python stderr ---\n" + stderr;
        }
    }
}
