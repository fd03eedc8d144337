package dev.muster.bench;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live heap of another JVM: a full GC through jcmd, then the used size from GC.heap_info. */
final class Heap {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Heap() {
    }

    static long usedAfterGcBytes(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new BenchException("unexpected GC.heap_info output:\n" + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) {
        return Command.run(List.of("jcmd", Long.toString(pid), command), Duration.ofSeconds(120));
    }
}
