package dev.muster.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.agent.model.Self;
import com.ecwid.consul.v1.agent.model.Service;
import com.ecwid.consul.v1.catalog.CatalogServicesRequest;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.Check;
import com.ecwid.consul.v1.health.model.Check.CheckStatus;
import com.ecwid.consul.v1.health.model.HealthService;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import com.ecwid.consul.v1.session.model.NewSession;
import com.ecwid.consul.v1.session.model.Session;
import dev.muster.testing.TestRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the real Java client {@code com.ecwid.consul:consul-api} 1.4.5 (used by Spring Cloud Consul 4.3.x)
 * against an in-process Muster through the agent API: service registration with a TTL check, TTL passes,
 * maintenance mode and deregistration, plus the health, catalog and status reads it pairs them with; and its KV
 * and session clients (the ones Spring Cloud Consul Config and its locks use).
 */
class EcwidConsulIT {
    private static final String SERVICE = "ecwid-web";
    private static final String ID = "ecwid-web-1";

    private TestRegistry registry;
    private ConsulClient consul;

    @BeforeEach
    void start() {
        registry = TestRegistry.inMemory();
        consul = new ConsulClient("127.0.0.1", registry.port());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void ecwid_kv_setGetListKeysCasDeleteTree_andABlockingListWokenByItsPrefix() throws Exception {
        assertTrue(consul.setKVValue("config/app/data", "greeting: hello").getValue());
        Response<GetValue> got = consul.getKVValue("config/app/data");
        assertEquals("greeting: hello", got.getValue().getDecodedValue());
        assertEquals(got.getValue().getModifyIndex(), got.getConsulIndex(), "a key reports its ModifyIndex");
        assertNull(consul.getKVValue("config/none").getValue(), "a missing key is a null value, not an error");
        assertTrue(consul.setKVValue("config/app/other", "x").getValue());
        assertEquals(List.of("config/app/"), consul.getKVKeysOnly("config/", "/", null).getValue());
        assertEquals(List.of("config/app/data", "config/app/other"),
                consul.getKVValues("config/app/").getValue().stream().map(GetValue::getKey).toList());

        PutParams stale = new PutParams();
        stale.setCas(got.getValue().getModifyIndex() - 1);
        assertFalse(consul.setKVValue("config/app/data", "greeting: stale", stale).getValue());
        PutParams fresh = new PutParams();
        fresh.setCas(got.getValue().getModifyIndex());
        fresh.setFlags(42);
        assertTrue(consul.setKVValue("config/app/data", "greeting: hi", fresh).getValue());
        assertEquals(42, consul.getKVValue("config/app/data").getValue().getFlags());

        long index = consul.getKVValues("config/app/").getConsulIndex();
        CompletableFuture<Response<List<GetValue>>> watch = CompletableFuture.supplyAsync(
                () -> consul.getKVValues("config/app/", new QueryParams(10, index)));
        Thread.sleep(300); // let the blocking request reach the server (a real-network wait)
        assertTrue(consul.setKVValue("config/elsewhere", "y").getValue());
        Thread.sleep(300);
        assertFalse(watch.isDone(), "a write under another prefix does not wake the list");
        assertTrue(consul.setKVValue("config/app/data", "greeting: changed").getValue());
        Response<List<GetValue>> woken = watch.get(10, TimeUnit.SECONDS);
        assertTrue(woken.getConsulIndex() > index);
        assertEquals("greeting: changed", woken.getValue().get(0).getDecodedValue());

        consul.deleteKVValues("config/");
        assertNull(consul.getKVValues("config/").getValue());
    }

    @Test
    void ecwid_sessions_createAcquireInfoRenewDestroy() {
        NewSession ns = new NewSession();
        ns.setName("ecwid-lock");
        ns.setTtl("15s");
        ns.setBehavior(Session.Behavior.RELEASE);
        String id = consul.sessionCreate(ns, QueryParams.DEFAULT).getValue();
        assertNotNull(id);
        Session info = consul.getSessionInfo(id, QueryParams.DEFAULT).getValue();
        assertEquals("ecwid-lock", info.getName());
        assertEquals(TestRegistry.NODE, info.getNode());
        assertEquals("15s", info.getTtl());
        assertEquals(id, consul.renewSession(id, QueryParams.DEFAULT).getValue().getId());

        PutParams acquire = new PutParams();
        acquire.setAcquireSession(id);
        assertTrue(consul.setKVValue("locks/job", "holder-1", acquire).getValue());
        assertEquals(id, consul.getKVValue("locks/job").getValue().getSession());
        assertEquals(1L, consul.getKVValue("locks/job").getValue().getLockIndex());
        assertEquals(List.of(id), consul.getSessionList(QueryParams.DEFAULT).getValue().stream()
                .map(Session::getId).toList());

        consul.sessionDestroy(id, QueryParams.DEFAULT);
        assertNull(consul.getKVValue("locks/job").getValue().getSession(), "release behaviour frees the lock");
        assertEquals("holder-1", consul.getKVValue("locks/job").getValue().getDecodedValue());
        assertNull(consul.getSessionInfo(id, QueryParams.DEFAULT).getValue());
    }

    @Test
    void ecwid_ttlCheck_criticalUntilPassedThenPassing() {
        register(ID, 9001);

        HealthService registered = single(health(false, QueryParams.DEFAULT).getValue());
        assertEquals(TestRegistry.NODE, registered.getNode().getNode());
        assertEquals(ID, registered.getService().getId());
        assertEquals(SERVICE, registered.getService().getService());
        assertEquals("127.0.0.1", registered.getService().getAddress());
        assertEquals(9001, registered.getService().getPort());
        assertEquals(List.of("ecwid", "java"), registered.getService().getTags());
        assertEquals(CheckStatus.CRITICAL, check(registered, "service:" + ID).getStatus(),
                "a new TTL check starts critical");
        assertEquals(List.of(), health(true, QueryParams.DEFAULT).getValue(), "critical is not passing");

        consul.agentCheckPass("service:" + ID, "ecwid says ok");        // PUT /v1/agent/check/pass/service:<id>?note=

        HealthService passing = single(health(true, QueryParams.DEFAULT).getValue());
        assertEquals(ID, passing.getService().getId());
        Check ttl = check(passing, "service:" + ID);
        assertEquals(CheckStatus.PASSING, ttl.getStatus());
        assertEquals("ecwid says ok", ttl.getOutput(), "a TTL update's note becomes the check output");
        assertEquals(ID, ttl.getServiceId());
        assertEquals(SERVICE, ttl.getServiceName());
    }

    @Test
    void ecwid_blockingHealthQuery_wokenBySecondRegistrationWithHigherIndex() {
        register(ID, 9001);
        Response<List<HealthService>> first = health(false, QueryParams.DEFAULT);
        assertNotNull(first.getConsulIndex(), "X-Consul-Index header");
        assertEquals(List.of(ID), ids(first.getValue()));

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> register("ecwid-web-2", 9002),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        long started = System.nanoTime();
        Response<List<HealthService>> woken = health(false, new QueryParams(5, first.getConsulIndex()));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        second.join();

        assertTrue(elapsedMillis < 3000, "the query should return once ecwid-web-2 registers, not after wait=5s; took "
                + elapsedMillis + " ms");
        assertTrue(woken.getConsulIndex() > first.getConsulIndex(),
                "index " + woken.getConsulIndex() + " should exceed " + first.getConsulIndex());
        assertEquals(List.of(ID, "ecwid-web-2"), ids(woken.getValue()));
    }

    @Test
    void ecwid_agentServices_listsRegisteredService() {
        register(ID, 9001);

        Map<String, Service> services = consul.getAgentServices().getValue();

        Service service = services.get(ID);
        assertNotNull(service, "agent/services should hold " + ID + ": " + services.keySet());
        assertEquals(ID, service.getId());
        assertEquals(SERVICE, service.getService());
        assertEquals("127.0.0.1", service.getAddress());
        assertEquals(9001, service.getPort());
        assertEquals(List.of("ecwid", "java"), service.getTags());
    }

    @Test
    void ecwid_maintenanceMode_makesServiceNonPassingUntilDisabled() {
        register(ID, 9001);
        consul.agentCheckPass("service:" + ID);
        assertEquals(List.of(ID), ids(health(true, QueryParams.DEFAULT).getValue()));

        consul.agentServiceSetMaintenance(ID, true, "draining for deploy");  // PUT agent/service/maintenance/<id>

        assertEquals(List.of(), health(true, QueryParams.DEFAULT).getValue(), "in maintenance means not passing");
        HealthService inMaintenance = single(health(false, QueryParams.DEFAULT).getValue());
        Check maintenance = check(inMaintenance, "_service_maintenance:" + ID);
        assertEquals(CheckStatus.CRITICAL, maintenance.getStatus());
        assertEquals("draining for deploy", maintenance.getNotes(), "Consul keeps the reason in Notes");
        assertEquals(CheckStatus.PASSING, check(inMaintenance, "service:" + ID).getStatus());

        consul.agentServiceSetMaintenance(ID, false);

        HealthService back = single(health(true, QueryParams.DEFAULT).getValue());
        assertEquals(ID, back.getService().getId());
        assertEquals(List.of("service:" + ID), back.getChecks().stream()
                .map(Check::getCheckId).filter(id -> id.contains(ID)).collect(Collectors.toList()),
                "the maintenance check is removed again");
    }

    @Test
    void ecwid_deregister_removesServiceFromAgentHealthAndCatalog() {
        register(ID, 9001);
        assertTrue(consul.getAgentServices().getValue().containsKey(ID));

        consul.agentServiceDeregister(ID);                             // PUT /v1/agent/service/deregister/<id>

        assertFalse(consul.getAgentServices().getValue().containsKey(ID));
        assertEquals(List.of(), health(false, QueryParams.DEFAULT).getValue());
        assertFalse(catalogServices().getValue().containsKey(SERVICE));
    }

    @Test
    void ecwid_catalogServices_listsServiceWithTagsAndIndex() {
        register(ID, 9001);

        Response<Map<String, List<String>>> services = catalogServices();

        assertEquals(List.of("ecwid", "java"), services.getValue().get(SERVICE), services.getValue().toString());
        assertNotNull(services.getConsulIndex(), "X-Consul-Index header");
        assertTrue(services.getConsulIndex() >= 1);
        assertEquals(Boolean.TRUE, services.isConsulKnownLeader(), "X-Consul-KnownLeader header");
        assertEquals(0L, services.getConsulLastContact(), "X-Consul-LastContact header");
    }

    @Test
    void ecwid_statusLeaderAndAgentSelf_reportLeaderDatacenterAndNode() {
        String leader = consul.getStatusLeader().getValue();
        assertTrue(leader.matches("[0-9.]+:8300"), "leader should be <address>:8300 but was " + leader);

        Self.Config config = consul.getAgentSelf().getValue().getConfig();
        assertEquals("dc1", config.getDatacenter());
        assertEquals(TestRegistry.NODE, config.getNodeName());
        assertTrue(config.isServer());
        assertNull(consul.getAgentServices().getValue().get(ID), "nothing registered yet");
    }

    /** {@code PUT /v1/agent/service/register} with a 15 s TTL check, as the real-clients smoke does. */
    private void register(String id, int port) {
        NewService service = new NewService();
        service.setId(id);
        service.setName(SERVICE);
        service.setAddress("127.0.0.1");
        service.setPort(port);
        service.setTags(List.of("ecwid", "java"));
        NewService.Check check = new NewService.Check();
        check.setTtl("15s");
        service.setCheck(check);
        consul.agentServiceRegister(service);
    }

    /** {@code GET /v1/health/service/<SERVICE>?passing=<passing>[&wait=..&index=..]}. */
    private Response<List<HealthService>> health(boolean passing, QueryParams params) {
        return consul.getHealthServices(SERVICE,
                HealthServicesRequest.newBuilder().setPassing(passing).setQueryParams(params).build());
    }

    /** {@code GET /v1/catalog/services}. */
    private Response<Map<String, List<String>>> catalogServices() {
        return consul.getCatalogServices(CatalogServicesRequest.newBuilder().build());
    }

    private static HealthService single(List<HealthService> entries) {
        assertEquals(1, entries.size(), () -> "expected exactly one instance but got " + ids(entries));
        return entries.get(0);
    }

    private static Check check(HealthService entry, String checkId) {
        return entry.getChecks().stream().filter(c -> checkId.equals(c.getCheckId())).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + checkId + " in " + entry.getChecks().stream()
                        .map(Check::getCheckId).collect(Collectors.toList())));
    }

    private static List<String> ids(List<HealthService> entries) {
        return entries.stream().map(e -> e.getService().getId()).sorted().collect(Collectors.toList());
    }
}
