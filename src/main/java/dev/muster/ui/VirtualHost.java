package dev.muster.ui;

import dev.muster.model.AggregatedStatus;
import dev.muster.model.ServiceAddress;
import java.util.List;

/**
 * A virtual host of the platform page: nginx server names, a listen port, a location path and the
 * health-check path of its backends, served by one or more backends. Stored as ordinary agent services
 * (see {@link VirtualHosts} for the mapping). Immutable.
 *
 * @param listen     nginx's {@code listen}: a port, or {@code address:port}
 * @param healthPath "" when backends are checked by TCP connect instead of HTTP
 */
record VirtualHost(String name, List<String> serverNames, String listen, String path, String healthPath,
                   List<Backend> backends) {
    VirtualHost {
        serverNames = List.copyOf(serverNames);
        backends = List.copyOf(backends);
    }

    /** One backend: an agent service instance of the virtual host's service. */
    record Backend(String id, String address, int port, int weight, AggregatedStatus status, boolean draining,
                   String output) {
        public String hostPort() {
            return new ServiceAddress(address, port).hostPort();
        }
    }

    public long healthy() {
        return backends.stream().filter(b -> b.status() == AggregatedStatus.PASSING).count();
    }
}
