package dev.muster.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code template} block, in consul-template's names. Exactly one of {@code source} (a file) and
 * {@code contents} (inline text) is set.
 *
 * @param command      argv of the reload command, empty for none (a string command is already split, or
 *                     wrapped in {@code /bin/sh -c} when it uses shell syntax)
 * @param checkCommand argv run with the new file in place before {@code command}; failure restores the old file
 * @param waitMin      quiescence: render after this long without changes (zero: no quiescence)
 * @param waitMax      quiescence: render at the latest this long after the first change
 * @param perms        octal file mode such as "0644", or null to keep the existing mode (0644 for a new file)
 * @param rawKvPrefixes KV prefixes whose values the template prints unchecked (nginx snippets kept in KV)
 */
public record TemplateConfig(String source, String contents, String destination, List<String> command,
                             Duration commandTimeout, List<String> checkCommand, Duration waitMin, Duration waitMax,
                             String perms, boolean backup, boolean createDestDirs, List<String> rawKvPrefixes) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    public TemplateConfig {
        command = List.copyOf(command);
        checkCommand = List.copyOf(checkCommand);
        rawKvPrefixes = List.copyOf(rawKvPrefixes);
    }

    /** A short name for logs and status: the source file, or "contents" for inline templates. */
    public String name() {
        return source != null ? source : "contents→" + destination;
    }
}
