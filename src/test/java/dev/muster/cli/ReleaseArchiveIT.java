package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.muster.testing.ChildMuster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive {@code mvn package} writes (target/muster-&lt;version&gt;.tar.gz), unpacked as a user would,
 * far from the checkout: its launcher runs Muster with only a Java runtime (directly and through a symlink),
 * hands SIGTERM to the JVM itself (what systemd sends on stop), and its systemd unit says what a service needs.
 */
class ReleaseArchiveIT {
    private static final String VERSION = System.getProperty("muster.version");
    private static final Path ARCHIVE = Path.of(System.getProperty("muster.archive",
            "target/muster-" + VERSION + ".tar.gz"));

    @TempDir
    Path tmp;

    private Path unpack() throws Exception {
        assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " is missing: mvn package writes it");
        Process tar = new ProcessBuilder("tar", "xzf", ARCHIVE.toAbsolutePath().toString(), "-C", tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes());
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), out);
        return tmp.resolve("muster-" + VERSION);
    }

    /** Runs a command with a PATH that has java and the basic tools, and no Maven. */
    private Process start(Path dir, Path log, String... command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().remove("JAVA_HOME");
        b.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        return b.start();
    }

    private String run(Path dir, String... command) throws Exception {
        Path log = Files.createTempFile(tmp, "run", ".log");
        Process p = start(dir, log, command);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + List.of(command));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void archive_holdsJarLauncherConfAndUnit() throws Exception {
        Path root = unpack();
        for (String f : List.of("lib/muster.jar", "bin/muster", "conf/muster.json", "conf/nginx.peb", "muster.service",
                "README.md")) {
            assertTrue(Files.isRegularFile(root.resolve(f)), f + " in the archive");
        }
        assertTrue(Files.getPosixFilePermissions(root.resolve("bin/muster")).contains(PosixFilePermission.OWNER_EXECUTE));
    }

    @Test
    void launcher_runsTheJarWithOnlyAJava_alsoThroughASymlink() throws Exception {
        Path root = unpack();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertTrue(run(elsewhere, root.resolve("bin/muster").toString(), "version").startsWith("Muster v" + VERSION));
        Path link = Files.createSymbolicLink(elsewhere.resolve("muster"), root.resolve("bin/muster"));
        assertTrue(run(elsewhere, link.toString(), "version").startsWith("Muster v" + VERSION));
    }

    @Test
    void launcher_agentServes_andStopsGracefullyOnSigterm() throws Exception {
        Path root = unpack();
        int port = ChildMuster.freePort();
        Path log = tmp.resolve("agent.log");
        Process p = start(tmp, log, root.resolve("bin/muster").toString(), "agent", "-data-dir",
                tmp.resolve("data").toString(), "-config-dir", Files.createDirectories(tmp.resolve("etc")).toString(),
                "-http-port", String.valueOf(port), "-node", "release");
        try {
            assertEquals("\"127.0.0.1:8300\"", ChildMuster.awaitLeader(p, port, log, Duration.ofSeconds(60)));
        } finally {
            p.destroy(); // SIGTERM to the launcher's PID: it must be the JVM (exec), or the signal never arrives
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
        }
        assertEquals(143, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("shutting down"), Files.readString(log));
        assertTrue(Files.isRegularFile(tmp.resolve("data/muster.mv.db")), "the store is in -data-dir");
    }

    @Test
    void systemdUnit_dedicatedUser_dataDir_restartOnFailure_gracefulStop() throws Exception {
        Map<String, List<String>> unit = unit(unpack().resolve("muster.service"));
        assertEquals(List.of("muster"), unit.get("Service.User"));
        assertEquals(List.of("muster"), unit.get("Service.StateDirectory"), "systemd creates /var/lib/muster for it");
        String exec = unit.get("Service.ExecStart").get(0);
        assertTrue(exec.startsWith("/opt/muster/bin/muster agent ") && exec.contains(" -data-dir /var/lib/muster"), exec);
        assertEquals(List.of("on-failure"), unit.get("Service.Restart"));
        assertEquals(List.of("SIGTERM"), unit.get("Service.KillSignal"));
        assertEquals(List.of("143"), unit.get("Service.SuccessExitStatus"), "a stop by SIGTERM is not a failure");
        assertTrue(unit.containsKey("Service.TimeoutStopSec"));
        assertEquals(List.of("multi-user.target"), unit.get("Install.WantedBy"));
    }

    /** A systemd unit as {@code Section.Key} → values, comments and blank lines skipped. */
    private static Map<String, List<String>> unit(Path file) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, "not a key=value line: " + line);
            out.computeIfAbsent(section + "." + l.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(l.substring(eq + 1).strip());
        }
        return out;
    }
}
