package dev.muster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the dependency table of shared/design.md §9.2 on src/main/java: which project packages and
 * which libraries each package may import. Dependency-free: it reads the import lines.
 */
class PackageRulesTest {
    private static final Path ROOT = Path.of("src/main/java/dev/muster");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern PROJECT = Pattern.compile("^dev\\.muster\\.(\\w+)");

    /** Project packages each package may import (itself always allowed). */
    private static final Map<String, Set<String>> PROJECT_RULES = Map.ofEntries(
            Map.entry("model", Set.of()),
            Map.entry("clock", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("filter", Set.of()),
            // metrics: JDK only, plus the clock interface its history is rolled by; state must not import it
            Map.entry("metrics", Set.of("clock")),
            Map.entry("store", Set.of("model")),
            Map.entry("state", Set.of("model", "store")),
            Map.entry("health", Set.of("model", "state", "clock")),
            Map.entry("agent", Set.of("model", "state", "health", "clock")),
            Map.entry("render", Set.of("model", "state", "config", "clock", "metrics")),
            Map.entry("api", Set.of("model", "state", "health", "agent", "config", "filter", "store", "metrics")),
            Map.entry("ui", Set.of("model", "state", "agent", "render", "config", "clock", "metrics")),
            Map.entry("cli", Set.of("model", "config", "store", "state", "health", "agent", "render", "api", "ui",
                    "filter", "clock", "metrics")));

    /** Library prefixes each package may import besides java.* and org.slf4j. */
    private static final Map<String, List<String>> LIBRARY_RULES = Map.ofEntries(
            Map.entry("model", List.of()),
            Map.entry("clock", List.of()),
            Map.entry("filter", List.of()),
            Map.entry("metrics", List.of()),
            Map.entry("config", List.of("com.fasterxml.jackson")),
            Map.entry("store", List.of()),
            Map.entry("state", List.of()),
            Map.entry("health", List.of()),
            Map.entry("agent", List.of()),
            Map.entry("render", List.of("io.pebbletemplates")),
            Map.entry("api", List.of("io.javalin", "com.fasterxml.jackson", "com.github.benmanes.caffeine")),
            Map.entry("ui", List.of("io.javalin", "io.pebbletemplates", "com.github.difflib")),
            Map.entry("cli", List.of("picocli", "ch.qos.logback")));

    @Test
    void imports_followTheDependencyTable() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = ROOT.relativize(file);
                if (rel.getNameCount() < 2) {
                    continue; // Main.java: hands over to cli
                }
                String pkg = rel.getName(0).toString();
                assertTrue(PROJECT_RULES.containsKey(pkg), "package " + pkg + " is not in the dependency table");
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    String why = check(pkg, imported);
                    if (why != null) {
                        violations.add(rel + " imports " + imported + ": " + why);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    private static String check(String pkg, String imported) {
        Matcher project = PROJECT.matcher(imported);
        if (project.find()) {
            String target = project.group(1);
            if (target.equals(pkg) || PROJECT_RULES.get(pkg).contains(target)) {
                return null;
            }
            return pkg + " may not depend on " + target;
        }
        if (imported.startsWith("java.") || imported.startsWith("javax.") || imported.startsWith("org.slf4j")) {
            return null;
        }
        if (pkg.equals("store") && imported.startsWith("org.h2")) {
            return "store uses H2 only as the JDBC driver";
        }
        return LIBRARY_RULES.get(pkg).stream().anyMatch(imported::startsWith) ? null
                : pkg + " may not use library " + imported;
    }

    @Test
    void noGrabBagPackages() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            List<String> bad = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> Set.of("util", "utils", "common", "helper", "helpers", "impl", "base").contains(n))
                    .toList();
            assertEquals(List.of(), bad);
        }
    }
}
