package dev.muster.ui;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Protects the UI's write actions against cross-site requests, twice over: a per-browser token in a
 * {@code SameSite=Strict} cookie that every form must echo (double submit), and a refusal of any POST whose
 * {@code Origin} (or {@code Sec-Fetch-Site}) says it comes from another site. Stateless apart from its
 * random source.
 */
final class CsrfGuard {
    static final String COOKIE = "muster_csrf";
    static final String FIELD = "csrf";
    private final SecureRandom random = new SecureRandom();

    /** The browser's token, issuing one (as a cookie) when it has none yet. */
    String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.length() < 20) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/ui; HttpOnly; SameSite=Strict");
        }
        return token;
    }

    /** Throws 403 unless the POST carries the browser's token and comes from this origin. */
    void verify(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ForbiddenResponse("Cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null") && !sameHost(origin, ctx.header("Host"))) {
            throw new ForbiddenResponse("Cross-site request refused (Origin " + origin + ")");
        }
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        if (cookie == null || field == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                field.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("Missing or stale form token: reload the page and submit again");
        }
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getRawAuthority()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
