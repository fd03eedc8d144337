package dev.muster.ui;

import dev.muster.state.CatalogState;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The platform page: list and add virtual hosts, edit one's settings, add and remove backends, drain a
 * backend, delete a virtual host. Every form is validated completely before anything is written; an invalid form comes back
 * with status 400, the entered values, and the message next to its field. A valid one redirects (POST →
 * redirect → GET) once the write is durable.
 */
final class VirtualHostPages {
    private final VirtualHosts vhosts;
    private final CatalogState catalog;
    private final CsrfGuard csrf;
    private final UiPages pages;

    VirtualHostPages(VirtualHosts vhosts, CatalogState catalog, CsrfGuard csrf, UiPages pages) {
        this.vhosts = vhosts;
        this.catalog = catalog;
        this.csrf = csrf;
        this.pages = pages;
    }

    void list(Context ctx) {
        showList(ctx, Map.of("name", "", "serverNames", "", "listen", "80", "path", "/", "healthPath", "", "backends", ""),
                new FormErrors());
    }

    private void showList(Context ctx, Map<String, String> form, FormErrors errors) {
        pages.render(ctx, "vhosts", "vhosts", Map.of("vhosts", vhosts.list(), "form", form, "errors", errors.asMap()));
    }

    void create(Context ctx) {
        csrf.verify(ctx);
        Map<String, String> form = Forms.values(ctx, "name", "serverNames", "listen", "path", "healthPath", "backends");
        VirtualHostForm.Parsed<VirtualHost> parsed = VirtualHostForm.create(form,
                name -> !catalog.serviceNodes(null, name, List.of(), Map.of()).value().isEmpty());
        if (!parsed.ok()) {
            ctx.status(400);
            showList(ctx, form, parsed.errors());
            return;
        }
        saved(ctx, vhosts.register(parsed.value()), "/ui/vhosts/" + parsed.value().name());
    }

    private static final Map<String, String> EMPTY_BACKEND = Map.of("backend", "", "weight", "1");

    void show(Context ctx) {
        showOne(ctx, existing(ctx), EMPTY_BACKEND, new FormErrors());
    }

    private void showOne(Context ctx, VirtualHost vhost, Map<String, String> form, FormErrors errors) {
        showOne(ctx, vhost, form, VirtualHostForm.editFields(vhost), errors);
    }

    /** The virtual host's page with the add-backend form's and the edit form's values. */
    private void showOne(Context ctx, VirtualHost vhost, Map<String, String> form, Map<String, String> edit,
                         FormErrors errors) {
        pages.render(ctx, "vhost", "vhosts", Map.of("vhost", vhost, "form", form, "edit", edit, "errors", errors.asMap()));
    }

    /** Changes server names, listen, path and health-check path in place: one write, the create form's rules. */
    void edit(Context ctx) {
        csrf.verify(ctx);
        VirtualHost vhost = existing(ctx);
        Map<String, String> form = Forms.values(ctx, "serverNames", "listen", "path", "healthPath");
        VirtualHostForm.Parsed<VirtualHost> parsed = VirtualHostForm.edit(vhost, form);
        if (!parsed.ok()) {
            ctx.status(400);
            showOne(ctx, vhost, EMPTY_BACKEND, form, parsed.errors());
            return;
        }
        saved(ctx, vhosts.register(parsed.value()), "/ui/vhosts/" + vhost.name());
    }

    void addBackend(Context ctx) {
        csrf.verify(ctx);
        VirtualHost vhost = existing(ctx);
        Map<String, String> form = Forms.values(ctx, "backend", "weight");
        VirtualHostForm.Parsed<VirtualHost> parsed = VirtualHostForm.addBackend(vhost, form);
        if (!parsed.ok()) {
            ctx.status(400);
            showOne(ctx, vhost, form, parsed.errors());
            return;
        }
        saved(ctx, vhosts.register(parsed.value()), "/ui/vhosts/" + vhost.name());
    }

    void removeBackend(Context ctx) {
        csrf.verify(ctx);
        VirtualHost vhost = existing(ctx);
        VirtualHost.Backend backend = backend(ctx, vhost);
        if (vhost.backends().size() == 1) {
            FormErrors errors = new FormErrors();
            errors.add("remove", "A virtual host needs at least one backend: " + backend.hostPort()
                    + " is the last one; delete the virtual host instead");
            ctx.status(400);
            showOne(ctx, vhost, EMPTY_BACKEND, errors);
            return;
        }
        saved(ctx, vhosts.removeBackend(backend.id()), "/ui/vhosts/" + vhost.name());
    }

    void drain(Context ctx) {
        csrf.verify(ctx);
        VirtualHost vhost = existing(ctx);
        VirtualHost.Backend backend = backend(ctx, vhost);
        saved(ctx, vhosts.drain(backend.id(), !backend.draining()), "/ui/vhosts/" + vhost.name());
    }

    void delete(Context ctx) {
        csrf.verify(ctx);
        saved(ctx, vhosts.delete(existing(ctx)), "/ui/vhosts");
    }

    private VirtualHost existing(Context ctx) {
        String name = ctx.pathParam("name");
        return vhosts.get(name).orElseThrow(() -> new NotFoundResponse("No virtual host named " + name));
    }

    private static VirtualHost.Backend backend(Context ctx, VirtualHost vhost) {
        String id = ctx.formParam("backend");
        return vhost.backends().stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("No backend " + id + " in " + vhost.name()));
    }

    /** Waits until the write is durable, then sends the browser to {@code location} (POST → redirect → GET). */
    private static void saved(Context ctx, CompletableFuture<Void> write, String location) {
        Forms.await(write);
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }
}
