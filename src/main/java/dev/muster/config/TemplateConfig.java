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
 * @param language     the template language and consul-template's options for it
 */
public record TemplateConfig(String source, String contents, String destination, List<String> command,
                             Duration commandTimeout, List<String> checkCommand, Duration waitMin, Duration waitMax,
                             String perms, boolean backup, boolean createDestDirs, List<String> rawKvPrefixes,
                             Language language) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Which engine renders the template and consul-template's options for Go templates.
     *
     * @param engine            {@code go}, {@code pebble}, or null to choose by the source's extension
     *                          ({@code .ctmpl}/{@code .tmpl}: go; anything else, and inline contents: pebble)
     * @param leftDelimiter     Go templates' left delimiter ({@code {{})
     * @param rightDelimiter    Go templates' right delimiter ({@code }}})
     * @param errorOnMissingKey a missing map key fails the render (Go's {@code missingkey=error}) instead of zero
     * @param functionDenylist  function names (globs with {@code *}) that fail when called
     */
    public record Language(String engine, String leftDelimiter, String rightDelimiter, boolean errorOnMissingKey,
                           List<String> functionDenylist) {
        public static final Language DEFAULT = new Language(null, "{{", "}}", false, List.of());

        public Language {
            functionDenylist = List.copyOf(functionDenylist);
        }
    }

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
