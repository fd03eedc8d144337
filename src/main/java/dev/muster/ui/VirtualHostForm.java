package dev.muster.ui;

import dev.muster.model.AggregatedStatus;
import dev.muster.model.InputRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates the platform page's forms with the API's rules and messages
 * ({@link InputRules}: names, addresses, ports, weights) plus what nginx needs of server names and paths.
 * A form either yields a complete {@link VirtualHost} or {@link FormErrors}; nothing is written before
 * every field is valid. Stateless.
 */
final class VirtualHostForm {
    /** A host name label, a leading or trailing wildcard label, or nginx's catch-all {@code _}. */
    private static final Pattern SERVER_NAME = Pattern.compile(
            "_|(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(\\.\\*)?");
    /** {@code host:port} or {@code [v6]:port}, optionally followed by a weight. */
    private static final Pattern BACKEND = Pattern.compile("(\\[[^\\]]*\\]|[^\\s:\\[\\]]+):(\\S+)(?:\\s+(\\S+))?");
    /** nginx's {@code listen}: a port, or an IPv4 address, {@code [v6]} or host name, a colon and a port. */
    private static final Pattern LISTEN = Pattern.compile("(?:(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):)?([0-9]{1,5})");
    private static final int MAX_BACKENDS = 64;

    private VirtualHostForm() {
    }

    /** The result of a form: a valid value, or the errors to show next to the fields. */
    record Parsed<T>(T value, FormErrors errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * The create form: {@code name}, {@code serverNames} (space or comma separated), {@code listen},
     * {@code path}, {@code healthPath} and {@code backends} (one {@code address:port [weight]} per line).
     *
     * @param taken true when a service of that name already exists (a virtual host or not)
     */
    static Parsed<VirtualHost> create(Map<String, String> form, java.util.function.Predicate<String> taken) {
        FormErrors errors = new FormErrors();
        String name = form.getOrDefault("name", "").trim();
        if (name.isEmpty()) {
            errors.add("name", "Missing service name");
        } else {
            errors.add("name", InputRules.checkServiceName(name));
            if (!errors.has("name") && taken.test(name)) {
                errors.add("name", "A service named \"" + name + "\" is already registered; pick another name");
            }
        }
        List<String> serverNames = serverNames(form.getOrDefault("serverNames", ""), errors);
        String listen = listen(form.getOrDefault("listen", "").trim(), errors);
        String path = path("path", "location path", form.getOrDefault("path", "").trim(), "/", errors);
        String healthPath = path("healthPath", "health check path", form.getOrDefault("healthPath", "").trim(), "", errors);
        List<VirtualHost.Backend> backends = new ArrayList<>();
        String lines = form.getOrDefault("backends", "");
        Set<String> seen = new HashSet<>();
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            // backend IDs embed the name: only a valid name makes them worth checking
            Optional<VirtualHost.Backend> b = backend(errors.has("name") ? "" : name, line.trim(), null, "backends", errors);
            if (b.isPresent() && !seen.add(b.get().hostPort())) {
                errors.add("backends", "Backend " + b.get().hostPort() + " is listed twice");
            }
            b.ifPresent(backends::add);
        }
        if (backends.isEmpty() && !errors.has("backends")) {
            errors.add("backends", "Add at least one backend (address:port, one per line)");
        }
        if (backends.size() > MAX_BACKENDS) {
            errors.add("backends", "At most " + MAX_BACKENDS + " backends per virtual host");
        }
        VirtualHost vhost = errors.isEmpty() ? new VirtualHost(name, serverNames, listen, path, healthPath, backends) : null;
        return new Parsed<>(vhost, errors);
    }

    /**
     * The edit form of an existing virtual host: {@code serverNames}, {@code listen}, {@code path} and
     * {@code healthPath}, with the create form's rules; the name and the backends stay as they are.
     */
    static Parsed<VirtualHost> edit(VirtualHost existing, Map<String, String> form) {
        FormErrors errors = new FormErrors();
        List<String> serverNames = serverNames(form.getOrDefault("serverNames", ""), errors);
        String listen = listen(form.getOrDefault("listen", "").trim(), errors);
        String path = path("path", "location path", form.getOrDefault("path", "").trim(), "/", errors);
        String healthPath = path("healthPath", "health check path", form.getOrDefault("healthPath", "").trim(), "", errors);
        VirtualHost vhost = errors.isEmpty()
                ? new VirtualHost(existing.name(), serverNames, listen, path, healthPath, existing.backends()) : null;
        return new Parsed<>(vhost, errors);
    }

    /** The edit form's fields as the virtual host has them now (what the form starts with). */
    static Map<String, String> editFields(VirtualHost vhost) {
        return Map.of("serverNames", String.join(" ", vhost.serverNames()), "listen", vhost.listen(), "path",
                vhost.path(), "healthPath", vhost.healthPath());
    }

    /** The add-backend form of an existing virtual host: {@code backend} ({@code address:port}) and {@code weight}. */
    static Parsed<VirtualHost> addBackend(VirtualHost existing, Map<String, String> form) {
        FormErrors errors = new FormErrors();
        String weight = form.getOrDefault("weight", "").trim();
        Optional<VirtualHost.Backend> b = backend(existing.name(), form.getOrDefault("backend", "").trim(),
                weight.isEmpty() ? "1" : weight, "backend", errors);
        if (b.isPresent() && existing.backends().stream().anyMatch(o -> o.id().equals(b.get().id()))) {
            errors.add("backend", "Backend " + b.get().hostPort() + " is already part of " + existing.name());
        }
        VirtualHost vhost = errors.isEmpty() ? new VirtualHost(existing.name(), existing.serverNames(), existing.listen(),
                existing.path(), existing.healthPath(), List.of(b.orElseThrow())) : null;
        return new Parsed<>(vhost, errors);
    }

    private static List<String> serverNames(String text, FormErrors errors) {
        List<String> names = new ArrayList<>();
        for (String n : text.trim().split("[\\s,]+")) {
            if (n.isEmpty()) {
                continue;
            }
            if (!SERVER_NAME.matcher(n).matches() || n.length() > 253) {
                errors.add("serverNames", InputRules.checkWord("server name", n)
                        .orElse("Invalid server name \"" + n + "\": use host names such as example.com, *.example.com or _"));
            }
            names.add(n.toLowerCase(java.util.Locale.ROOT));
        }
        if (names.isEmpty()) {
            errors.add("serverNames", "Add at least one server name, e.g. www.example.com");
        }
        return names;
    }

    private static String listen(String text, FormErrors errors) {
        if (text.isEmpty()) {
            return "80";
        }
        Matcher m = LISTEN.matcher(text);
        Integer port = m.matches() ? integer(m.group(2)) : null;
        if (port == null || port < 1 || port > 65535) {
            errors.add("listen", "Invalid listen \"" + text + "\": use a port (1-65535) or address:port, e.g. 8080 or 127.0.0.1:8080");
        }
        return text;
    }

    private static String path(String field, String what, String text, String fallback, FormErrors errors) {
        if (text.isEmpty()) {
            return fallback;
        }
        errors.add(field, InputRules.checkWord(what, text));
        if (!text.startsWith("/")) {
            errors.add(field, "Invalid " + what + " \"" + text + "\": must start with /");
        }
        return text;
    }

    /** One backend, {@code address:port [weight]}; {@code weight} from a separate field when not null. */
    private static Optional<VirtualHost.Backend> backend(String vhostName, String text, String weightField, String field,
                                                         FormErrors errors) {
        Matcher m = BACKEND.matcher(text);
        if (!m.matches() || (weightField != null && m.group(3) != null)) {
            errors.add(field, "Invalid backend \"" + text + "\": use address:port, e.g. 10.0.0.5:8080");
            return Optional.empty();
        }
        String address = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        Optional<String> bad = InputRules.checkWord("service address", address);
        if (bad.isPresent()) {
            errors.add(field, bad);
            return Optional.empty();
        }
        Integer port = integer(m.group(2));
        if (port == null || InputRules.checkPort(port).isPresent() || port == 0) {
            errors.add(field, port == null || port == 0 ? "Invalid backend port \"" + m.group(2) + "\": must be 1-65535"
                    : InputRules.checkPort(port).orElseThrow());
            return Optional.empty();
        }
        String weightText = weightField != null ? weightField : m.group(3) == null ? "1" : m.group(3);
        Integer weight = integer(weightText);
        String weightError = weightField != null ? "weight" : field;
        if (weight == null) {
            errors.add(weightError, "Invalid weight \"" + weightText + "\": must be a whole number");
            return Optional.empty();
        }
        Optional<String> badWeight = InputRules.checkWeights(weight, 1);
        if (badWeight.isPresent()) {
            errors.add(weightError, badWeight);
            return Optional.empty();
        }
        String id = vhostName.isEmpty() ? "" : VirtualHosts.backendId(vhostName, address, port);
        if (!id.isEmpty()) {
            errors.add(field, InputRules.checkWord("service ID", id));
        }
        return Optional.of(new VirtualHost.Backend(id, address, port, weight, AggregatedStatus.CRITICAL, false, ""));
    }

    private static Integer integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
