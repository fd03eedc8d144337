package dev.muster.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterTest {

    private static final String AFTER_SELECTOR =
            "\"!=\", \".\", \"==\", \"[\", \"contains\", \"in\", \"is\", \"matches\", \"not\" or [ \\t\\r\\n]";
    private static final String AFTER_DOTTED_SELECTOR =
            "\"!=\", \".\", \"==\", \"[\", \"contains\", \"is\", \"matches\", \"not\" or [ \\t\\r\\n]";
    private static final String OPERAND_START =
            "\"(\", \"-\", \"\\\"\", \"`\", \"not\", [ \\t\\r\\n], [0-9] or [A-Za-z_]";
    private static final String VALUE_START = "\"-\", \"\\\"\", \"`\", [ \\t\\r\\n], [0-9] or [A-Za-z_]";
    private static final String AFTER_EXPRESSION = "\"and\", \"or\", [ \\t\\r\\n] or EOF";

    private static final Map<String, Object> SERVICE = tree(
            "ServiceName", "web",
            "ServiceTags", List.of("primary", "v1"),
            "ServicePort", 8080,
            "ServiceWeight", 2.5,
            "ServiceOffset", -3L,
            "ServiceEnableTagOverride", true,
            "ServiceAddress", "",
            "ServiceKind", null,
            "ServiceVersion", "2",
            "ServiceFlag", "true",
            "ServiceMeta", tree("version", "1.2", "team-name", "core", "a.b", "dotted", "say \"hi\"", "quoted"),
            "EmptyTags", List.of(),
            "EmptyMeta", Map.of(),
            "Ports", List.of(80, 443L, 8.5),
            "Quote", "say \"hi\"\n\t\\",
            "WindowsPath", "C:\\dir\"x",
            "_private", "yes",
            "Node", tree("Node", "node1", "Address", "10.0.0.1", "Meta", tree("os", "linux")),
            "Checks", List.of(
                    tree("Name", "check1", "Status", "passing"),
                    tree("Name", "check2", "Status", "critical", "Notes", "disk")),
            "Groups", List.of(List.of(tree("Id", "a")), List.of(tree("Id", "b"))));

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_equalityOperators_comparesByFieldType(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_equalityOperators_comparesByFieldType() {
        return Stream.of(
                Arguments.of("ServiceName == \"web\"", true),
                Arguments.of("ServiceName == web", true),
                Arguments.of("ServiceName == `web`", true),
                Arguments.of("ServiceName == \"api\"", false),
                Arguments.of("ServiceName == Web", false),
                Arguments.of("ServiceName != \"api\"", true),
                Arguments.of("ServiceName != web", false),
                Arguments.of("ServiceVersion == 2", true),
                Arguments.of("ServiceVersion == 2.0", false),
                Arguments.of("ServicePort == 8080", true),
                Arguments.of("ServicePort == \"8080\"", true),
                Arguments.of("ServicePort == 8080.0", true),
                Arguments.of("ServicePort == 8081", false),
                Arguments.of("ServicePort != 8081", true),
                Arguments.of("ServicePort == abc", false),
                Arguments.of("ServicePort != abc", true),
                Arguments.of("ServiceWeight == 2.5", true),
                Arguments.of("ServiceWeight == 2.50", true),
                Arguments.of("ServiceWeight == 2", false),
                Arguments.of("ServiceOffset == -3", true),
                Arguments.of("ServiceEnableTagOverride == true", true),
                Arguments.of("ServiceEnableTagOverride == TRUE", true),
                Arguments.of("ServiceEnableTagOverride == \"true\"", true),
                Arguments.of("ServiceEnableTagOverride == false", false),
                Arguments.of("ServiceEnableTagOverride != false", true),
                Arguments.of("ServiceEnableTagOverride == yes", false),
                Arguments.of("ServiceFlag == true", true),
                Arguments.of("ServiceTags == primary", false),
                Arguments.of("ServiceTags != primary", true),
                Arguments.of("ServiceMeta == version", false),
                Arguments.of("ServiceKind == null", false),
                Arguments.of("ServiceKind != null", true),
                Arguments.of("_private == yes", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_missingField_onlyNegatedFormsAndIsEmptyHold(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_missingField_onlyNegatedFormsAndIsEmptyHold() {
        return Stream.of(
                Arguments.of("Missing == x", false),
                Arguments.of("Missing != x", true),
                Arguments.of("Missing is empty", true),
                Arguments.of("Missing is not empty", false),
                Arguments.of("x in Missing", false),
                Arguments.of("x not in Missing", true),
                Arguments.of("Missing contains x", false),
                Arguments.of("Missing not contains x", true),
                Arguments.of("Missing matches x", false),
                Arguments.of("Missing not matches x", true),
                Arguments.of("Absent.Deeper == x", false),
                Arguments.of("Absent.Deeper != x", true),
                Arguments.of("ServiceName.Length == x", false),
                Arguments.of("ServiceName.Length is empty", true),
                Arguments.of("ServiceKind.Name is empty", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_emptinessOperators_checkStringsListsMapsAndNull(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_emptinessOperators_checkStringsListsMapsAndNull() {
        return Stream.of(
                Arguments.of("ServiceAddress is empty", true),
                Arguments.of("ServiceName is empty", false),
                Arguments.of("EmptyTags is empty", true),
                Arguments.of("ServiceTags is empty", false),
                Arguments.of("EmptyMeta is empty", true),
                Arguments.of("ServiceMeta is empty", false),
                Arguments.of("ServiceKind is empty", true),
                Arguments.of("ServicePort is empty", false),
                Arguments.of("ServiceEnableTagOverride is empty", false),
                Arguments.of("ServiceAddress is not empty", false),
                Arguments.of("ServiceTags is not empty", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_inAndContainsOperators_searchListsMapKeysAndSubstrings(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_inAndContainsOperators_searchListsMapKeysAndSubstrings() {
        return Stream.of(
                Arguments.of("primary in ServiceTags", true),
                Arguments.of("\"v1\" in ServiceTags", true),
                Arguments.of("v2 in ServiceTags", false),
                Arguments.of("v2 not in ServiceTags", true),
                Arguments.of("primary not in ServiceTags", false),
                Arguments.of("ServiceTags contains primary", true),
                Arguments.of("ServiceTags contains prim", false),
                Arguments.of("ServiceTags not contains primary", false),
                Arguments.of("ServiceTags not contains v2", true),
                Arguments.of("\"team-name\" in ServiceMeta", true),
                Arguments.of("\"1.2\" in ServiceMeta", false),
                Arguments.of("ServiceMeta contains version", true),
                Arguments.of("\"eb\" in ServiceName", true),
                Arguments.of("ServiceName contains \"we\"", true),
                Arguments.of("ServiceName contains x", false),
                Arguments.of("ServiceName not contains x", true),
                Arguments.of("443 in Ports", true),
                Arguments.of("80 in Ports", true),
                Arguments.of("8.5 in Ports", true),
                Arguments.of("81 in Ports", false),
                Arguments.of("8080 in ServicePort", false),
                Arguments.of("ServiceEnableTagOverride contains true", false));
    }

    @Test
    void matches_bareIdentifierValues_likeConsulDocumentation_true() {
        Map<String, Object> check = tree("Name", "check2", "Meta", tree("somekey", "somevalue"),
                "NodeMeta", tree("os", "linux"));

        assertTrue(Filter.parse("Name == check2 and Meta.somekey == somevalue and NodeMeta.os == linux")
                .matches(check));
    }

    @Test
    void matches_mapKeyPresence_inOperator_true() {
        assertTrue(matches("version in ServiceMeta"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_matchesOperator_findsUnanchoredRegex(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_matchesOperator_findsUnanchoredRegex() {
        return Stream.of(
                Arguments.of("ServiceName matches \"^w\"", true),
                Arguments.of("ServiceName matches eb", true),
                Arguments.of("ServiceName matches \"^eb\"", false),
                Arguments.of("ServiceName not matches \"^api\"", true),
                Arguments.of("ServiceName not matches \"b$\"", false),
                Arguments.of("ServiceName matches `^w\\w+$`", true),
                Arguments.of("ServiceName matches \"^w\\\\w+$\"", true),
                Arguments.of("ServiceTags matches \"^v[0-9]$\"", true),
                Arguments.of("ServiceTags matches \"^v[2-9]$\"", false),
                Arguments.of("ServicePort matches \"80\"", false),
                Arguments.of("ServiceMeta matches version", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_listOnSelectorPath_anyElementDecides(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_listOnSelectorPath_anyElementDecides() {
        return Stream.of(
                Arguments.of("Checks.Status == critical", true),
                Arguments.of("Checks.Status == warning", false),
                Arguments.of("Checks.Status != passing", false),
                Arguments.of("Checks.Status != warning", true),
                Arguments.of("Checks.Name matches \"2$\"", true),
                Arguments.of("Checks.Notes is empty", true),
                Arguments.of("Checks.Notes is not empty", false),
                Arguments.of("disk in Checks.Notes", true),
                Arguments.of("Name == check2", false),
                Arguments.of("EmptyTags.Name == x", false),
                Arguments.of("EmptyTags.Name != x", true),
                Arguments.of("Groups.Id == b", true),
                Arguments.of("Groups.Id == c", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_selectorSyntax_resolvesNestedMapsAndBracketKeys(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_selectorSyntax_resolvesNestedMapsAndBracketKeys() {
        return Stream.of(
                Arguments.of("Node.Meta.os == linux", true),
                Arguments.of("Node.Meta[\"os\"] == linux", true),
                Arguments.of("Node[\"Meta\"].os == linux", true),
                Arguments.of("Node.Meta.os == windows", false),
                Arguments.of("ServiceMeta[\"team-name\"] == core", true),
                Arguments.of("ServiceMeta[`team-name`] == core", true),
                Arguments.of("ServiceMeta[ \"version\" ] == \"1.2\"", true),
                Arguments.of("ServiceMeta[\"a.b\"] == dotted", true),
                Arguments.of("ServiceMeta[\"say \\\"hi\\\"\"] == quoted", true),
                Arguments.of("Node.Address == \"10.0.0.1\"", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_quotingStyles_decodeToTheSameText(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_quotingStyles_decodeToTheSameText() {
        return Stream.of(
                Arguments.of("Quote == \"say \\\"hi\\\"\\n\\t\\\\\"", true),
                Arguments.of("Quote == `say \"hi\"\n\t\\`", true),
                Arguments.of("ServiceName == \"\\u0077eb\"", true),
                Arguments.of("WindowsPath == `C:\\dir\"x`", true),
                Arguments.of("WindowsPath == \"C:\\\\dir\\\"x\"", true),
                Arguments.of("ServiceName == \"w\\teb\"", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void matches_logicalOperators_respectPrecedenceAndParentheses(String expression, boolean expected) {
        assertEquals(expected, matches(expression));
    }

    static Stream<Arguments> matches_logicalOperators_respectPrecedenceAndParentheses() {
        return Stream.of(
                Arguments.of("ServiceName == web and ServicePort == 8080", true),
                Arguments.of("ServiceName == web and ServicePort == 1", false),
                Arguments.of("ServiceName == api or ServicePort == 8080", true),
                Arguments.of("ServiceName == api or ServicePort == 1", false),
                Arguments.of("not ServiceName == api", true),
                Arguments.of("not ServiceName == web", false),
                Arguments.of("not not ServiceName == web", true),
                Arguments.of("not ServiceName == web and ServicePort == 1", false),
                Arguments.of("not (ServiceName == web and ServicePort == 1)", true),
                Arguments.of("ServiceName == web or ServiceName == api and ServicePort == 1", true),
                Arguments.of("(ServiceName == web or ServiceName == api) and ServicePort == 1", false),
                Arguments.of("ServicePort == 1 and ServiceName == api or ServiceName == web", true),
                Arguments.of("not (ServiceName == api or ServicePort == 1)", true),
                Arguments.of("((ServiceName == web))", true),
                Arguments.of("(ServiceName==web)and(ServicePort==8080)", true),
                Arguments.of("\t( ServiceName == web )\r\n", true),
                Arguments.of("ServiceName\n==\nweb\nand\tprimary\tin\tServiceTags", true));
    }

    @Test
    void matches_orOperator_skipsRightOperandOnceLeftMatches() {
        Map<String, Object> item = new ExplodingMap(Map.of("ServiceName", "web"));

        assertTrue(Filter.parse("ServiceName == web or Boom == x").matches(item));
    }

    @Test
    void matches_andOperator_skipsRightOperandOnceLeftFails() {
        Map<String, Object> item = new ExplodingMap(Map.of("ServiceName", "web"));

        assertFalse(Filter.parse("ServiceName == api and Boom == x").matches(item));
    }

    @Test
    void matches_nullTree_treatsEveryFieldAsMissing() {
        Filter filter = Filter.parse("ServiceName is empty and ServiceName != web");

        assertTrue(filter.matches(null));
    }

    @Test
    void matches_sameFilterReused_givesIndependentResults() {
        Filter filter = Filter.parse("ServiceName == web");

        assertTrue(filter.matches(SERVICE));
        assertFalse(filter.matches(tree("ServiceName", "api")));
        assertTrue(filter.matches(SERVICE));
    }

    @Test
    void selectorRoots_mixedExpression_listsFirstSegmentsInOrderWithoutValues() {
        Filter filter = Filter.parse(
                "web in ServiceTags and Node.Meta.os == linux or not (ServiceMeta[\"version\"] is empty)"
                        + " or Node.Address == x");

        assertEquals(List.of("ServiceTags", "Node", "ServiceMeta"), List.copyOf(filter.selectorRoots()));
    }

    @Test
    void selectorRoots_returnedSet_isUnmodifiable() {
        Set<String> roots = Filter.parse("ServiceName == web").selectorRoots();

        assertThrows(UnsupportedOperationException.class, () -> roots.add("Other"));
    }

    @Test
    void toString_parsedFilter_returnsOriginalExpression() {
        assertEquals("ServiceName == web", Filter.parse("ServiceName == web").toString());
    }

    @Test
    void parse_nullExpression_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> Filter.parse(null));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource
    void parse_invalidExpression_throwsPositionedMessage(String expression, String message) {
        FilterException error = assertThrows(FilterException.class, () -> Filter.parse(expression));

        assertEquals(message, error.getMessage());
    }

    static Stream<Arguments> parse_invalidExpression_throwsPositionedMessage() {
        return Stream.of(
                Arguments.of("Node = foo", "1:6 (5): no match found, expected: " + AFTER_SELECTOR),
                Arguments.of("", "1:1 (0): no match found, expected: " + OPERAND_START),
                Arguments.of("   ", "1:4 (3): no match found, expected: " + OPERAND_START),
                Arguments.of("Node", "1:5 (4): no match found, expected: " + AFTER_SELECTOR),
                Arguments.of("Node.Meta = x", "1:11 (10): no match found, expected: " + AFTER_DOTTED_SELECTOR),
                Arguments.of("Node .Meta == x", "1:6 (5): no match found, expected: " + AFTER_SELECTOR),
                Arguments.of("Node AND x", "1:6 (5): no match found, expected: " + AFTER_SELECTOR),
                Arguments.of("Node.", "1:6 (5): no match found, expected: [A-Za-z_]"),
                Arguments.of("Node. Meta == x", "1:6 (5): no match found, expected: [A-Za-z_]"),
                Arguments.of("Node[x] == y", "1:6 (5): no match found, expected: \"\\\"\", \"`\" or [ \\t\\r\\n]"),
                Arguments.of("Node[\"x\" == y", "1:10 (9): no match found, expected: \"]\" or [ \\t\\r\\n]"),
                Arguments.of("a ==", "1:5 (4): no match found, expected: " + VALUE_START),
                Arguments.of("a === b", "1:5 (4): no match found, expected: " + VALUE_START),
                Arguments.of("a == )", "1:6 (5): no match found, expected: " + VALUE_START),
                Arguments.of("a == -", "1:7 (6): no match found, expected: [0-9]"),
                Arguments.of("a == -x", "1:7 (6): no match found, expected: [0-9]"),
                Arguments.of("a == b c", "1:8 (7): no match found, expected: " + AFTER_EXPRESSION),
                Arguments.of("a == b.c", "1:7 (6): no match found, expected: " + AFTER_EXPRESSION),
                Arguments.of("a == b & c == d", "1:8 (7): no match found, expected: " + AFTER_EXPRESSION),
                Arguments.of("a == b AND c == d", "1:8 (7): no match found, expected: " + AFTER_EXPRESSION),
                Arguments.of("a == b)", "1:7 (6): no match found, expected: " + AFTER_EXPRESSION),
                Arguments.of("a == b and", "1:11 (10): no match found, expected: " + OPERAND_START),
                Arguments.of("not", "1:4 (3): no match found, expected: " + OPERAND_START),
                Arguments.of("(a == b", "1:8 (7): no match found, expected: \")\", \"and\", \"or\" or [ \\t\\r\\n]"),
                Arguments.of("\"x\" in Tags )",
                        "1:13 (12): no match found, expected: \".\", \"[\", \"and\", \"or\", [ \\t\\r\\n] or EOF"),
                Arguments.of("Node is", "1:8 (7): no match found, expected: \"empty\", \"not\" or [ \\t\\r\\n]"),
                Arguments.of("Node is full", "1:9 (8): no match found, expected: \"empty\", \"not\" or [ \\t\\r\\n]"),
                Arguments.of("Node is not", "1:12 (11): no match found, expected: \"empty\" or [ \\t\\r\\n]"),
                Arguments.of("Node not",
                        "1:9 (8): no match found, expected: \"contains\", \"in\", \"matches\" or [ \\t\\r\\n]"),
                Arguments.of("Node.Meta not equals x",
                        "1:15 (14): no match found, expected: \"contains\", \"matches\" or [ \\t\\r\\n]"),
                Arguments.of("\"x\"", "1:4 (3): no match found, expected: \"in\", \"not\" or [ \\t\\r\\n]"),
                Arguments.of("42 == x", "1:4 (3): no match found, expected: \"in\", \"not\" or [ \\t\\r\\n]"),
                Arguments.of("\"x\" not", "1:8 (7): no match found, expected: \"in\" or [ \\t\\r\\n]"),
                Arguments.of("\"x\" in", "1:7 (6): no match found, expected: [ \\t\\r\\n] or [A-Za-z_]"),
                Arguments.of("\"x\" in \"Tags\"", "1:8 (7): no match found, expected: [ \\t\\r\\n] or [A-Za-z_]"),
                Arguments.of("a == b and\n  c = d", "2:5 (15): no match found, expected: " + AFTER_SELECTOR),
                Arguments.of("Address == 10.0.0.1", "1:16 (15): rule \"number\": Invalid number literal"),
                Arguments.of("Port == 12abc", "1:11 (10): rule \"number\": Invalid number literal"),
                Arguments.of("Port == 1-2", "1:10 (9): rule \"number\": Invalid number literal"),
                Arguments.of("Port == 1.", "1:10 (9): rule \"number\": Invalid number literal"),
                Arguments.of("a == \"abc", "1:6 (5): rule \"string\": Unterminated string literal"),
                Arguments.of("a == \"abc\\\"", "1:6 (5): rule \"string\": Unterminated string literal"),
                Arguments.of("a == `abc", "1:6 (5): rule \"string\": Unterminated string literal"),
                Arguments.of("a == \"\\q\"", "1:7 (6): rule \"string\": Invalid escape sequence \"\\q\""),
                Arguments.of("a == \"\\u12\"", "1:7 (6): rule \"string\": Invalid escape sequence \"\\u12\""),
                Arguments.of("a == \"\\u1\"", "1:7 (6): rule \"string\": Invalid escape sequence \"\\u1\""),
                Arguments.of("a matches \"[a\"",
                        "1:11 (10): rule \"match\": Invalid regular expression: Unclosed character class"),
                Arguments.of("a not matches `(`",
                        "1:15 (14): rule \"match\": Invalid regular expression: Unclosed group"));
    }

    @Test
    void parse_expressionAtLengthLimit_succeeds() {
        String expression = "ServiceName == \"" + "x".repeat(Filter.MAX_EXPRESSION_LENGTH - 17) + "\"";

        assertEquals(Filter.MAX_EXPRESSION_LENGTH, expression.length());
        assertFalse(Filter.parse(expression).matches(SERVICE));
    }

    @Test
    void parse_expressionOverLengthLimit_throwsLengthMessage() {
        String expression = "ServiceName == \"" + "x".repeat(Filter.MAX_EXPRESSION_LENGTH - 16) + "\"";

        FilterException error = assertThrows(FilterException.class, () -> Filter.parse(expression));

        assertEquals("expression is 4097 characters long, the maximum is 4096", error.getMessage());
    }

    @Test
    void parse_parenthesesAtDepthLimit_succeeds() {
        String expression = "(".repeat(64) + "ServiceName == web" + ")".repeat(64);

        assertTrue(Filter.parse(expression).matches(SERVICE));
    }

    @Test
    void parse_parenthesesBeyondDepthLimit_throwsNestingMessage() {
        String expression = "(".repeat(65) + "ServiceName == web" + ")".repeat(65);

        FilterException error = assertThrows(FilterException.class, () -> Filter.parse(expression));

        assertEquals("1:65 (64): expression is nested too deeply, the maximum depth is 64", error.getMessage());
    }

    @Test
    void parse_notChainBeyondDepthLimit_throwsNestingMessage() {
        String expression = "not ".repeat(65) + "ServiceName == web";

        FilterException error = assertThrows(FilterException.class, () -> Filter.parse(expression));

        assertEquals("1:257 (256): expression is nested too deeply, the maximum depth is 64", error.getMessage());
    }

    @Test
    void parse_notChainAtDepthLimit_evaluatesEvenNegationsAsIdentity() {
        assertTrue(Filter.parse("not ".repeat(64) + "ServiceName == web").matches(SERVICE));
    }

    @Test
    void parse_longFlatAndChain_doesNotCountAsNesting() {
        String expression = String.join(" and ", Collections.nCopies(150, "ServicePort == 8080"));

        assertTrue(Filter.parse(expression).matches(SERVICE));
    }

    private static boolean matches(String expression) {
        return Filter.parse(expression).matches(SERVICE);
    }

    /** Builds an insertion-ordered map that, unlike {@link Map#of}, accepts null values. */
    private static Map<String, Object> tree(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return map;
    }

    /** A read-only map that fails the test if the key {@code Boom} is ever looked up. */
    private static final class ExplodingMap extends AbstractMap<String, Object> {

        private final Map<String, Object> contents;

        ExplodingMap(Map<String, Object> contents) {
            this.contents = contents;
        }

        @Override
        public Object get(Object key) {
            if ("Boom".equals(key)) {
                throw new AssertionError("short-circuit evaluation should not read Boom");
            }
            return contents.get(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return contents.entrySet();
        }
    }

    @Test
    void matches_catastrophicBacktracking_stopsWithFilterException() {
        // Polynomial backtracking (~C(40,12) steps) that Java's engine does not optimise away.
        Filter filter = Filter.parse("Name matches \"(.*a){12}x\"");
        Map<String, Object> tree = Map.of("Name", "a".repeat(40) + "!");
        FilterException e = assertThrows(FilterException.class, () -> filter.matches(tree));
        assertTrue(e.getMessage().startsWith("regular expression is too expensive"), e.getMessage());
        assertTrue(Filter.parse("Name matches \"^a+!$\"").matches(tree));
        assertTrue(Filter.parse("Name matches \"(.*a){12}\"").matches(tree));
    }
}
