package dev.muster.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes a parse tree (Go's {@code text/template/exec.go}, go-template spec §3): dot and the variable stack,
 * pipelines with the piped value as the last argument, field/key/method resolution with the
 * {@code missingkey} option, Go's truth, {@code range} over lists, sorted maps, counts and iterables with
 * {@code break}/{@code continue}, {@code template} calls with a depth limit, and errors in Go's shape
 * {@code template: NAME:LINE:COL: executing "NAME" at <NODE>: …}. Not thread-safe: one per execution.
 */
final class Executor {
    /** Go allows 100,000 nested template calls; a template that recurses this deep is a bug in it. */
    static final int MAX_DEPTH = 64;
    /** Nodes one execution may run: a template that loops for ever is stopped, not waited for. */
    static final long MAX_STEPS = 20_000_000;
    /** Characters one execution may write. */
    static final int MAX_OUTPUT = 64 * 1024 * 1024;

    private static final class Break extends RuntimeException {
        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        Continue() {
            super(null, null, false, false);
        }
    }

    private static final Break BREAK = new Break();
    private static final Continue CONTINUE = new Continue();
    /** "No piped value" (distinct from a piped missing value). */
    private static final Object NONE = new Object();

    private record Variable(String name, Object[] value) {
    }

    private final String name;
    private final String src;
    private final Map<String, Node.ListNode> templates;
    private final Map<String, GoFunction> functions;
    private final MissingKey missingKey;
    private final Template.PrintCheck printCheck;
    private final StringBuilder out;
    private List<Variable> vars = new ArrayList<>();
    private String executing;
    private int depth;
    private long steps;

    Executor(String name, String src, Map<String, Node.ListNode> templates, Map<String, GoFunction> functions,
             MissingKey missingKey, Template.PrintCheck printCheck, StringBuilder out) {
        this.name = name;
        this.printCheck = printCheck;
        this.src = src;
        this.templates = templates;
        this.functions = functions;
        this.missingKey = missingKey;
        this.out = out;
    }

    void execute(String template, Object data) {
        Node.ListNode tree = templates.get(template);
        if (tree == null) {
            throw new TemplateException("template: no template " + Quoting.quote(template) + " associated with template "
                    + Quoting.quote(name));
        }
        executing = template;
        vars.add(new Variable("$", new Object[] {data}));
        walk(data, tree);
    }

    private void walk(Object dot, Node node) {
        if (++steps > MAX_STEPS) {
            throw errorAt(node, "the template ran " + MAX_STEPS + " steps: stopped (does it loop for ever?)");
        }
        if (out.length() > MAX_OUTPUT) {
            throw errorAt(node, "the output passed " + MAX_OUTPUT + " characters: stopped");
        }
        if (node instanceof Node.ListNode list) {
            for (Node n : list.nodes()) {
                walk(dot, n);
            }
        } else if (node instanceof Node.TextNode t) {
            out.append(t.text());
        } else if (node instanceof Node.ActionNode a) {
            Object v = evalPipeline(dot, a.pipe());
            if (a.pipe().decl().isEmpty()) {
                printValue(a, v);
            }
        } else if (node instanceof Node.BranchNode b) {
            if (b.kind() == Node.BranchNode.Kind.RANGE) {
                walkRange(dot, b);
            } else {
                walkIfOrWith(dot, b);
            }
        } else if (node instanceof Node.BreakNode) {
            throw BREAK;
        } else if (node instanceof Node.ContinueNode) {
            throw CONTINUE;
        } else if (node instanceof Node.TemplateNode t) {
            walkTemplate(dot, t);
        } else {
            throw errorAt(node, "unknown node: " + node);
        }
    }

    private void walkIfOrWith(Object dot, Node.BranchNode b) {
        int mark = vars.size();
        Object v = evalPipeline(dot, b.pipe());
        boolean truth = Builtins.truth(v);
        if (truth) {
            walk(b.kind() == Node.BranchNode.Kind.WITH ? v : dot, b.list());
        } else if (b.elseList() != null) {
            walk(dot, b.elseList());
        }
        pop(mark);
    }

    private void walkRange(Object dot, Node.BranchNode r) {
        int mark = vars.size();
        Object v = evalPipeline(dot, r.pipe());
        // the pipeline's declarations are the loop variables, set per iteration below
        List<Node.VariableNode> decl = r.pipe().decl();
        boolean any = false;
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                any = true;
                if (!iteration(r, decl, (long) i, list.get(i))) {
                    break;
                }
            }
        } else if (v instanceof Map<?, ?> map) {
            for (Map.Entry<Object, Object> e : GoFormat.sorted(map).entrySet()) {
                any = true;
                Object key = map instanceof TypedMap<?> t ? t.templateKey(e.getKey()) : e.getKey();
                if (!iteration(r, decl, key, e.getValue())) {
                    break;
                }
            }
        } else if (v instanceof Long n) {
            if (decl.size() > 1) {
                throw errorAt(r, "can't use " + n + " to iterate over more than one variable");
            }
            for (long i = 0; i < n; i++) {
                any = true;
                if (!iteration(r, decl, i, i)) {
                    break;
                }
            }
        } else if (v instanceof Iterable<?> it) {
            long i = 0;
            for (Object e : it) {
                any = true;
                if (!iteration(r, decl, i++, e)) {
                    break;
                }
            }
        } else if (v != null && v != Missing.VALUE) {
            throw errorAt(r, "range can't iterate over " + GoFormat.value(v));
        }
        if (!any && r.elseList() != null) {
            walk(dot, r.elseList());
        }
        pop(mark);
    }

    /** One iteration: sets the loop variables, runs the body with dot = element; false after a break. */
    private boolean iteration(Node.BranchNode r, List<Node.VariableNode> decl, Object index, Object element) {
        int mark = vars.size();
        if (decl.size() == 1) {
            setVar(decl.get(0).idents().get(0), element);
        } else if (decl.size() == 2) {
            setVar(decl.get(0).idents().get(0), index);
            setVar(decl.get(1).idents().get(0), element);
        }
        try {
            walk(element, r.list());
        } catch (Break b) {
            return false;
        } catch (Continue c) {
            // next iteration
        } finally {
            pop(mark);
        }
        return true;
    }

    /** The loop variables were declared by the range pipeline; each iteration updates the innermost binding. */
    private void setVar(String variable, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(variable)) {
                vars.get(i).value()[0] = value;
                return;
            }
        }
        vars.add(new Variable(variable, new Object[] {value}));
    }

    private void walkTemplate(Object dot, Node.TemplateNode t) {
        Node.ListNode tree = templates.get(t.name());
        if (tree == null) {
            throw errorAt(t, "template " + Quoting.quote(t.name()) + " not defined");
        }
        if (depth >= MAX_DEPTH) {
            throw errorAt(t, "exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
        List<Variable> savedVars = vars;
        String savedName = executing;
        vars = new ArrayList<>();
        vars.add(new Variable("$", new Object[] {newDot}));
        executing = t.name();
        depth++;
        try {
            walk(newDot, tree);
        } finally {
            depth--;
            vars = savedVars;
            executing = savedName;
        }
    }

    private Object evalPipeline(Object dot, Node.PipeNode pipe) {
        Object value = NONE;
        for (Node.CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
            // a nil interface{} result is unwrapped to "no value"
            if (value == null) {
                value = Missing.VALUE;
            }
        }
        for (Node.VariableNode v : pipe.decl()) {
            if (pipe.assign()) {
                setVar(v.idents().get(0), value);
            } else {
                vars.add(new Variable(v.idents().get(0), new Object[] {value}));
            }
        }
        return value;
    }

    private Object evalCommand(Object dot, Node.CommandNode cmd, Object piped) {
        Node first = cmd.args().get(0);
        if (first instanceof Node.FieldNode f) {
            return evalFieldChain(dot, dot, first, f.idents(), cmd.args(), piped);
        }
        if (first instanceof Node.ChainNode c) {
            Object receiver = evalArg(dot, c.node());
            return evalFieldChain(dot, receiver, first, c.fields(), cmd.args(), piped);
        }
        if (first instanceof Node.IdentifierNode id) {
            return evalFunction(dot, id, cmd, cmd.args(), piped);
        }
        if (first instanceof Node.VariableNode v) {
            Object value = variable(v, v.idents().get(0));
            if (v.idents().size() == 1) {
                notAFunction(cmd, piped);
                return value;
            }
            return evalFieldChain(dot, value, first, v.idents().subList(1, v.idents().size()), cmd.args(), piped);
        }
        if (first instanceof Node.PipeNode p) {
            notAFunction(cmd, piped);
            return evalPipeline(dot, p);
        }
        notAFunction(cmd, piped);
        if (first instanceof Node.NilNode) {
            throw errorAt(first, "nil is not a command");
        }
        return evalArg(dot, first);
    }

    private void notAFunction(Node.CommandNode cmd, Object piped) {
        if (cmd.args().size() > 1 || piped != NONE) {
            throw errorAt(cmd, "can't give argument to non-function " + cmd.args().get(0));
        }
    }

    private Object evalArg(Object dot, Node n) {
        if (n instanceof Node.DotNode) {
            return dot;
        }
        if (n instanceof Node.NilNode) {
            return null;
        }
        if (n instanceof Node.FieldNode f) {
            return evalFieldChain(dot, dot, n, f.idents(), List.of(n), NONE);
        }
        if (n instanceof Node.VariableNode v) {
            Object value = variable(v, v.idents().get(0));
            return v.idents().size() == 1 ? value
                    : evalFieldChain(dot, value, n, v.idents().subList(1, v.idents().size()), List.of(n), NONE);
        }
        if (n instanceof Node.PipeNode p) {
            return evalPipeline(dot, p);
        }
        if (n instanceof Node.IdentifierNode id) {
            return evalFunction(dot, id, null, List.of(n), NONE);
        }
        if (n instanceof Node.ChainNode c) {
            return evalFieldChain(dot, evalArg(dot, c.node()), n, c.fields(), List.of(n), NONE);
        }
        if (n instanceof Node.BoolNode b) {
            return b.value();
        }
        if (n instanceof Node.NumberNode num) {
            return num.value();
        }
        if (n instanceof Node.StringNode s) {
            return s.text();
        }
        throw errorAt(n, "can't handle " + n + " as an argument");
    }

    private Object variable(Node at, String variable) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(variable)) {
                return vars.get(i).value()[0];
            }
        }
        throw errorAt(at, "undefined variable: " + variable);
    }

    /** {@code receiver.A.B…}; arguments (and the piped value) go to the last element only. */
    private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> idents, List<Node> args,
                                  Object piped) {
        Object r = receiver;
        for (int i = 0; i < idents.size() - 1; i++) {
            r = evalField(dot, idents.get(i), node, List.of(node), NONE, r);
        }
        return evalField(dot, idents.get(idents.size() - 1), node, args, piped, r);
    }

    private Object evalField(Object dot, String field, Node node, List<Node> args, Object piped, Object receiver) {
        boolean hasArgs = args.size() > 1 || piped != NONE;
        if (receiver == Missing.VALUE) {
            if (missingKey == MissingKey.ERROR) {
                throw errorAt(node, "nil data; no entry for key " + Quoting.quote(field));
            }
            return Missing.VALUE;
        }
        if (receiver == null) {
            throw errorAt(node, "nil pointer evaluating interface {}." + field);
        }
        if (receiver instanceof GoObject o && o.hasMethod(field)) {
            List<Object> values = new ArrayList<>();
            for (Node a : args.subList(1, args.size())) {
                values.add(unmissing(evalArg(dot, a)));
            }
            if (piped != NONE) {
                values.add(unmissing(piped));
            }
            return call(node, field, () -> o.invoke(field, values));
        }
        if (receiver instanceof GoStruct s) {
            if (s.fieldNames().contains(field)) {
                if (hasArgs) {
                    throw errorAt(node, field + " has arguments but cannot be invoked as function");
                }
                return s.field(field);
            }
            throw errorAt(node, "can't evaluate field " + field + " in type " + s.goType());
        }
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw errorAt(node, field + " is not a method but has arguments");
            }
            if (map.containsKey(field)) {
                return map.get(field);
            }
            return switch (missingKey) {
                case ERROR -> throw errorAt(node, "map has no entry for key " + Quoting.quote(field));
                case ZERO -> map instanceof TypedMap<?> t ? t.zero() : null;
                default -> Missing.VALUE;
            };
        }
        throw errorAt(node, "can't evaluate field " + field + " in type " + GoFormat.typeName(receiver));
    }

    private Object evalFunction(Object dot, Node.IdentifierNode id, Node.CommandNode cmd, List<Node> args,
                                Object piped) {
        String fn = id.name();
        Node at = cmd == null ? id : cmd;
        GoFunction user = functions.get(fn);
        if (user == null && (fn.equals("and") || fn.equals("or"))) {
            return andOr(dot, at, fn.equals("and"), args, piped);
        }
        List<Object> values = new ArrayList<>();
        for (Node a : args.subList(1, args.size())) {
            values.add(evalArg(dot, a));
        }
        if (piped != NONE) {
            values.add(piped);
        }
        if (user != null) {
            List<Object> plain = values.stream().map(Executor::unmissing).toList();
            return call(at, fn, () -> user.call(new ArrayList<>(plain)));
        }
        return call(at, fn, () -> Builtins.call(fn, values));
    }

    /** {@code and}/{@code or}: left to right, stopping at the deciding argument, which is the result. */
    private Object andOr(Object dot, Node at, boolean and, List<Node> args, Object piped) {
        int n = args.size() - 1 + (piped != NONE ? 1 : 0);
        if (n < 1) {
            throw errorAt(at, "wrong number of args for " + (and ? "and" : "or") + ": want at least 1 got 0");
        }
        Object v = null;
        for (int i = 1; i <= n; i++) {
            v = i < args.size() ? evalArg(dot, args.get(i)) : piped;
            if (Builtins.truth(v) != and) {
                return v;
            }
        }
        return v;
    }

    private interface Call {
        Object run() throws Exception;
    }

    private Object call(Node at, String fn, Call body) {
        try {
            return body.run();
        } catch (TemplateException e) {
            throw e;
        } catch (GoFunction.ArgumentException e) {
            throw errorAt(at, e.getMessage());
        } catch (Exception | StackOverflowError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            TemplateException wrapped = errorAt(at, "error calling " + fn + ": " + message);
            throw new TemplateException(wrapped.getMessage(), e);
        }
    }

    private static Object unmissing(Object v) {
        return v == Missing.VALUE ? null : v;
    }

    /**
     * {@code {{pipeline}}}: a missing value (or a nil interface) prints {@code <no value>}; every tainted part of
     * what is printed goes through the host's check first, which may refuse it.
     */
    private void printValue(Node at, Object v) {
        if (v == Missing.VALUE || v == null) {
            out.append("<no value>");
            return;
        }
        if (v instanceof Iterable<?> && !(v instanceof List<?>)) {
            throw errorAt(at, "can't print " + at + " of type chan interface {}");
        }
        Text.Builder printed = new Text.Builder();
        GoFormat.value(printed, v);
        for (Text.Segment s : printed.segments()) {
            if (s.origin() != null && printCheck != null) {
                try {
                    printCheck.check(s.text(), s.origin());
                } catch (RuntimeException e) {
                    throw errorAt(at, e.getMessage());
                }
            }
            out.append(s.text());
        }
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.remove(vars.size() - 1);
        }
    }

    private TemplateException errorAt(Node node, String message) {
        int pos = node.pos();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < pos && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String form = node.toString();
        if (form.length() > 80) {
            form = form.substring(0, 77) + "...";
        }
        return new TemplateException("template: " + name + ":" + line + ":" + (pos - lineStart) + ": executing "
                + Quoting.quote(executing) + " at <" + form + ">: " + message);
    }
}
