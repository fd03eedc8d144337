package dev.muster.gotemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go's template parser ({@code text/template/parse/parse.go}): the grammar of go-template spec §2, variable scopes
 * checked at parse time ({@code undefined variable "$x"}), functions checked against the names the caller
 * declares ({@code function "foo" not defined}), {@code define}/{@code block} into one namespace, and Go's
 * error texts as {@code template: NAME:LINE: MESSAGE}. Not thread-safe: one per parse.
 */
final class Parser {
    /** Go's maxStackDepth for parenthesised pipelines is 10,000; a smaller bound keeps Java's stack safe. */
    private static final int MAX_DEPTH = 1000;

    private final String name;
    private final String src;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final Map<String, Node.ListNode> templates;
    private int next;
    private List<String> vars = new ArrayList<>(List.of("$"));
    private int rangeDepth;
    private int depth;

    private Parser(String name, String src, List<Token> tokens, Set<String> functions,
                   Map<String, Node.ListNode> templates) {
        this.name = name;
        this.src = src;
        this.tokens = tokens;
        this.functions = functions;
        this.templates = templates;
    }

    /** Parses {@code src}; returns every template it defines, the main one under {@code name}. */
    static Map<String, Node.ListNode> parse(String name, String src, String left, String right, Set<String> functions) {
        Map<String, Node.ListNode> templates = new LinkedHashMap<>();
        Parser p = new Parser(name, src, Lexer.lex(name, src, left, right), functions, templates);
        Node.ListNode main = p.top();
        p.define(name, main);
        return templates;
    }

    private Node.ListNode top() {
        List<Node> nodes = new ArrayList<>();
        while (peek().kind() != Token.Kind.EOF) {
            if (peek().kind() == Token.Kind.LEFT_DELIM && peekAfterDelim().kind() == Token.Kind.DEFINE) {
                Token delim = next();
                nextNonSpace(); // define
                parseDefinition(delim);
                continue;
            }
            Object n = textOrAction();
            if (n instanceof Marker m) {
                throw error(m.token(), "unexpected " + m);
            }
            nodes.add((Node) n);
        }
        return new Node.ListNode(0, nodes);
    }

    private void parseDefinition(Token at) {
        Token nameToken = nextNonSpace();
        String defined = stringLiteral(nameToken, "define clause");
        expect(Token.Kind.RIGHT_DELIM, "define clause");
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        Body body = itemList();
        if (!(body.end() instanceof End)) {
            throw error(body.end().token(), "unexpected " + body.end() + " in define clause");
        }
        vars = saved;
        define(defined, body.list());
    }

    /** Adds a definition; a second non-empty one of a name is an error, an empty one never replaces (IsEmptyTree). */
    private void define(String templateName, Node.ListNode body) {
        Node.ListNode existing = templates.get(templateName);
        if (existing != null && !isEmpty(existing)) {
            if (!isEmpty(body)) {
                throw new TemplateException("template: multiple definition of template " + Quoting.quote(templateName));
            }
            return;
        }
        templates.put(templateName, body);
    }

    private static boolean isEmpty(Node.ListNode list) {
        return list.nodes().stream().allMatch(n -> n instanceof Node.TextNode t && t.text().isBlank());
    }

    /** A body up to its {@code {{end}}} or {@code {{else}}}, which is returned with it. */
    private record Body(Node.ListNode list, Marker end) {
    }

    /** {@code {{end}}} and {@code {{else}}} end a list; they are not nodes of it. */
    private sealed interface Marker {
        Token token();
    }

    private record End(int pos, Token token) implements Marker {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    private record Else(int pos, Token token, Token.Kind chained) implements Marker {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    private Body itemList() {
        List<Node> nodes = new ArrayList<>();
        int start = peek().pos();
        while (true) {
            if (peek().kind() == Token.Kind.EOF) {
                throw error(peek(), "unexpected EOF");
            }
            Object n = textOrAction();
            if (n instanceof Marker m) {
                return new Body(new Node.ListNode(start, nodes), m);
            }
            nodes.add((Node) n);
        }
    }

    /** A node, or the {@link Marker} of an {@code {{end}}} or {@code {{else}}}. */
    private Object textOrAction() {
        Token t = next();
        return switch (t.kind()) {
            case TEXT -> new Node.TextNode(t.pos(), t.text());
            case LEFT_DELIM -> action(t);
            case ERROR -> throw error(t, t.text());
            default -> throw error(t, "unexpected " + t + " in input");
        };
    }

    private Object action(Token delim) {
        Token t = nextNonSpace();
        switch (t.kind()) {
            case BLOCK:
                return block(t);
            case BREAK:
                return loopControl(t, true);
            case CONTINUE:
                return loopControl(t, false);
            case ELSE:
                return elseMarker(t);
            case END:
                expect(Token.Kind.RIGHT_DELIM, "end");
                return new End(t.pos(), t);
            case IF:
                return branch(t, Node.BranchNode.Kind.IF, "if");
            case RANGE:
                return branch(t, Node.BranchNode.Kind.RANGE, "range");
            case TEMPLATE:
                return templateCall(t);
            case WITH:
                return branch(t, Node.BranchNode.Kind.WITH, "with");
            case DEFINE:
                throw error(t, "unexpected <define> in command");
            default:
                backup();
                return new Node.ActionNode(delim.pos(), line(delim.pos()), pipeline("command", Token.Kind.RIGHT_DELIM));
        }
    }

    private Else elseMarker(Token t) {
        Token after = peekNonSpace();
        if (after.kind() == Token.Kind.IF || after.kind() == Token.Kind.WITH) {
            // "{{else if …}}" / "{{else with …}}": the chained control is parsed by the caller
            return new Else(t.pos(), t, after.kind());
        }
        expect(Token.Kind.RIGHT_DELIM, "else");
        return new Else(t.pos(), t, null);
    }

    private Node loopControl(Token t, boolean isBreak) {
        Token close = nextNonSpace();
        if (close.kind() != Token.Kind.RIGHT_DELIM) {
            throw error(close, "unexpected " + close + " in {{" + t.text() + "}}");
        }
        if (rangeDepth == 0) {
            throw error(t, "{{" + t.text() + "}} outside {{range}}");
        }
        return isBreak ? new Node.BreakNode(t.pos(), line(t.pos())) : new Node.ContinueNode(t.pos(), line(t.pos()));
    }

    private Node.BranchNode branch(Token t, Node.BranchNode.Kind kind, String context) {
        List<String> saved = new ArrayList<>(vars);
        Node.PipeNode pipe = pipeline(context, Token.Kind.RIGHT_DELIM);
        if (kind == Node.BranchNode.Kind.RANGE) {
            rangeDepth++;
        }
        Body body = itemList();
        if (kind == Node.BranchNode.Kind.RANGE) {
            rangeDepth--;
        }
        Node.ListNode elseList = null;
        if (body.end() instanceof Else e) {
            if (e.chained() != null && kind != Node.BranchNode.Kind.RANGE
                    && (e.chained() == Token.Kind.IF) == (kind == Node.BranchNode.Kind.IF)) {
                // sugar: {{else if p}} is {{else}}{{if p}} … {{end}}{{end}} with one {{end}}
                Token chained = nextNonSpace();
                Node.BranchNode inner = branch(chained, kind, context);
                elseList = new Node.ListNode(chained.pos(), List.of(inner));
            } else {
                if (e.chained() != null) {
                    throw error(e.token(), "unexpected " + peekNonSpace() + " in else");
                }
                Body rest = itemList();
                if (rest.end() instanceof Else again) {
                    throw error(again.token(), "expected end; found {{else}}");
                }
                elseList = rest.list();
            }
        }
        vars = saved;
        return new Node.BranchNode(t.pos(), line(t.pos()), kind, pipe, body.list(), elseList);
    }

    private Node templateCall(Token t) {
        String called = stringLiteral(nextNonSpace(), "template clause");
        Node.PipeNode pipe = null;
        if (peekNonSpace().kind() != Token.Kind.RIGHT_DELIM) {
            pipe = pipeline("template clause", Token.Kind.RIGHT_DELIM);
        } else {
            nextNonSpace();
        }
        return new Node.TemplateNode(t.pos(), line(t.pos()), called, pipe);
    }

    private Node block(Token t) {
        String defined = stringLiteral(nextNonSpace(), "block clause");
        Node.PipeNode pipe = pipeline("block clause", Token.Kind.RIGHT_DELIM);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        Body body = itemList();
        if (!(body.end() instanceof End)) {
            throw error(body.end().token(), "unexpected " + body.end() + " in block clause");
        }
        vars = saved;
        define(defined, body.list());
        return new Node.TemplateNode(t.pos(), line(t.pos()), defined, pipe);
    }

    private String stringLiteral(Token t, String context) {
        if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.RAW_STRING) {
            throw error(t, "unexpected " + t + " in " + context);
        }
        try {
            return Quoting.unquote(t.text());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw error(t, e.getMessage() == null ? "invalid syntax" : e.getMessage());
        }
    }

    private Node.PipeNode pipeline(String context, Token.Kind end) {
        Token first = peekNonSpace();
        List<Node.VariableNode> decl = new ArrayList<>();
        boolean assign = false;
        if (first.kind() == Token.Kind.VARIABLE) {
            int mark = next;
            Token v = nextNonSpace();
            Token after = nextNonSpace();
            boolean comma = after.kind() == Token.Kind.CHAR && after.text().equals(",");
            if (after.kind() == Token.Kind.DECLARE || after.kind() == Token.Kind.ASSIGN || (comma && context.equals("range"))) {
                decl.add(new Node.VariableNode(v.pos(), List.of(v.text())));
                if (comma) {
                    Token second = nextNonSpace();
                    if (second.kind() != Token.Kind.VARIABLE) {
                        throw error(second, "range can only initialize variables");
                    }
                    decl.add(new Node.VariableNode(second.pos(), List.of(second.text())));
                    after = nextNonSpace();
                    if (after.kind() == Token.Kind.CHAR && after.text().equals(",")) {
                        throw error(after, "too many declarations in " + context);
                    }
                    if (after.kind() != Token.Kind.DECLARE && after.kind() != Token.Kind.ASSIGN) {
                        throw error(after, "unexpected " + after + " in " + context);
                    }
                }
                assign = after.kind() == Token.Kind.ASSIGN;
                for (Node.VariableNode d : decl) {
                    if (assign) {
                        useVar(v, d.idents().get(0));
                    } else {
                        vars.add(d.idents().get(0));
                    }
                }
            } else if (comma) {
                throw error(after, "too many declarations in " + context);
            } else {
                next = mark;
            }
        }
        List<Node.CommandNode> cmds = new ArrayList<>();
        while (true) {
            Token t = nextNonSpace();
            if (t.kind() == end) {
                checkPipeline(t, context, cmds);
                return new Node.PipeNode(first.pos(), line(first.pos()), assign, decl, cmds);
            }
            switch (t.kind()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                case ERROR -> throw error(t, t.text());
                default -> throw error(t, "unexpected " + t + " in " + context);
            }
        }
    }

    private void checkPipeline(Token at, String context, List<Node.CommandNode> cmds) {
        if (cmds.isEmpty()) {
            throw error(at, "missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args().get(0);
            if (first instanceof Node.BoolNode || first instanceof Node.DotNode || first instanceof Node.NilNode
                    || first instanceof Node.NumberNode || first instanceof Node.StringNode) {
                throw error(at, "non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private Node.CommandNode command() {
        List<Node> args = new ArrayList<>();
        int start = peekNonSpace().pos();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token t = next();
            switch (t.kind()) {
                case SPACE:
                    continue;
                case RIGHT_DELIM:
                case RIGHT_PAREN:
                    backup();
                    break;
                case PIPE:
                    break;
                case ERROR:
                    throw error(t, t.text());
                default:
                    throw error(t, "unexpected " + t + " in operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error(peek(), "empty command");
        }
        return new Node.CommandNode(start, args);
    }

    private Node operand() {
        Node term = term();
        if (term == null) {
            return null;
        }
        if (peek().kind() != Token.Kind.FIELD) {
            return term;
        }
        List<String> fields = new ArrayList<>();
        while (peek().kind() == Token.Kind.FIELD) {
            fields.add(next().text().substring(1));
        }
        if (term instanceof Node.FieldNode f) {
            List<String> all = new ArrayList<>(f.idents());
            all.addAll(fields);
            return new Node.FieldNode(f.pos(), all);
        }
        if (term instanceof Node.VariableNode v) {
            List<String> all = new ArrayList<>(v.idents());
            all.addAll(fields);
            return new Node.VariableNode(v.pos(), all);
        }
        if (term instanceof Node.BoolNode || term instanceof Node.StringNode || term instanceof Node.NumberNode
                || term instanceof Node.NilNode || term instanceof Node.DotNode) {
            throw error(tokenAt(term.pos()), "unexpected . after term " + Quoting.quote(term.toString()));
        }
        return new Node.ChainNode(term.pos(), term, fields);
    }

    private Node term() {
        Token t = nextNonSpace();
        switch (t.kind()) {
            case IDENTIFIER:
                if (!functions.contains(t.text())) {
                    throw error(t, "function " + Quoting.quote(t.text()) + " not defined");
                }
                return new Node.IdentifierNode(t.pos(), t.text());
            case DOT:
                return new Node.DotNode(t.pos());
            case NIL:
                return new Node.NilNode(t.pos());
            case VARIABLE:
                useVar(t, t.text());
                return new Node.VariableNode(t.pos(), List.of(t.text()));
            case FIELD:
                return new Node.FieldNode(t.pos(), List.of(t.text().substring(1)));
            case BOOL:
                return new Node.BoolNode(t.pos(), t.text().equals("true"));
            case CHAR_CONSTANT:
                try {
                    return new Node.NumberNode(t.pos(), t.text(), (long) Quoting.unquoteChar(t.text()));
                } catch (RuntimeException e) {
                    throw error(t, "malformed character constant: " + t.text());
                }
            case NUMBER:
                return new Node.NumberNode(t.pos(), t.text(), Numbers.parse(t.text(), m -> error(t, m)));
            case LEFT_PAREN:
                if (++depth > MAX_DEPTH) {
                    throw error(t, "max expression depth exceeded");
                }
                Node.PipeNode pipe = pipeline("parenthesized pipeline", Token.Kind.RIGHT_PAREN);
                depth--;
                return pipe;
            case STRING:
            case RAW_STRING:
                try {
                    return new Node.StringNode(t.pos(), t.text(), Quoting.unquote(t.text()));
                } catch (RuntimeException e) {
                    throw error(t, "invalid syntax");
                }
            case ERROR:
                throw error(t, t.text());
            default:
                backup();
                return null;
        }
    }

    private void useVar(Token at, String variable) {
        if (!vars.contains(variable)) {
            throw error(at, "undefined variable " + Quoting.quote(variable));
        }
    }

    private Token next() {
        Token t = tokens.get(Math.min(next, tokens.size() - 1));
        next++;
        return t;
    }

    private void backup() {
        next--;
    }

    private Token peek() {
        return tokens.get(Math.min(next, tokens.size() - 1));
    }

    private Token nextNonSpace() {
        Token t;
        do {
            t = next();
        } while (t.kind() == Token.Kind.SPACE);
        return t;
    }

    private Token peekNonSpace() {
        Token t = nextNonSpace();
        backup();
        return t;
    }

    /** The first non-space token after the left delimiter at the current position. */
    private Token peekAfterDelim() {
        int i = next + 1;
        while (i < tokens.size() && tokens.get(i).kind() == Token.Kind.SPACE) {
            i++;
        }
        return tokens.get(Math.min(i, tokens.size() - 1));
    }

    private Token tokenAt(int pos) {
        for (Token t : tokens) {
            if (t.pos() == pos) {
                return t;
            }
        }
        return peek();
    }

    private void expect(Token.Kind kind, String context) {
        Token t = nextNonSpace();
        if (t.kind() == Token.Kind.ERROR) {
            throw error(t, t.text());
        }
        if (t.kind() != kind) {
            throw error(t, "unexpected " + t + " in " + context);
        }
    }

    private int line(int pos) {
        int n = 1;
        for (int i = 0; i < pos && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private TemplateException error(Token at, String message) {
        return new TemplateException("template: " + name + ":" + line(at.pos()) + ": " + message);
    }
}
