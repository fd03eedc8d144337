package dev.muster.e2e;

import static dev.muster.e2e.NginxRenderIT.await;
import static dev.muster.e2e.NginxRenderIT.closeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.e2e.NginxRenderIT.Backend;
import dev.muster.e2e.NginxRenderIT.Muster;
import dev.muster.e2e.NginxRenderIT.Nginx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real headless Chromium against a Muster child process that renders the shipped
 * {@code conf/nginx.peb} for a real nginx (check {@code nginx -t}, reload {@code nginx -s reload}). Screenshots of
 * the main pages go to target/ui-screenshots/.
 */
class UiBrowserIT {
    private static final String PLACEHOLDER = "# placeholder written by the test before Muster starts\n";
    private static final String SHOP = "shop.test";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Nginx nginx;
    private Muster muster;
    private Browser browser;

    @BeforeAll
    static void requireTools() {
        Nginx.require();
        Browser.require();
    }

    @BeforeEach
    void start() throws Exception {
        nginx = track(Nginx.start(tmp.resolve("nginx"), PLACEHOLDER));
        Path config = Muster.writeConfig(tmp.resolve("muster.json"), Duration.ofMillis(200), List.of(Muster.template(
                Muster.shippedTemplate(), nginx.confFile(), nginx.argv("-t", "-q"), nginx.argv("-s", "reload"))));
        muster = track(Muster.start(tmp.resolve("muster"), config, nginx.listen()));
        browser = track(Browser.start(tmp.resolve("chromium-profile")));
    }

    @AfterEach
    void stop() {
        closeAll(started);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(0, resource); // closed in reverse order of start
        return resource;
    }

    @Test
    void servicesRegisteredOverTheApi_appearWithoutAReload() throws Exception {
        browser.open(muster.baseUrl() + "/");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/ui/services"), browser.driver().getCurrentUrl());
        awaitLive();
        // A marker in the page's JavaScript state survives live updates but not a reload.
        js("window.musterMarker = 'same page';");
        for (String name : List.of("billing", "search", "checkout")) {
            assertEquals(200, muster.put("/v1/agent/service/register", """
                    {"Name": "%s", "Port": 8080, "Tags": ["v1", "blue"], "Check": {"TTL": "30s", "Status": "passing"}}
                    """.formatted(name)).statusCode());
        }
        browser.await("the three services listed", d -> browser.present("tr[data-service=checkout]")
                && browser.present("tr[data-service=billing]") && browser.present("tr[data-service=search]"));
        assertEquals("same page", js("return window.musterMarker;"), "the page was reloaded instead of updated");
        assertTrue(browser.text("tr[data-service=billing]").contains("1 passing"),
                browser.text("tr[data-service=billing]"));

        // A health change shows up live too.
        assertEquals(200, muster.put("/v1/agent/check/fail/service:search?note=disk+full", "").statusCode());
        browser.await("search turning critical", d -> browser.text("tr[data-service=search]")
                .contains("1 critical"));
        assertEquals("same page", js("return window.musterMarker;"));

        // The filter narrows the list as one types.
        browser.find("#filter").sendKeys("bill");
        browser.await("the list filtered to billing", d -> !browser.present("tr[data-service=search]")
                && browser.present("tr[data-service=billing]"));
        browser.screenshot("services");

        browser.open(muster.baseUrl() + "/ui/services/search");
        assertTrue(browser.text("main").contains("disk full"), browser.text("main"));
        browser.screenshot("service");
        browser.open(muster.baseUrl() + "/ui/nodes");
        assertTrue(browser.text("#nodes").contains("e2e"), browser.text("#nodes"));
        browser.screenshot("nodes");
        browser.open(muster.baseUrl() + "/ui/checks?state=critical");
        assertTrue(browser.text("#checks").contains("search"), browser.text("#checks"));
        browser.screenshot("checks");

        // Charts of the last hour: this hour already counts the three registrations.
        browser.open(muster.baseUrl() + "/ui/monitoring");
        assertEquals(5, browser.driver().findElements(By.cssSelector("figure.chart svg")).size());
        String legend = browser.text("figure[data-chart='Registrations and deregistrations'] .legend");
        Matcher m = Pattern.compile("■ registrations: \\d+ now · (\\d+) this hour").matcher(legend);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 3, legend);
        browser.screenshot("monitoring");
    }

    @Test
    void virtualHostFromTheForm_isRenderedAndServedByNginx() throws Exception {
        Backend b1 = track(Backend.start("shop-backend-1"));
        Backend b2 = track(Backend.start("shop-backend-2"));
        await("Muster's first render replacing the placeholder", () -> nginx.conf().contains("placeholder") ? null : true);
        String before = nginx.conf();
        String servicesBefore = get("/v1/agent/services");

        // Invalid input: errors next to the fields, the values kept, nothing written.
        browser.open(muster.baseUrl() + "/ui/vhosts");
        fill("#name", "bad name");
        fill("#serverNames", SHOP);
        fill("#listen", "70000");
        fill("#backends", "127.0.0.1:" + b1.port() + "\nnot-a-backend");
        browser.find("#vhost-submit").click();
        browser.await("field errors", d -> browser.present("#error-name"));
        assertEquals("Invalid service name \"bad name\": must not contain whitespace, control characters or any of "
                + ";{}'\"#$\\", browser.text("#error-name"));
        assertTrue(browser.text("#error-listen").startsWith("Invalid listen \"70000\""),
                browser.text("#error-listen"));
        assertTrue(browser.text("#error-backends").contains("not-a-backend"),
                browser.text("#error-backends"));
        assertFalse(browser.present("#error-serverNames"), "a valid field got an error");
        assertEquals("bad name", browser.find("#name").getAttribute("value"), "entered values are kept");
        browser.screenshot("vhost-form-errors");
        assertEquals(servicesBefore, get("/v1/agent/services"), "an invalid form changed the registry");
        assertEquals(before, nginx.conf(), "an invalid form changed the rendered file");

        // A valid virtual host with two real backends: rendered, checked, reloaded and served by nginx.
        fill("#name", "shop");
        fill("#serverNames", SHOP + " www." + SHOP);
        fill("#listen", nginx.listen());
        fill("#path", "/");
        fill("#healthPath", "/healthz");
        fill("#backends", "127.0.0.1:" + b1.port() + "\n127.0.0.1:" + b2.port() + " 2");
        browser.find("#vhost-submit").click();
        browser.await("the virtual host's page", d -> d.getCurrentUrl().endsWith("/ui/vhosts/shop"));
        await("both backends in the rendered upstream", () -> {
            String c = nginx.conf();
            return c.contains("server 127.0.0.1:" + b1.port() + " weight=1 ") && c.contains("server 127.0.0.1:"
                    + b2.port() + " weight=2 ") && c.contains("server_name " + SHOP + " www." + SHOP + ";") ? true : null;
        });
        await("nginx answering both backends for " + SHOP,
                () -> nginx.seesAll(SHOP, 12, Set.of(b1.body(), b2.body())) ? true : null);
        browser.await("both backends passing on the page", d -> browser.text("#backends")
                .split("passing", -1).length - 1 == 2);
        browser.screenshot("vhost");
        String registry = get("/v1/catalog/service/shop");
        assertTrue(registry.contains("\"vhost_server_names\":\"" + SHOP + " www." + SHOP + "\""), registry);

        // The renders page shows the change as a diff and the reload in the history.
        browser.open(muster.baseUrl() + "/ui/templates");
        browser.click("#templates a");
        // The last change is whichever backend turned healthy last: either way a server line was added.
        browser.await("the file with both backends and a diff adding one", d -> browser.present("#diff")
                && browser.text("#content").contains("server 127.0.0.1:" + b1.port())
                && browser.text("#content").contains("server 127.0.0.1:" + b2.port())
                && browser.text("#diff").contains("+  server 127.0.0.1:"));
        assertTrue(browser.text("#history").contains("reload"), browser.text("#history"));
        browser.screenshot("renders");

        // Remove a backend: gone from the file and from nginx.
        browser.open(muster.baseUrl() + "/ui/vhosts/shop");
        browser.click("tr[data-backend='127.0.0.1:" + b2.port() + "'] button.remove");
        browser.await("the backend row removed", d -> !browser.present("tr[data-backend='127.0.0.1:" + b2.port() + "']"));
        await("backend 2 out of the rendered upstream", () -> nginx.conf().contains("127.0.0.1:" + b2.port()) ? null : true);
        await("nginx answering backend 1 only", () -> {
            for (int i = 0; i < 6; i++) {
                if (!nginx.get(SHOP).body().equals(b1.body())) {
                    return null;
                }
            }
            return true;
        });
        nginx.assertConfigTestPasses();
        browser.screenshot("vhost-after-removal");
        browser.open(muster.baseUrl() + "/ui/vhosts");
        assertTrue(browser.text("#vhosts").contains("1 of 1 healthy"), browser.text("#vhosts"));
        browser.screenshot("vhosts");
    }

    /**
     * The Key/Value page: create a key from the form (folders appear), a bad value gets the API's message next to its
     * field and changes nothing, an edit of a key changed meanwhile is a conflict instead of an overwrite, a KV write
     * and a lock over the API show up live, the sessions page lists the lock, and delete removes the key.
     */
    @Test
    void keyValuePage_createEditConflictLockAndDelete() throws Exception {
        browser.open(muster.baseUrl() + "/ui/kv/");
        awaitLive();
        assertTrue(browser.present("#kv-empty"), "a new store has no keys");
        fill("#kv-name", "app/db/host");
        fill("#kv-value", "db1.internal");
        browser.click("#kv-create-submit");
        browser.await("the key's page after create", d -> d.getCurrentUrl().endsWith("/ui/kv/app/db/host"));
        assertEquals("db1.internal", browser.text("#kv-current"));
        assertEquals("db1.internal", kvValue("app/db/host"), "the form wrote through to the API");

        browser.open(muster.baseUrl() + "/ui/kv/");
        assertTrue(browser.present("tr.folder[data-key='app/']"), browser.text("main"));
        fill("#kv-name", "bad//key");
        browser.click("#kv-create-submit");
        assertEquals("key must not contain an empty path segment ('//')", browser.text("#error-name"));
        fill("#kv-name", "app/flags");
        fill("#kv-flags", "-1");
        browser.click("#kv-create-submit");
        assertTrue(browser.text("#error-flags").startsWith("Flags must be a whole number"), browser.text("#error-flags"));
        assertEquals(404, muster.get("/v1/kv/app/flags").statusCode(), "a refused form writes nothing");

        // an edit against a value someone else changed meanwhile is refused with the conflict shown
        browser.open(muster.baseUrl() + "/ui/kv/app/db/host");
        awaitLive();
        js("window.musterMarker = 'same page';");
        assertEquals(200, muster.put("/v1/kv/app/db/host", "db2.internal").statusCode());
        browser.await("the new value shown live", d -> "db2.internal".equals(browser.text("#kv-current")));
        assertEquals("same page", js("return window.musterMarker;"), "the page was reloaded instead of updated");
        fill("#kv-value", "db3.internal");
        browser.click("#kv-save");
        assertTrue(browser.text("#kv-conflict").contains("changed by someone else"), browser.text("main"));
        assertEquals("db2.internal", kvValue("app/db/host"), "the conflicting edit overwrote the other change");
        browser.click("#kv-save"); // the form now carries the current index: saving again is deliberate
        browser.await("the saved value", d -> "db3.internal".equals(browser.text("#kv-current")));
        assertEquals("db3.internal", kvValue("app/db/host"));

        // a lock taken over the API shows its holder, and the sessions page lists what it holds
        String session = muster.put("/v1/session/create", "{\"Name\":\"ui-test\"}").body()
                .replaceAll(".*\"ID\":\"([^\"]+)\".*", "$1").strip();
        assertEquals("true", muster.put("/v1/kv/app/leader?acquire=" + session, "node1").body());
        browser.open(muster.baseUrl() + "/ui/kv/app/");
        assertTrue(browser.text("tr[data-key='app/leader']").contains(session), browser.text("main"));
        browser.open(muster.baseUrl() + "/ui/sessions");
        assertTrue(browser.text("tr[data-session='" + session + "']").contains("app/leader"), browser.text("main"));
        browser.screenshot("sessions");

        browser.open(muster.baseUrl() + "/ui/kv/app/db/host");
        browser.screenshot("kv-key");
        browser.click("#kv-delete-submit");
        browser.await("the folder after delete", d -> d.getCurrentUrl().endsWith("/ui/kv/app/db/"));
        assertEquals(404, muster.get("/v1/kv/app/db/host").statusCode());
        browser.open(muster.baseUrl() + "/ui/kv/app/");
        browser.screenshot("kv-folder");
    }

    private String kvValue(String key) throws Exception {
        return muster.get("/v1/kv/" + key + "?raw").body();
    }

    private void awaitLive() {
        browser.await("the live-update connection", d -> "1".equals(browser.find("body").getAttribute("data-live")));
    }

    private void fill(String css, String value) {
        WebElement field = browser.find(css);
        field.clear();
        field.sendKeys(value);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(muster.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
