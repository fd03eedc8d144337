package dev.muster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Muster rendering the shipped {@code conf/nginx.peb} into an {@link Nginx}'s {@code muster.conf}, with
 * {@code nginx -t} as check command and a reload command, configured through a JSON config file.
 */
final class RenderedNginx {
    private RenderedNginx() {
    }

    /**
     * @param reload  the reload command (a list, run without a shell)
     * @param waitMin quiescence min ("0s" = off), waitMax likewise
     */
    static Muster start(Bench bench, String name, Nginx nginx, List<String> reload, String waitMin, String waitMax) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("source", bench.root.resolve("conf/nginx.peb").toString());
        template.put("destination", nginx.musterConf().toString());
        template.put("check_command", nginx.command("-t", "-q"));
        template.put("command", reload);
        template.put("wait", Map.of("min", waitMin, "max", waitMax));
        Map<String, Object> config = Map.of("reload_min_interval", "1s", "template", List.of(template));
        Path file = bench.work.resolve(name + ".json");
        try {
            new ObjectMapper().writeValue(file.toFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Muster.start(bench, name, bench.freshDir(name), List.of("-config-file", file.toString()),
                Map.of("MUSTER_NGINX_LISTEN", "127.0.0.1:" + nginx.listenPort()));
    }

    /** Registers (or moves) one instance of service on its own node, pointing at 127.0.0.1:port. */
    static void register(Muster muster, String service, String id, int port) {
        Http.ok("PUT", muster.url("/v1/catalog/register"), "{\"Node\":\"bench\",\"Address\":\"127.0.0.1\","
                + "\"Service\":{\"ID\":\"" + id + "\",\"Service\":\"" + service + "\",\"Port\":" + port + "}}");
    }
}
