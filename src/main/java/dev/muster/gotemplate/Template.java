package dev.muster.gotemplate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Go's {@code text/template} for Java: parse once, execute many times. A small library inside the project (JDK
 * only, no Muster imports) whose specification is go-template.md §1–3 (lexer, parser, execution, builtins, Go's
 * printing). Functions are declared at parse time, as in Go, so an unknown name is a parse error; execution
 * renders into memory and returns the whole text, so a failed execution writes nothing.
 *
 * <pre>{@code
 * Template t = Template.parse("nginx.ctmpl", source, Map.of("service", args -> ...));
 * String text = t.execute(null);
 * }</pre>
 *
 * Immutable and thread-safe once parsed (each execution has its own state).
 */
public final class Template {
    private final String name;
    private final String source;
    private final Map<String, Node.ListNode> templates;
    private final Map<String, GoFunction> functions;
    private final MissingKey missingKey;

    private Template(String name, String source, Map<String, Node.ListNode> templates, Map<String, GoFunction> functions,
                     MissingKey missingKey) {
        this.name = name;
        this.source = source;
        this.templates = templates;
        this.functions = functions;
        this.missingKey = missingKey;
    }

    /** Parses with the default delimiters and Go's default {@code missingkey}; these functions by default. */
    public static Template parse(String name, String source, Map<String, GoFunction> functions) {
        return parse(name, source, functions, "{{", "}}", MissingKey.DEFAULT);
    }

    /** Parses with these functions bound by default (see {@link #execute(String, Object, Map, PrintCheck)}). */
    public static Template parse(String name, String source, Map<String, GoFunction> functions, String left,
                                 String right, MissingKey missingKey) {
        Template t = parse(name, source, functions.keySet(), left, right, missingKey);
        t.functions.putAll(functions);
        return t;
    }

    /**
     * Parses {@code source}, where {@code functionNames} are the functions it may call (as Go checks at parse
     * time; they are bound at execution). A syntax error is a {@link TemplateException} in Go's form
     * {@code template: NAME:LINE: MESSAGE}.
     */
    public static Template parse(String name, String source, Set<String> functionNames, String left, String right,
                                 MissingKey missingKey) {
        if (left.isEmpty() || right.isEmpty()) {
            throw new IllegalArgumentException("delimiters must not be empty");
        }
        Set<String> known = new HashSet<>(Builtins.NAMES);
        known.addAll(functionNames);
        Map<String, Node.ListNode> templates = Parser.parse(name, source, left, right, known);
        return new Template(name, source, templates, new LinkedHashMap<>(), missingKey);
    }

    /** Executes the main template with {@code data} as dot and {@code $}. */
    public String execute(Object data) {
        return execute(name, data);
    }

    /** Executes one of the templates the source defines ({@code define}/{@code block}) or the main one. */
    public String execute(String template, Object data) {
        return execute(template, data, functions, null);
    }

    /** {@link #execute(String, Object, Map, PrintCheck)} with the functions given at parse time. */
    public String execute(String template, Object data, PrintCheck check) {
        return execute(template, data, functions, check);
    }

    /**
     * Executes with {@code functions} bound for this execution (a host binds per-render state this way) and
     * {@code check} judging every tainted segment ({@link Text}) that reaches the output; a check that throws
     * fails the execution with its message at the printing action. Nothing is returned on failure.
     */
    public String execute(String template, Object data, Map<String, GoFunction> functions, PrintCheck check) {
        StringBuilder out = new StringBuilder();
        // nil data is Go's invalid value: its fields are "no value", not a nil-pointer error
        new Executor(name, source, templates, functions, missingKey, check, out).execute(template,
                data == null ? Missing.VALUE : data);
        return out.toString();
    }

    /** Every function name the templates call, in source order (to refuse unsupported ones at load). */
    public Set<String> functionsCalled() {
        Set<String> out = new java.util.LinkedHashSet<>();
        templates.values().forEach(t -> collectCalls(t, out));
        return out;
    }

    private static void collectCalls(Node n, Set<String> out) {
        if (n instanceof Node.IdentifierNode id) {
            out.add(id.name());
        } else if (n instanceof Node.ListNode l) {
            l.nodes().forEach(c -> collectCalls(c, out));
        } else if (n instanceof Node.ActionNode a) {
            collectCalls(a.pipe(), out);
        } else if (n instanceof Node.PipeNode p) {
            p.cmds().forEach(c -> collectCalls(c, out));
        } else if (n instanceof Node.CommandNode c) {
            c.args().forEach(a -> collectCalls(a, out));
        } else if (n instanceof Node.ChainNode c) {
            collectCalls(c.node(), out);
        } else if (n instanceof Node.BranchNode b) {
            collectCalls(b.pipe(), out);
            collectCalls(b.list(), out);
            if (b.elseList() != null) {
                collectCalls(b.elseList(), out);
            }
        } else if (n instanceof Node.TemplateNode t && t.pipe() != null) {
            collectCalls(t.pipe(), out);
        }
    }

    /** Judges tainted text about to be printed; throws (with a message naming {@code origin}) to refuse it. */
    @FunctionalInterface
    public interface PrintCheck {
        void check(String text, String origin);
    }

    /** The names of the templates the source defines, the main one included. */
    public Set<String> templateNames() {
        return Set.copyOf(templates.keySet());
    }
}
