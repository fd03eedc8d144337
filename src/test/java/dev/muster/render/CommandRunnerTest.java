package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.config.CommandLine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    @Test
    void run_trueFalseAndOutput() {
        assertTrue(CommandRunner.run(List.of("true"), Duration.ofSeconds(10)).ok());
        CommandRunner.Result f = CommandRunner.run(List.of("sh", "-c", "echo broken >&2; exit 3"), Duration.ofSeconds(10));
        assertEquals(3, f.exitCode());
        assertEquals("broken", f.output());
        assertEquals(127, CommandRunner.run(List.of("/no/such/command"), Duration.ofSeconds(1)).exitCode());
    }

    @Test
    void run_timeout_killsTheCommand() {
        CommandRunner.Result r = CommandRunner.run(List.of("sleep", "30"), Duration.ofMillis(200));
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue(r.took().toMillis() < 10_000);
    }

    @Test
    void commandLine_splitsWords_orUsesShellForShellSyntax() {
        assertEquals(List.of("nginx", "-s", "reload"), CommandLine.parse("nginx -s  reload"));
        assertEquals(List.of("/bin/sh", "-c", "nginx -t && nginx -s reload"), CommandLine.parse("nginx -t && nginx -s reload"));
        assertEquals(List.of("/bin/sh", "-c", "kill -HUP $(cat /run/nginx.pid)"), CommandLine.parse("kill -HUP $(cat /run/nginx.pid)"));
    }
}
