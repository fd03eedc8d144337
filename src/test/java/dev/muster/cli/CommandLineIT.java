package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.muster.testing.ChildMuster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's command line: version, help, Consul's agent flags, and fail-fast configuration errors. */
class CommandLineIT {
    private static final String JAR = System.getProperty("muster.jar", "target/muster.jar");

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR));
        command.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + command);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void version_printsVersion(@TempDir Path dir) throws Exception {
        Result r = run(dir, "version");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("Muster v"), r.output());
    }

    @Test
    void help_listsAgentFlags(@TempDir Path dir) throws Exception {
        Result top = run(dir, "--help");
        assertEquals(0, top.exitCode(), top.output());
        assertTrue(top.output().contains("agent") && top.output().contains("version"), top.output());
        Result agent = run(dir, "agent", "--help");
        assertEquals(0, agent.exitCode(), agent.output());
        for (String flag : List.of("-dev", "-data-dir", "-http-port", "-client", "-node", "-datacenter", "-config-file",
                "-config-dir", "-log-level", "-durability", "-server", "-bootstrap-expect", "-bind", "-ui")) {
            assertTrue(agent.output().contains(flag), flag + " missing from help:\n" + agent.output());
        }
    }

    @Test
    void agent_bootstrapExpectTwo_failsFastWithMessage(@TempDir Path dir) throws Exception {
        Result r = run(dir, "agent", "-server", "-bootstrap-expect", "2", "-data-dir", dir.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("bootstrap_expect: 2 is not supported: Muster is a single node"), r.output());
    }

    @Test
    void agent_unknownFlagOrConfigKey_failsWithoutStackTrace(@TempDir Path dir) throws Exception {
        Result flag = run(dir, "agent", "-dev", "-no-such-flag");
        assertNotEquals(0, flag.exitCode());
        assertTrue(flag.output().contains("-no-such-flag"), flag.output());
        Path conf = Files.writeString(dir.resolve("bad.json"), "{\"dev\":true,\"nope\":1}");
        Result key = run(dir, "agent", "-config-file", conf.toString());
        assertEquals(2, key.exitCode(), key.output());
        assertTrue(key.output().contains("unknown config key \"nope\""), key.output());
        assertTrue(!key.output().contains("\tat "), "no stack trace expected:\n" + key.output());
    }

    @Test
    void agent_seedCommandLine_startsAndServes(@TempDir Path dir) throws Exception {
        int port = ChildMuster.freePort();
        // The seed's flags, with the listen address kept on loopback and a free port for the test.
        List<String> command = List.of("java", "-jar", JAR, "agent", "-server", "-bootstrap-expect", "1",
                "-data-dir", dir.resolve("consul").toString(), "-bind", "0.0.0.0", "-client", "127.0.0.1", "-ui",
                "-http-port", String.valueOf(port), "-node", "seed");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            assertEquals("\"127.0.0.1:8300\"", ChildMuster.awaitLeader(p, port, dir.resolve("agent.log"),
                    Duration.ofSeconds(60)));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
        }
        // The JVM reports termination by SIGTERM as 128 + 15, after the shutdown hook has closed the store.
        assertEquals(143, p.exitValue(), Files.readString(dir.resolve("agent.log")));
        assertTrue(Files.readString(dir.resolve("agent.log")).contains("shutting down"));
    }

    @Test
    void agent_portInUse_failsWithMessage(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run(dir, "agent", "-dev", "-http-port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.output().contains("start-up failed"), r.output());
        }
    }

    @Test
    void once_dry_printsTheRenderedTemplate_andExitsZero(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("out.conf");
        Result r = run(dir, "agent", "-dev", "-http-port", "0", "-once", "-dry", "-template", "conf/nginx.peb:" + dest);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("> " + dest), r.output());
        assertTrue(!Files.exists(dest), "-dry writes nothing");
    }

    @Test
    void once_failingCheck_exitsNonZero_andLeavesNoFile(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("out.conf");
        Path config = Files.writeString(dir.resolve("c.json"), "{\"template\": {\"source\": \"conf/nginx.peb\", "
                + "\"destination\": \"" + dest + "\", \"check_command\": [\"false\"], \"command\": [\"true\"]}}");
        Result r = run(dir, "agent", "-dev", "-http-port", "0", "-once", "-config-file", config.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("check command [false] failed"), r.output());
        assertTrue(!Files.exists(dest), "the failed render was rolled back");
    }

    @Test
    void once_rendersWritesAndRunsTheCommand(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("out.conf");
        Path marker = dir.resolve("reloaded");
        Result r = run(dir, "agent", "-dev", "-http-port", "0", "-once", "-template",
                "conf/nginx.peb:" + dest + ":touch " + marker);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(Files.exists(dest) && Files.exists(marker), r.output());
    }
}
