package dev.muster.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed check command shows on every page until the template's next success, and its output is in the
 * template's history. The check is {@code test -f <marker>}: failing until the test creates the marker.
 */
class FailureBannerIT {
    @TempDir
    Path tmp;

    @Test
    void failedCheck_bannerOnEveryPage_untilTheNextSuccess() throws Exception {
        Path marker = tmp.resolve("nginx-ok");
        Path config = Files.writeString(tmp.resolve("muster.json"), """
                {"template": {"contents": "{%% for s in services() %%}{{ s.Name }}\\n{%% endfor %%}",
                              "destination": "%s", "check_command": ["/bin/sh", "-c", "echo 'emerg: bad directive' >&2; test -f %s"]}}
                """.formatted(tmp.resolve("out.conf"), marker));
        try (TestRegistry registry = TestRegistry.inMemory(config)) {
            await(() -> page(registry, "/ui/services").contains("id=\"failure-banner\""));
            for (String path : new String[] {"/ui/nodes", "/ui/checks", "/ui/vhosts", "/ui/templates", "/ui/monitoring"}) {
                String html = page(registry, path);
                assertTrue(html.contains("id=\"failure-banner\"") && html.contains("check command"), path + ":\n" + html);
            }
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/ui/templates/[^\"]+)\"")
                    .matcher(page(registry, "/ui/templates"));
            assertTrue(link.find(), "a link to the template's page");
            // the href is already percent-encoded (a template's name is its source path)
            String template = registry.request().urlEncodingEnabled(false).get(link.group(1)).then().statusCode(200)
                    .extract().asString();
            assertTrue(template.contains("emerg: bad directive"), "the check's output in the history:\n" + template);

            Files.writeString(marker, "");
            registry.request().body("{\"Name\": \"web\"}").put("/v1/agent/service/register").then().statusCode(200);
            await(() -> !page(registry, "/ui/services").contains("id=\"failure-banner\""));
            assertFalse(page(registry, "/ui/templates").contains("failing"));
        }
    }

    private static String page(TestRegistry registry, String path) {
        return registry.request().get(path).then().statusCode(200).extract().asString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(50);
        }
    }
}
