package dev.muster.gotemplate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parse tree (Go's {@code parse.Node} types). Every node keeps the byte offset it starts at, for error
 * positions, and prints as its source form, which execution errors quote ({@code at <index "hi" $>}). Immutable.
 */
sealed interface Node {
    int pos();

    /** A sequence of nodes: a template body or a branch. */
    record ListNode(int pos, List<Node> nodes) implements Node {
        @Override
        public String toString() {
            return nodes.stream().map(Object::toString).collect(Collectors.joining());
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code {{pipeline}}}: the pipeline's value is printed unless it declares variables. */
    record ActionNode(int pos, int line, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    /** {@code [$a[, $b] :=|=] cmd | cmd …}. */
    record PipeNode(int pos, int line, boolean assign, List<VariableNode> decl, List<CommandNode> cmds) implements Node {
        @Override
        public String toString() {
            String d = decl.isEmpty() ? "" : decl.stream().map(Object::toString).collect(Collectors.joining(", "))
                    + (assign ? " = " : " := ");
            return d + cmds.stream().map(Object::toString).collect(Collectors.joining(" | "));
        }
    }

    /** A command: an operand, or a function/method and its arguments. */
    record CommandNode(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            return args.stream().map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    /** {@code if}, {@code with} or {@code range}; {@code elseList} may be null. */
    record BranchNode(int pos, int line, Kind kind, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        enum Kind { IF, WITH, RANGE }

        @Override
        public String toString() {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            return "{{" + name + " " + pipe + "}}" + list + (elseList == null ? "" : "{{else}}" + elseList) + "{{end}}";
        }
    }

    record BreakNode(int pos, int line) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record ContinueNode(int pos, int line) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** {@code {{template "name" [pipeline]}}}; {@code pipe} may be null. */
    record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{template " + Quoting.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }

    record IdentifierNode(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code $x.A.B}: a variable and an optional field chain. */
    record VariableNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            return String.join(".", idents);
        }
    }

    record DotNode(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** {@code .A.B}: a field chain on dot. */
    record FieldNode(int pos, List<String> idents) implements Node {
        @Override
        public String toString() {
            return "." + String.join(".", idents);
        }
    }

    /** {@code (pipeline).A.B} or {@code fn.A}: a field chain on another term. */
    record ChainNode(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + "." + String.join(".", fields);
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A number constant: an int ({@code Long}) or a float ({@code Double}), as Go's ideal constants type them. */
    record NumberNode(int pos, String text, Object value) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    record StringNode(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }
}
