package dev.muster.ui;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UI over plain HTTP: redirects, security headers, cross-site refusal, paging of a large registry, drain. */
class UiApiIT {
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void root_redirectsToTheUi_asConsulDoes() {
        registry.request().redirects().follow(false).get("/").then().statusCode(301).header("Location", "/ui/");
        registry.request().redirects().follow(false).get("/ui/").then().statusCode(302)
                .header("Location", "/ui/services");
        registry.request().redirects().follow(false).put("/").then().statusCode(404); // the API's answer
    }

    @Test
    void pages_carryAStrictContentSecurityPolicy_andEscapeRegistryValues() {
        registry.registerCatalog("""
                {"Node": "n1", "Address": "10.0.0.1", "Service": {"Service": "web", "Tags": ["<script>alert(1)</script>"]}}
                """);
        registry.request().get("/ui/services").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY")
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString("<script>alert")));
    }

    @Test
    void writes_withoutTheFormToken_orFromAnotherSite_areRefused_andChangeNothing() {
        Response page = registry.request().get("/ui/vhosts");
        String cookie = page.getCookie(CsrfGuard.COOKIE);
        String token = token(page.asString());
        assertEquals(cookie, token);
        String body = "name=shop&serverNames=shop.example.com&backends=127.0.0.1%3A9"; // form-encoded
        registry.request().contentType("application/x-www-form-urlencoded").body(body)
                .post("/ui/vhosts").then().statusCode(403);
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body(body + "&csrf=" + token).header("Origin", "https://evil.example").post("/ui/vhosts")
                .then().statusCode(403);
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body(body + "&csrf=" + token).header("Sec-Fetch-Site", "cross-site").post("/ui/vhosts")
                .then().statusCode(403);
        registry.request().get("/v1/agent/services").then().body(equalTo("{}"));
        // the same form from the page itself goes through
        registry.request().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .cookie(CsrfGuard.COOKIE, cookie).header("Origin", registry.baseUrl())
                .body(body + "&csrf=" + token).post("/ui/vhosts").then().statusCode(303)
                .header("Location", "/ui/vhosts/shop");
        registry.request().get("/v1/agent/services").then().body("'shop@127.0.0.1:9'.Service", equalTo("shop"))
                .body("'shop@127.0.0.1:9'.Tags[0]", equalTo("muster-vhost"))
                .body("'shop@127.0.0.1:9'.Meta.vhost_server_names", equalTo("shop.example.com"));
    }

    @Test
    void aThousandServices_arePagedAndFiltered() {
        for (int i = 0; i < 1000; i++) {
            registry.request().body("""
                    {"Node": "n%d", "Address": "10.0.%d.%d", "Service": {"Service": "svc-%04d", "Port": 80}}
                    """.formatted(i % 20, i / 250, i % 250, i)).put("/v1/catalog/register").then().statusCode(200);
        }
        String first = registry.request().get("/ui/services").then().statusCode(200).extract().asString();
        assertTrue(first.contains("1001 services") && first.contains("page 1 of 21"), first);
        assertEquals(50, count(first, "<tr data-service="));
        String last = registry.request().get("/ui/services?page=21").asString();
        assertTrue(last.contains("svc-0999"), last);
        String filtered = registry.request().get("/ui/services?q=svc-012").asString();
        assertTrue(filtered.contains("10 services matching"), filtered);
        assertEquals(10, count(filtered, "<tr data-service="));
    }

    @Test
    void drain_putsTheBackendInMaintenance_andBack() {
        Response page = registry.request().get("/ui/vhosts");
        String cookie = page.getCookie(CsrfGuard.COOKIE);
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body("csrf=" + cookie + "&name=api&serverNames=api.example.com&backends=127.0.0.1%3A9%0A127.0.0.1%3A10")
                .redirects().follow(false).post("/ui/vhosts").then().statusCode(303);
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body("csrf=" + cookie + "&backend=api%40127.0.0.1%3A9").redirects().follow(false)
                .post("/ui/vhosts/api/drain").then().statusCode(303);
        registry.request().get("/v1/agent/checks").then()
                .body("'_service_maintenance:api@127.0.0.1:9'.Status", equalTo("critical"));
        assertTrue(registry.request().get("/ui/vhosts/api").asString().contains("draining"));
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body("csrf=" + cookie + "&backend=api%40127.0.0.1%3A9").redirects().follow(false)
                .post("/ui/vhosts/api/drain").then().statusCode(303);
        registry.request().get("/v1/agent/checks").then()
                .body("'_service_maintenance:api@127.0.0.1:9'", org.hamcrest.Matchers.nullValue());
        // delete removes every backend
        registry.request().contentType("application/x-www-form-urlencoded").cookie(CsrfGuard.COOKIE, cookie)
                .body("csrf=" + cookie).redirects().follow(false).post("/ui/vhosts/api/delete").then().statusCode(303);
        registry.request().get("/v1/agent/services").then().body(equalTo("{}"));
    }

    @Test
    void addBackend_joinsWithTheVirtualHostsSettings_andABadOneChangesNothing() {
        String cookie = registry.request().get("/ui/vhosts").getCookie(CsrfGuard.COOKIE);
        post(cookie, "/ui/vhosts", "name=web&serverNames=web.example.com&listen=8080&healthPath=%2Fhealthz"
                + "&backends=127.0.0.1%3A9").then().statusCode(303);
        String bad = post(cookie, "/ui/vhosts/web/backends", "backend=127.0.0.1%3A10&weight=0").then().statusCode(400)
                .extract().asString();
        assertTrue(bad.contains("id=\"error-weight\"") && bad.contains("Invalid Weights: Passing must be greater than 0"),
                bad);
        registry.request().get("/v1/agent/services").then().body("size()", equalTo(1));
        post(cookie, "/ui/vhosts/web/backends", "backend=127.0.0.1%3A10&weight=5").then().statusCode(303);
        registry.request().get("/v1/agent/services").then()
                .body("'web@127.0.0.1:10'.Weights.Passing", equalTo(5))
                .body("'web@127.0.0.1:10'.Meta.vhost_listen", equalTo("8080"))
                .body("'web@127.0.0.1:10'.Meta.vhost_health_path", equalTo("/healthz"));
        registry.request().get("/v1/agent/checks").then()
                .body("'service:web@127.0.0.1:10'.Definition.HTTP", equalTo("http://127.0.0.1:10/healthz"));
    }

    @Test
    void edit_changesEverySettingInPlace_inOneWrite_andABadOneChangesNothing() {
        String cookie = registry.request().get("/ui/vhosts").getCookie(CsrfGuard.COOKIE);
        post(cookie, "/ui/vhosts", "name=shop&serverNames=shop.example.com&backends=127.0.0.1%3A9%0A127.0.0.1%3A10+3"
                + "%0A127.0.0.1%3A11").then().statusCode(303);
        post(cookie, "/ui/vhosts/shop/drain", "backend=shop%40127.0.0.1%3A10").then().statusCode(303);
        String before = registry.request().get("/v1/catalog/service/shop").asString();
        String page = registry.request().get("/ui/vhosts/shop").asString();
        assertTrue(page.contains("id=\"edit-form\"") && page.contains("value=\"shop.example.com\""), page);

        String bad = post(cookie, "/ui/vhosts/shop/edit", "serverNames=bad%3Bname&listen=99999&path=nope&healthPath=")
                .then().statusCode(400).extract().asString();
        assertTrue(bad.contains("id=\"error-serverNames\"") && bad.contains("id=\"error-listen\"")
                && bad.contains("id=\"error-path\""), bad);
        assertTrue(bad.contains("value=\"bad;name\"") && bad.contains("value=\"99999\""), "the entered values come back");
        assertEquals(before, registry.request().get("/v1/catalog/service/shop").asString(), "a bad edit changes nothing");

        post(cookie, "/ui/vhosts/shop/edit", "serverNames=shop.example.com+www.shop.example.com&listen=8080"
                + "&path=%2Fapi&healthPath=%2Fhealthz").then().statusCode(303).header("Location", "/ui/vhosts/shop");
        List<Integer> modifyIndexes = registry.request().get("/v1/catalog/service/shop").then().statusCode(200)
                .body("size()", equalTo(3))
                .body("ServiceMeta.vhost_server_names", everyItem(equalTo("shop.example.com www.shop.example.com")))
                .body("ServiceMeta.vhost_listen", everyItem(equalTo("8080")))
                .body("ServiceMeta.vhost_path", everyItem(equalTo("/api")))
                .body("ServiceMeta.vhost_health_path", everyItem(equalTo("/healthz")))
                .body("ServiceWeights.Passing", contains(3, 1, 1)) // sorted by ID: :10, :11, :9
                .extract().path("ModifyIndex");
        assertEquals(1, new java.util.HashSet<>(modifyIndexes).size(), "one write for every backend: " + modifyIndexes);
        int previous = io.restassured.path.json.JsonPath.from(before).getInt("[0].ModifyIndex");
        assertTrue(modifyIndexes.get(0) > previous);
        registry.request().get("/v1/agent/checks").then()
                .body("'service:shop@127.0.0.1:9'.Definition.HTTP", equalTo("http://127.0.0.1:9/healthz"))
                .body("'service:shop@127.0.0.1:9'.Type", equalTo("http"))
                .body("'_service_maintenance:shop@127.0.0.1:10'.Status", equalTo("critical"));
        assertTrue(registry.request().get("/ui/vhosts/shop").asString().contains("draining"), "still drained");
    }

    private Response post(String cookie, String path, String form) {
        return registry.request().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .cookie(CsrfGuard.COOKIE, cookie).body("csrf=" + cookie + "&" + form).post(path);
    }

    private static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
