package dev.muster.api;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Consul's route table semantics (agent/http_register.go): paths ending in '/' match by prefix and hand
 * the percent-decoded rest to the handler; each route declares its methods; OPTIONS answers with
 * {@code Allow: OPTIONS,<methods>}; other methods get 405; unknown paths get Consul's 404 text.
 * Immutable after construction.
 */
final class Router {
    /** A handler that also receives the decoded path suffix of a prefix route ("" for exact routes). */
    @FunctionalInterface
    interface Handler {
        void handle(Context ctx, String rest) throws Exception;
    }

    private record Route(String path, Set<String> methods, String allow, Handler handler) {
        boolean prefix() {
            return path.endsWith("/");
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; the first method listed comes first in {@code Allow}. */
    Router add(String path, Handler handler, String... methods) {
        routes.add(new Route(path, Set.of(methods), "OPTIONS," + String.join(",", methods), handler));
        routes.sort(Comparator.comparingInt((Route r) -> -r.path().length()));
        return this;
    }

    void handle(Context ctx) throws Exception {
        String rawPath = ctx.req().getRequestURI();
        String path = decode(rawPath);
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("Invalid URL path: contains non-printable characters");
        }
        Route route = find(path);
        if (route == null) {
            String reason = path.contains("/v1/") ? "not a recognized HTTP API endpoint"
                    : "if attempting to use the HTTP API, ensure the path starts with '/v1/'";
            throw new ApiException(404, "Invalid URL path: " + reason + "\n");
        }
        String method = ctx.req().getMethod();
        if (method.equals("OPTIONS")) {
            ctx.header("Allow", route.allow());
            ctx.status(200);
            return;
        }
        if (!route.methods().contains(method)) {
            throw new MethodNotAllowed(method, route.allow());
        }
        String rest = route.prefix() ? path.substring(route.path().length()) : "";
        route.handler().handle(ctx, rest);
    }

    private Route find(String path) {
        for (Route r : routes) {
            if (r.prefix() ? path.startsWith(r.path()) : path.equals(r.path())) {
                return r;
            }
        }
        return null;
    }

    /** Percent-decodes a URL path (unlike URLDecoder, '+' stays a plus). Bad escapes are a 400. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw ApiException.badRequest("Invalid URL path: bad percent-encoding");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw ApiException.badRequest("Invalid URL path: bad percent-encoding");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
