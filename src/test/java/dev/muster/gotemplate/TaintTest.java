package dev.muster.gotemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tainted strings ({@link Text}, go-template spec §8.2): they behave as strings, keep their origin through
 * print, printf, slice and the escapers, and only their own bytes are judged at print time.
 */
class TaintTest {
    /** Refuses white space and ;{}#$ in tainted text, as Muster's nginx rule does. */
    private static final Template.PrintCheck NGINX = (text, origin) -> {
        if (text.matches("(?s).*[\\s;{}#$'\"\\\\].*")) {
            throw new IllegalArgumentException("refused: " + origin + " holds " + Quoting.quote(text));
        }
    };

    private static String render(String source, Object data) {
        return Template.parse("t", source, Map.of()).execute("t", data, NGINX);
    }

    private static String refused(String source, Object data) {
        return assertThrows(TemplateException.class, () -> render(source, data)).getMessage();
    }

    private static Map<String, Object> data(String address) {
        return Map.of("Address", Text.tainted(address, "service \"web\" instance \"web-1\" field Address"),
                "Tags", List.of(Text.tainted("blue", "tag 1"), Text.tainted("v2", "tag 2")), "Port", 8080L);
    }

    @Test
    void literalsAroundTaintedValues_areTrusted_andCleanValuesPass() {
        assertEquals("server 10.0.0.1:8080;", render("server {{.Address}}:{{.Port}};", data("10.0.0.1")));
        assertEquals("server 10.0.0.1:8080;", render("{{printf \"server %s:%d;\" .Address .Port}}", data("10.0.0.1")));
        assertEquals("x 10.0.0.1", render("{{print \"x \" .Address}}", data("10.0.0.1")));
        assertEquals("[blue v2]", render("{{.Tags}}", data("10.0.0.1")), "a list's brackets and spaces are Go's");
        assertEquals("10.0", render("{{slice .Address 0 4}}", data("10.0.0.1")));
        assertEquals("yes", render("{{if eq .Address \"10.0.0.1\"}}yes{{end}}", data("10.0.0.1")),
                "tainted text compares as a string");
        assertEquals("8", render("{{len .Address}}", data("10.0.0.1")));
    }

    @Test
    void taintedBytesThatCouldBreakTheConfig_areRefused_namingTheOrigin() {
        Map<String, Object> evil = data("1.2.3.4:80 backup; server 6.6.6.6");
        for (String source : List.of("{{.Address}}", "{{printf \"server %s;\" .Address}}", "{{print .Address}}",
                "{{html .Address}}", "{{.Address | printf \"%q\"}}", "{{slice .Address 0 20}}")) {
            String message = refused(source, evil);
            assertTrue(message.contains("refused: service \"web\" instance \"web-1\" field Address holds"),
                    source + ": " + message);
        }
        String list = refused("{{.Tags}}", Map.of("Tags", List.of(Text.tainted("a b", "tag 1"))));
        assertTrue(list.contains("tag 1 holds \"a b\""), list);
    }

    @Test
    void withoutACheck_taintedTextPrintsAsItIs() {
        assertEquals("a;b", Template.parse("t", "{{.}}", Map.of()).execute(Text.tainted("a;b", "x")));
    }
}
