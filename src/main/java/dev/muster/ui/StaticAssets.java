package dev.muster.ui;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The UI's stylesheet and script, read from the jar once at start and served with a content type and a
 * short cache lifetime; nothing is fetched from a network at run time.
 */
final class StaticAssets {
    private static final Map<String, String> TYPES = Map.of(
            "muster.css", "text/css; charset=utf-8",
            "muster.js", "text/javascript; charset=utf-8");
    private final Map<String, byte[]> files;

    StaticAssets() {
        this.files = Map.of("muster.css", read("muster.css"), "muster.js", read("muster.js"));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream("ui/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("ui/static/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new NotFoundResponse("no such asset: " + name);
        }
        ctx.header("Cache-Control", "max-age=300").contentType(TYPES.get(name)).result(bytes);
    }
}
