package dev.muster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the package table of src/docs/design.md ("Package table") on src/main/java: which project packages
 * and which libraries each package may import. The table is read from that file, so the document and the
 * rule cannot drift apart. Dependency-free: it reads the import lines.
 */
class PackageRulesTest {
    private static final Path ROOT = Path.of("src/main/java/dev/muster");
    static final Path DESIGN = Path.of("src/docs/design.md");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern PROJECT = Pattern.compile("^dev\\.muster\\.(\\w+)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row of the table: the project packages and the library prefixes a package may import. */
    private record Rule(Set<String> packages, List<String> libraries) {
    }

    private static final Map<String, Rule> RULES = readTable();

    /** Parses the rows under the "## Package table" heading: | `pkg` | `a`, `b` | `lib.prefix` | owns |. */
    private static Map<String, Rule> readTable() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DESIGN);
        } catch (IOException e) {
            throw new UncheckedIOException("the package table lives in " + DESIGN, e);
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Package table");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rules.put(codes(cells[1]).get(0), new Rule(Set.copyOf(codes(cells[2])), codes(cells[3])));
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("no package table under '## Package table' in " + DESIGN);
        }
        return rules;
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void table_isReadFromTheDesignDocument() {
        // A table that lost its rows would let every import through; these rows are load-bearing.
        assertTrue(RULES.keySet().containsAll(Set.of("model", "store", "state", "api", "ui", "cli")), RULES.keySet().toString());
        assertEquals(Set.of(), RULES.get("model").packages());
        assertFalse(RULES.values().stream().anyMatch(r -> r.packages().contains("cli")), "nothing may import cli");
    }

    @Test
    void check_forbiddenImport_isReported() {
        assertEquals("state may not depend on config", check("state", "dev.muster.config"));
        assertEquals("model may not use library com.fasterxml.jackson.annotation", check("model", "com.fasterxml.jackson.annotation"));
        assertEquals(null, check("api", "io.javalin.http"));
    }

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
                assertTrue(RULES.containsKey(pkg), "package " + pkg + " has no row in the package table of " + DESIGN);
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
            if (target.equals(pkg) || RULES.get(pkg).packages().contains(target)) {
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
        return RULES.get(pkg).libraries().stream().anyMatch(imported::startsWith) ? null
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
