package smoke;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Cloud Consul Discovery 5.0.x app: registers itself with Consul at startup (HTTP check, or TTL check
 * with heartbeat enabled), keeps its check and catalog watch going, and deregisters when the context closes
 * (SIGTERM). {@code GET /instances/<service>} shows what its DiscoveryClient resolves from Consul.
 */
@SpringBootApplication
@RestController
public class SpringSmoke {
    private final DiscoveryClient discovery;

    public SpringSmoke(DiscoveryClient discovery) {
        this.discovery = discovery;
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringSmoke.class, args);
    }

    /** One line per instance, {@code <instance-id> <host>:<port>} (GET /v1/health/service/<service>?passing=false). */
    @GetMapping("/instances/{service}")
    public List<String> instances(@PathVariable("service") String service) {
        return discovery.getInstances(service).stream()
                .map(i -> i.getInstanceId() + " " + i.getHost() + ":" + i.getPort())
                .toList();
    }
}
