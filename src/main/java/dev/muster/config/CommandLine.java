package dev.muster.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * consul-template's rule for a command given as one string: split into words and run without a shell,
 * unless it uses shell syntax (pipes, redirects, quotes, variables, globs, {@code &&} …), then
 * {@code /bin/sh -c <string>}. Stateless.
 */
public final class CommandLine {
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[|&;<>()$`\\\\\"'*?\\[\\]#~=%\\n{}]");

    private CommandLine() {
    }

    public static List<String> parse(String command) {
        String trimmed = command.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        if (SHELL_SYNTAX.matcher(trimmed).find()) {
            return List.of("/bin/sh", "-c", trimmed);
        }
        return List.of(trimmed.split("\\s+"));
    }
}
