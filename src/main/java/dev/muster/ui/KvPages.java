package dev.muster.ui;

import dev.muster.model.InputRules;
import dev.muster.model.KvEntry;
import dev.muster.model.Session;
import dev.muster.state.KvState;
import dev.muster.state.SessionState;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Key/Value page: browse keys by prefix like folders, view a key (value, flags, lock holder, indexes), create,
 * edit and delete values, and the sessions with the keys they hold. Edits and deletes are check-and-set on the
 * ModifyIndex the page showed, so a concurrent change is reported as a conflict instead of being overwritten.
 * Forms are validated with the API's rules before anything is written; a valid one redirects once durable.
 */
final class KvPages {
    /** Consul's kv_max_value_size, the API's limit too. */
    private static final int MAX_VALUE_BYTES = 512 * 1024;
    private static final int PREVIEW_CHARS = 80;

    private final KvState kv;
    private final SessionState sessions;
    private final CsrfGuard csrf;
    private final UiPages pages;

    KvPages(KvState kv, SessionState sessions, CsrfGuard csrf, UiPages pages) {
        this.kv = kv;
        this.sessions = sessions;
        this.csrf = csrf;
        this.pages = pages;
    }

    /** One row of a folder: a sub-folder (name ends in '/') or a key with a preview of its value. */
    record Row(String name, String path, String href, boolean folder, String preview, String flags, String session) {
    }

    /** A link: a breadcrumb, or a key a session holds. */
    record Link(String name, String href) {
    }

    /** A session with what it holds, for the sessions table. */
    record SessionRow(Session session, List<Link> keys) {
    }

    /** {@code /ui/kv/<path>}: a folder when the path is empty or ends in '/', else one key. */
    void show(Context ctx) {
        String path = path(ctx);
        if (path.isEmpty() || path.endsWith("/")) {
            showFolder(ctx, path, Map.of("name", "", "value", "", "flags", "0"), new FormErrors());
        } else {
            KvEntry e = kv.get(null, path).value();
            if (e == null) {
                throw new NotFoundResponse("No key " + path + " (create it from its folder)");
            }
            showKey(ctx, e, editForm(e), new FormErrors(), null);
        }
    }

    /** A form on a KV page: {@code action} is create (in the folder), edit or delete (the key). */
    void post(Context ctx) {
        csrf.verify(ctx);
        switch (String.valueOf(ctx.formParam("action"))) {
            case "create" -> create(ctx);
            case "edit" -> edit(ctx);
            case "delete" -> delete(ctx);
            default -> throw new io.javalin.http.BadRequestResponse("Bad form: unknown action");
        }
    }

    /** Creates a key in the folder: only if it does not exist yet (cas 0). */
    private void create(Context ctx) {
        String folder = ctx.formParam("folder") == null ? "" : ctx.formParam("folder");
        Map<String, String> form = Forms.values(ctx, "name", "value", "flags");
        FormErrors errors = new FormErrors();
        String key = folder + form.get("name");
        if (form.get("name").isEmpty()) {
            errors.add("name", "Enter a key name");
        }
        InputRules.checkKvKey(key).ifPresent(r -> errors.add("name", r));
        Long flags = flags(form.get("flags"), errors);
        byte[] value = value(form.get("value"), errors);
        if (!errors.isEmpty()) {
            ctx.status(400);
            showFolder(ctx, folder, form, errors);
            return;
        }
        if (!Forms.await(kv.checkAndSet(key, value, flags, 0))) {
            errors.add("name", "A key " + key + " already exists: open it to edit it");
            ctx.status(409);
            showFolder(ctx, folder, form, errors);
            return;
        }
        ctx.redirect(link(key), HttpStatus.SEE_OTHER);
    }

    /** Saves an edit if the key is still at the ModifyIndex the page showed; else shows the conflict. */
    private void edit(Context ctx) {
        String key = path(ctx);
        Map<String, String> form = Forms.values(ctx, "value", "flags", "cas");
        FormErrors errors = new FormErrors();
        Long flags = flags(form.get("flags"), errors);
        byte[] value = value(form.get("value"), errors);
        long cas = index(form.get("cas"));
        KvEntry current = kv.get(null, key).value();
        if (current == null) {
            throw new NotFoundResponse("No key " + key + ": it was deleted meanwhile");
        }
        if (!errors.isEmpty()) {
            ctx.status(400);
            showKey(ctx, current, form, errors, null);
            return;
        }
        if (!Forms.await(kv.checkAndSet(key, value, flags, cas))) {
            ctx.status(409);
            showKey(ctx, kv.get(null, key).value(), form, errors, conflict(key));
            return;
        }
        ctx.redirect(link(key), HttpStatus.SEE_OTHER);
    }

    /** Deletes the key if it is still at the ModifyIndex the page showed. */
    private void delete(Context ctx) {
        String key = path(ctx);
        KvEntry current = kv.get(null, key).value();
        if (current == null) {
            ctx.redirect(link(parent(key)), HttpStatus.SEE_OTHER);
            return;
        }
        if (!Forms.await(kv.deleteIfIndex(key, index(ctx.formParam("cas"))))) {
            ctx.status(409);
            showKey(ctx, current, editForm(current), new FormErrors(), conflict(key));
            return;
        }
        ctx.redirect(link(parent(key)), HttpStatus.SEE_OTHER);
    }

    /** {@code /ui/sessions}: every session, with the keys it holds. */
    void sessions(Context ctx) {
        List<SessionRow> rows = new ArrayList<>();
        for (Session s : sessions.list(null).value()) {
            rows.add(new SessionRow(s, sessions.heldKeys(s.id()).stream().map(k -> new Link(k, link(k))).toList()));
        }
        pages.render(ctx, "sessions", "kv", Map.of("sessions", rows));
    }

    private void showFolder(Context ctx, String folder, Map<String, String> form, FormErrors errors) {
        List<Row> rows = new ArrayList<>();
        Set<String> subFolders = new HashSet<>();
        for (KvEntry e : kv.list(null, folder).value()) {
            String rest = e.key().substring(folder.length());
            int slash = rest.indexOf('/');
            if (rest.isEmpty()) {
                continue; // the folder's own key, e.g. "list/"
            } else if (slash >= 0) {
                String sub = rest.substring(0, slash + 1);
                if (subFolders.add(sub)) {
                    rows.add(new Row(sub, folder + sub, link(folder + sub), true, "", "", ""));
                }
            } else {
                rows.add(new Row(rest, e.key(), link(e.key()), false, preview(e), Long.toUnsignedString(e.flags()),
                        e.session()));
            }
        }
        pages.render(ctx, "kv", "kv", Map.of("folder", folder, "href", link(folder), "crumbs", crumbs(folder),
                "rows", rows, "form", form, "errors", errors.asMap()));
    }

    private void showKey(Context ctx, KvEntry e, Map<String, String> form, FormErrors errors, String conflict) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("entry", e);
        model.put("key", e.key());
        model.put("href", link(e.key()));
        model.put("crumbs", crumbs(parent(e.key())));
        model.put("text", text(e.value()));
        model.put("size", e.value() == null ? 0 : e.value().length);
        model.put("flags", Long.toUnsignedString(e.flags()));
        model.put("form", form);
        model.put("errors", errors.asMap());
        model.put("conflict", conflict == null ? "" : conflict);
        pages.render(ctx, "kvkey", "kv", model);
    }

    private String conflict(String key) {
        return key + " was changed by someone else after you opened it; the current value is shown, your text is "
                + "kept in the form: save again to overwrite the current value";
    }

    private static Map<String, String> editForm(KvEntry e) {
        String text = text(e.value());
        return Map.of("value", text == null ? "" : text, "flags", Long.toUnsignedString(e.flags()),
                "cas", Long.toString(e.indexes().modifyIndex()));
    }

    private static Long flags(String text, FormErrors errors) {
        try {
            return text.isBlank() ? 0L : Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException e) {
            errors.add("flags", "Flags must be a whole number from 0 to 18446744073709551615");
            return 0L;
        }
    }

    private static byte[] value(String text, FormErrors errors) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_VALUE_BYTES) {
            errors.add("value", "The value is " + bytes.length + " bytes; at most " + MAX_VALUE_BYTES + " are allowed");
        }
        return bytes;
    }

    private static long index(String text) {
        try {
            return text == null ? 0 : Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException e) {
            throw new io.javalin.http.BadRequestResponse("Bad form: cas must be a ModifyIndex");
        }
    }

    /** The value as UTF-8 text, or null when it is binary. */
    static String text(byte[] value) {
        if (value == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String preview(KvEntry e) {
        String text = text(e.value());
        if (text == null) {
            return "(binary, " + e.value().length + " bytes)";
        }
        String line = text.replaceAll("\\s+", " ");
        return line.length() > PREVIEW_CHARS ? line.substring(0, PREVIEW_CHARS) + "…" : line;
    }

    private static List<Link> crumbs(String folder) {
        List<Link> out = new ArrayList<>();
        int start = 0;
        for (int i = folder.indexOf('/'); i >= 0; i = folder.indexOf('/', i + 1)) {
            out.add(new Link(folder.substring(start, i + 1), link(folder.substring(0, i + 1))));
            start = i + 1;
        }
        return out;
    }

    private static String parent(String key) {
        int slash = key.lastIndexOf('/', key.length() - 2);
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    /** The page of a key or folder; each path segment URL-encoded, the slashes kept. */
    static String link(String path) {
        StringBuilder out = new StringBuilder("/ui/kv/");
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            out.append(URLEncoder.encode(parts[i], StandardCharsets.UTF_8).replace("+", "%20"));
            if (i < parts.length - 1) {
                out.append('/');
            }
        }
        return out.toString();
    }

    private static String path(Context ctx) {
        String path = ctx.path();
        String rest = path.length() > "/ui/kv/".length() ? path.substring("/ui/kv/".length()) : "";
        // a path, not a form: '+' is a plus (links encode a space as %20)
        return java.net.URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
