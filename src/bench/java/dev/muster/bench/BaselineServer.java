package dev.muster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The bare-stack ceiling Muster is compared with: a Javalin app (same Javalin and Jackson versions as the
 * product) with nothing but the work a route cannot avoid. Runs as its own process, like Muster.
 * <ul>
 *   <li>J_PUT {@code PUT /jput}: parses the registration body with Jackson, answers {@code true};</li>
 *   <li>J_GET {@code GET /jget/{name}}: answers the bytes stored under {@code name} by
 *       {@code PUT /admin/body/{name}} (the driver stores the exact bytes Muster answered);</li>
 *   <li>LP {@code GET /lp} parks on a future without a thread; {@code PUT /lp} completes every parked one
 *       with the body stored under {@code lp}.</li>
 * </ul>
 * Usage: {@code BaselineServer <port>}
 */
public final class BaselineServer {
    private BaselineServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        Queue<CompletableFuture<byte[]>> parked = new ConcurrentLinkedQueue<>();
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.routes.get("/up", ctx -> ctx.result("true"));
            c.routes.put("/jput", ctx -> {
                JsonNode body = mapper.readTree(ctx.bodyInputStream());
                if (!body.isObject()) {
                    ctx.status(400);
                    return;
                }
                ctx.contentType("application/json").result("true");
            });
            c.routes.get("/jget/{name}", ctx -> {
                byte[] body = bodies.get(ctx.pathParam("name"));
                if (body == null) {
                    ctx.status(404);
                    return;
                }
                ctx.contentType("application/json").result(body);
            });
            c.routes.put("/admin/body/{name}", ctx -> {
                bodies.put(ctx.pathParam("name"), ctx.bodyAsBytes());
                ctx.result("true");
            });
            c.routes.get("/lp", ctx -> {
                CompletableFuture<byte[]> wake = new CompletableFuture<>();
                parked.add(wake);
                ctx.future(() -> wake.thenAccept(body -> ctx.contentType("application/json").result(body)));
            });
            c.routes.put("/lp", ctx -> {
                byte[] body = bodies.getOrDefault("lp", "[]".getBytes());
                int woken = 0;
                for (CompletableFuture<byte[]> wake; (wake = parked.poll()) != null; woken++) {
                    wake.complete(body);
                }
                ctx.result(Integer.toString(woken));
            });
        });
        app.start("127.0.0.1", port);
    }
}
