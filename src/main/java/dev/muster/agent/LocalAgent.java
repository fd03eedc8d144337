package dev.muster.agent;

import dev.muster.health.CheckOutput;
import dev.muster.health.Probes;
import dev.muster.clock.Scheduler;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.NodeService;
import dev.muster.model.NodeServices;
import dev.muster.state.CatalogState;
import dev.muster.state.CatalogTxn;
import dev.muster.state.HealthState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local agent (Consul's agent/agent.go and local state): services and checks registered through the
 * agent API live in the catalog under the agent's own node, written atomically through the state store,
 * and the agent runs their TTL, HTTP and TCP checks and reaps services that stay critical past
 * {@code DeregisterCriticalServiceAfter}.
 *
 * <h2>Consistency</h2>
 * Each operation is one state-store write: validation against what is stored happens inside it, so a
 * refused operation changes nothing. Check runtimes (timers, probes) follow once the write is durable.
 *
 * <h2>Shutdown</h2>
 * {@link #close()} stops every timer and probe; the stored checks keep their last status.
 */
public final class LocalAgent implements AutoCloseable {
    private static final String SERVICE_MAINTENANCE_PREFIX = HealthCheck.SERVICE_MAINTENANCE_PREFIX;
    private static final String NODE_MAINTENANCE = HealthCheck.NODE_MAINTENANCE;
    /** Consul's check_deregister_interval_min: shorter DeregisterCriticalServiceAfter values are raised to it. */
    public static final Duration DEREGISTER_MIN = Duration.ofMinutes(1);
    /** Consul's check_reap_interval. */
    public static final Duration REAP_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(LocalAgent.class);

    private final CatalogState catalog;
    private final HealthState health;
    private final String node;
    private final Scheduler scheduler;
    private final CheckRuntime runtime;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable reaper;

    public LocalAgent(CatalogState catalog, HealthState health, String node, Scheduler scheduler, Probes probes,
                      RandomGenerator random) {
        this.catalog = catalog;
        this.health = health;
        this.node = node;
        this.scheduler = scheduler;
        this.runtime = new CheckRuntime(scheduler, probes, random);
    }

    public String node() {
        return node;
    }

    /** Starts the checks already stored on the agent's node (after a restart) and the reaper. */
    public void start() {
        for (HealthCheck check : checks().values()) {
            activate(check);
        }
        scheduleReap();
    }

    // ---- reads -------------------------------------------------------------------------------------

    /** The agent's services by ID (the agent's own {@code consul} service is not a local service). */
    public Map<String, NodeService> services() {
        NodeServices ns = catalog.nodeServices(null, node).value();
        Map<String, NodeService> out = new LinkedHashMap<>();
        if (ns != null) {
            for (NodeService s : ns.services()) {
                if (!s.id().equals(AgentNode.CONSUL_SERVICE)) {
                    out.put(s.id(), s);
                }
            }
        }
        return out;
    }

    /** The agent's checks by ID (serfHealth belongs to the cluster, not to the local agent). */
    public Map<String, HealthCheck> checks() {
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        for (HealthCheck c : health.nodeChecks(null, node).value()) {
            if (!c.checkId().equals(HealthCheck.SERF_HEALTH)) {
                out.put(c.checkId(), c);
            }
        }
        return out;
    }

    // ---- services ----------------------------------------------------------------------------------

    /**
     * Registers or replaces a service with its checks. Checks that keep their ID keep their status;
     * checks of the service missing from the new definition stay unless {@code replaceExistingChecks}.
     */
    public CompletableFuture<Void> registerService(ServiceRegistration registration, boolean replaceExistingChecks) {
        return registerServices(List.of(registration), replaceExistingChecks);
    }

    /**
     * Registers or replaces several services in <em>one</em> write (one index, one change for watchers and the
     * renderer), each as {@link #registerService} does; a refusal of any changes none.
     */
    public CompletableFuture<Void> registerServices(List<ServiceRegistration> registrations, boolean replaceExistingChecks) {
        for (ServiceRegistration r : registrations) {
            if (r.service().id().equals(AgentNode.CONSUL_SERVICE)) {
                return CompletableFuture.failedFuture(new AgentError(400,
                        "Service ID \"consul\" is reserved for Muster's own consul service"));
            }
        }
        List<ServiceRegistration> all = List.copyOf(registrations);
        return catalog.update(txn -> {
            // Check runtimes change only once every registration of the write has been accepted.
            List<Runnable> runtimeChanges = new ArrayList<>();
            for (ServiceRegistration r : all) {
                ensureService(txn, r, replaceExistingChecks, runtimeChanges);
            }
            runtimeChanges.forEach(Runnable::run);
            return null;
        });
    }

    private void ensureService(CatalogTxn txn, ServiceRegistration registration, boolean replaceExistingChecks,
                               List<Runnable> runtimeChanges) {
        NodeService service = registration.service();
        txn.ensureService(node, service);
        List<HealthCheck> checks = new ArrayList<>();
        int n = 0;
        for (CheckRegistration c : registration.checks()) {
            n++;
            String id = !c.checkId().isEmpty() ? c.checkId()
                    : registration.checks().size() == 1 ? "service:" + service.id() : "service:" + service.id() + ":" + n;
            String name = !c.name().isEmpty() ? c.name() : "Service '" + service.service() + "' check";
            checks.add(newCheck(txn, new CheckRegistration(id, name, c.notes(), service.id(), c.status(), c.type(),
                    c.definition())));
        }
        List<String> removed = new ArrayList<>();
        if (replaceExistingChecks) {
            Set<String> keep = checks.stream().map(c -> Keys.fold(c.checkId())).collect(Collectors.toSet());
            for (HealthCheck old : txn.checks(node)) {
                if (Keys.fold(old.serviceId()).equals(Keys.fold(service.id())) && !keep.contains(Keys.fold(old.checkId()))
                        && !old.checkId().startsWith(SERVICE_MAINTENANCE_PREFIX)) {
                    txn.deleteCheck(node, old.checkId());
                    removed.add(old.checkId());
                }
            }
        }
        checks.forEach(txn::ensureCheck);
        removed.forEach(id -> runtimeChanges.add(() -> runtime.forget(id)));
        checks.forEach(c -> runtimeChanges.add(() -> activate(c)));
    }

    /** Removes a service and its checks; an unknown ID is Consul's 404. */
    public CompletableFuture<Void> deregisterService(String serviceId) {
        return catalog.update(txn -> {
            if (txn.service(node, serviceId) == null || serviceId.equals(AgentNode.CONSUL_SERVICE)) {
                throw AgentError.unknownService(serviceId);
            }
            List<String> removed = new ArrayList<>();
            for (HealthCheck c : txn.checks(node)) {
                if (Keys.fold(c.serviceId()).equals(Keys.fold(serviceId))) {
                    removed.add(c.checkId());
                }
            }
            txn.deleteService(node, serviceId);
            removed.forEach(runtime::forget);
            return null;
        });
    }

    // ---- checks ------------------------------------------------------------------------------------

    /** Registers or replaces a check; attaching it to an unknown service is Consul's 404. */
    public CompletableFuture<Void> registerCheck(CheckRegistration registration) {
        return catalog.update(txn -> {
            if (!registration.serviceId().isEmpty() && txn.service(node, registration.serviceId()) == null) {
                throw new AgentError(404, "ServiceID \"" + registration.serviceId() + "\" does not exist");
            }
            HealthCheck check = newCheck(txn, registration);
            txn.ensureCheck(check);
            activate(check);
            return null;
        });
    }

    public CompletableFuture<Void> deregisterCheck(String checkId) {
        return catalog.update(txn -> {
            requireLocalCheck(txn, checkId);
            txn.deleteCheck(node, checkId);
            runtime.forget(checkId);
            return null;
        });
    }

    /**
     * pass/warn/fail/update: sets a TTL check's status and output and restarts its clock. Unknown → 404;
     * not a TTL check → Consul's 500 {@code CheckID "<id>" does not have associated TTL}.
     */
    public CompletableFuture<Void> updateTtl(String checkId, HealthStatus status, String output) {
        return catalog.update(txn -> {
            HealthCheck check = requireLocalCheck(txn, checkId);
            if (check.definition().ttl() == null) {
                throw new AgentError(500, "CheckID \"" + checkId + "\" does not have associated TTL");
            }
            String truncated = CheckOutput.truncate(output, check.definition().outputMaxSize());
            if (runtime.shouldWrite(check, status, truncated)) {
                txn.ensureCheck(withStatus(check, status, truncated));
            }
            runtime.noteStatus(checkId, status);
            runtime.resetTtl(check, () -> expireTtl(check.checkId()));
            return null;
        });
    }

    private HealthCheck requireLocalCheck(CatalogTxn txn, String checkId) {
        HealthCheck check = txn.check(node, checkId);
        if (check == null || check.checkId().equals(HealthCheck.SERF_HEALTH)) {
            throw AgentError.unknownCheck(checkId);
        }
        return check;
    }

    /** A new check, keeping the status and output of a stored check with the same ID (Consul's snapshot). */
    private HealthCheck newCheck(CatalogTxn txn, CheckRegistration r) {
        HealthCheck previous = txn.check(node, r.checkId());
        HealthStatus status = previous != null ? previous.status() : r.status() != null ? r.status() : HealthStatus.CRITICAL;
        String output = previous != null ? previous.output() : "";
        String type = !r.type().isEmpty() ? r.type() : r.definition().derivedType();
        return new HealthCheck(node, r.checkId(), r.name(), status, r.notes(), output, r.serviceId(), "", List.of(), type,
                r.definition(), Indexes.NONE);
    }

    private static HealthCheck withStatus(HealthCheck c, HealthStatus status, String output) {
        return new HealthCheck(c.node(), c.checkId(), c.name(), status, c.notes(), output, c.serviceId(), c.serviceName(),
                c.serviceTags(), c.type(), c.definition(), c.indexes());
    }

    private void activate(HealthCheck check) {
        if (closed) {
            return;
        }
        runtime.activate(check, () -> expireTtl(check.checkId()), (status, output) -> report(check, status, output));
    }

    /**
     * TTL expiry: critical with Consul's output, keeping the last output when there was one — unless an
     * update re-armed the clock after the timer fired (it is ordered before this write).
     */
    private void expireTtl(String checkId) {
        catalog.update(txn -> {
            HealthCheck check = txn.check(node, checkId);
            if (check == null || check.definition().ttl() == null) {
                runtime.forget(checkId);
                return null;
            }
            if (!runtime.ttlExpired(check)) {
                return null;
            }
            String previous = check.output();
            String output = previous.isEmpty() || previous.startsWith("TTL expired") ? "TTL expired"
                    : "TTL expired (last output before timeout follows): " + previous;
            txn.ensureCheck(withStatus(check, HealthStatus.CRITICAL, output));
            runtime.noteStatus(checkId, HealthStatus.CRITICAL);
            return null;
        }).whenComplete((v, e) -> logFailure("TTL expiry of " + checkId, e));
    }

    /**
     * A probe result that passed its thresholds: written when the status changes, or when only the output
     * changed and the output throttle allows it. A result for a check that is gone or was redefined (e.g.
     * through the catalog API) stops that probe instead.
     */
    private void report(HealthCheck probed, HealthStatus status, String output) {
        String checkId = probed.checkId();
        catalog.update(txn -> {
            HealthCheck check = txn.check(node, checkId);
            if (check == null || !check.definition().equals(probed.definition())) {
                runtime.stop(checkId);
                return null;
            }
            if (runtime.shouldWrite(check, status, output)) {
                txn.ensureCheck(withStatus(check, status, output));
            }
            runtime.noteStatus(checkId, status);
            return null;
        }).whenComplete((v, e) -> logFailure("status update of " + checkId, e));
    }

    // ---- maintenance -------------------------------------------------------------------------------

    public CompletableFuture<Void> serviceMaintenance(String serviceId, boolean enable, String reason) {
        return catalog.update(txn -> {
            NodeService service = txn.service(node, serviceId);
            if (service == null || serviceId.equals(AgentNode.CONSUL_SERVICE)) {
                throw AgentError.unknownService(serviceId);
            }
            String checkId = SERVICE_MAINTENANCE_PREFIX + service.id();
            if (enable && txn.check(node, checkId) != null) {
                return null; // already in maintenance: Consul keeps the first reason
            }
            if (enable) {
                String notes = reason.isEmpty()
                        ? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
                        : reason;
                txn.ensureCheck(new HealthCheck(node, checkId, "Service Maintenance Mode", HealthStatus.CRITICAL, notes, "",
                        service.id(), "", List.of(), "", null, Indexes.NONE));
            } else {
                txn.deleteCheck(node, checkId);
            }
            return null;
        });
    }

    public CompletableFuture<Void> nodeMaintenance(boolean enable, String reason) {
        return catalog.update(txn -> {
            if (enable && txn.check(node, NODE_MAINTENANCE) != null) {
                return null;
            }
            if (enable) {
                String notes = reason.isEmpty()
                        ? "Maintenance mode is enabled for this node, but no reason was provided. This is a default message."
                        : reason;
                txn.ensureCheck(new HealthCheck(node, NODE_MAINTENANCE, "Node Maintenance Mode", HealthStatus.CRITICAL, notes,
                        "", "", "", List.of(), "", null, Indexes.NONE));
            } else {
                txn.deleteCheck(node, NODE_MAINTENANCE);
            }
            return null;
        });
    }

    // ---- reaping -----------------------------------------------------------------------------------

    private void scheduleReap() {
        if (!closed) {
            reaper = scheduler.schedule(REAP_INTERVAL, () -> {
                reap();
                scheduleReap();
            });
        }
    }

    /**
     * Consul's reapServices: a service whose check has been continuously critical for longer than its
     * DeregisterCriticalServiceAfter (at least one minute) is deregistered with all its checks.
     */
    void reap() {
        for (HealthCheck check : checks().values()) {
            Duration after = check.definition().deregisterCriticalServiceAfter();
            if (after == null || after.isZero() || after.isNegative() || check.isNodeLevel()) {
                continue;
            }
            Duration timeout = after.compareTo(DEREGISTER_MIN) < 0 ? DEREGISTER_MIN : after;
            if (runtime.criticalFor(check).compareTo(timeout) > 0) {
                LOG.info("check {} has been critical for too long; deregistered service {}", check.checkId(), check.serviceId());
                deregisterService(check.serviceId()).whenComplete((v, e) -> {
                    if (e != null && !(e.getCause() instanceof AgentError)) {
                        logFailure("reaping service " + check.serviceId(), e);
                    }
                });
            }
        }
    }

    private static void logFailure(String what, Throwable e) {
        if (e != null) {
            LOG.warn("{} failed: {}", what, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable r = reaper;
        if (r != null) {
            r.cancel();
        }
        runtime.stopAll();
    }
}
