package smoke;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Cloud Consul Discovery 5.0.x app: registers itself with Consul at startup (HTTP check, or TTL check
 * with heartbeat enabled), keeps its check and catalog watch going, and deregisters when the context closes
 * (SIGTERM). {@code GET /instances/<service>} shows what its DiscoveryClient resolves from Consul. With Spring Cloud
 * Consul Config it reads {@code config/smoke-spring/data} as YAML at start and watches it: {@code GET /property/<name>}
 * shows the property's current value, so a change in Consul shows up without a restart.
 */
@SpringBootApplication
@RestController
public class SpringSmoke {
    private final DiscoveryClient discovery;
    private final Environment environment;

    public SpringSmoke(DiscoveryClient discovery, Environment environment) {
        this.discovery = discovery;
        this.environment = environment;
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

    /** The property's value as the environment has it now (refreshed when Consul's config changes), "" if unset. */
    @GetMapping("/property/{name}")
    public String property(@PathVariable("name") String name) {
        return environment.getProperty(name, "");
    }
}
