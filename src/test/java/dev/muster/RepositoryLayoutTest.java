package dev.muster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's top level is fixed (pom.xml, src, conf, scripts, README.md and .ci/), and everything a
 * contributor needs to read is inside the repository: a stray file at the top, or a pointer to a document
 * outside the clone, fails the build.
 */
class RepositoryLayoutTest {
    private static final Set<String> TOP_LEVEL = Set.of("pom.xml", "src", "conf", "scripts", "README.md", ".ci");
    /** The team's folder beside a checkout (spelled in two parts so this file does not match itself). */
    private static final String OUTSIDE = "../" + "shared/";

    @Test
    void topLevel_holdsOnlyTheFixedEntries() throws IOException, InterruptedException {
        Set<String> unexpected = new TreeSet<>(topLevelEntries());
        unexpected.removeAll(TOP_LEVEL);
        assertEquals(Set.of(), unexpected, "files at the top level that do not belong there (allowed: " + TOP_LEVEL + ")");
    }

    @Test
    void readme_linksTheDesignDocumentInTheRepository() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(Files.isRegularFile(PackageRulesTest.DESIGN), PackageRulesTest.DESIGN + " is missing");
        assertTrue(readme.contains("](" + PackageRulesTest.DESIGN + ")"), "README must link " + PackageRulesTest.DESIGN);
    }

    @Test
    void nothingPointsOutsideTheClone() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path root : List.of(Path.of("README.md"), Path.of("src"), Path.of("conf"), Path.of("scripts"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).filter(RepositoryLayoutTest::isText).toList()) {
                    if (Files.readString(f, StandardCharsets.ISO_8859_1).contains(OUTSIDE)) {
                        offenders.add(f.toString());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "these files point contributors at " + OUTSIDE + ", which a clone does not have");
    }

    private static boolean isText(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".java") || n.endsWith(".md") || n.endsWith(".peb") || n.endsWith(".json")
                || !n.contains(".") && f.startsWith("scripts");
    }

    /**
     * The tracked top-level names (git), so build outputs and a developer's scratch files do not count; in a
     * copy without git (a source archive), the directory's entries except Maven's target/.
     */
    private static Set<String> topLevelEntries() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(Path.of(".git"))) {
            Process git = new ProcessBuilder("git", "ls-files", "-z").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(git.waitFor(30, TimeUnit.SECONDS), "git ls-files did not finish");
            assertEquals(0, git.exitValue(), out);
            for (String path : out.split("\0")) {
                if (!path.isEmpty()) {
                    names.add(path.split("/", 2)[0]);
                }
            }
        } else {
            try (Stream<Path> entries = Files.list(Path.of("."))) {
                entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target")).forEach(names::add);
            }
        }
        return names;
    }
}
