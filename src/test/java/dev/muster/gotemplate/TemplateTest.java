package dev.muster.gotemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's text/template vectors (go-template spec §7.1–7.10, from go:exec_test.go, parse_test.go and doc.go) against
 * Go's exec_test fixture: output, parse errors and execution errors with Go's texts.
 */
class TemplateTest {
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** go:exec_test.go's tVal, as far as Java values can say it. */
    static final StructValue T = new StructValue("*template.T", ordered(
            "X", "x", "S", "xyz", "I", 17L, "U", new StructValue("*template.U", ordered("V", "v")),
            "SI", List.of(3L, 4L, 5L), "SIEmpty", List.of(), "SB", List.of(true, false), "AI", List.of(3L, 4L, 5L),
            "MSI", new TypedMap<>(ordered("one", 1L, "two", 2L, "three", 3L), 0L, "map[string]int"), "MSIone", ordered("one", 1L), "MSIEmpty", Map.of(),
            "SMSI", List.of(ordered("one", 1L, "two", 2L), ordered("eleven", 11L, "twelve", 12L)),
            "Empty0", null, "Empty3", List.of(7L, 8L), "Empty4", new StructValue("*template.U", ordered("V", "UinEmpty")),
            "PI", 23L, "FloatZero", 0.0, "MXI", ordered("one", 1L), "Uthree", 3L, "Three", 3L, "NegOne", -1L));

    private static final Map<String, GoFunction> FUNCS = Map.of(
            "add", args -> args.stream().mapToLong(a -> (Long) a).sum(),
            "die", args -> {
                throw new IllegalStateException("die");
            },
            "count", args -> {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < (Long) args.get(0); i++) {
                    out.add(String.valueOf((char) ('a' + i)));
                }
                return (Iterable<Object>) out::iterator;
            },
            "doPanic", args -> {
                throw new RuntimeException("custom panic string");
            });

    static String run(String source, Object data) {
        return Template.parse("t", source, FUNCS).execute(data);
    }

    static String error(String source, Object data) {
        return assertThrows(TemplateException.class, () -> run(source, data)).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " § ", quoteCharacter = '~', textBlock = """
            V001 § some text                                  § some text
            V003 § -{{.U.V}}-                                 § -v-
            V010 § {{.PI}}                                    § 23
            V012 § {{.Empty0}}                                § <no value>
            V013 § {{.Empty3}}                                § [7 8]
            V014 § {{.Empty4}}                                § {UinEmpty}
            V017 § {{(1)}}                                    § 1
            V020 § {{"aaa"|printf }}                          § aaa
            V022 § {{.MSI.one}}                               § 1
            V023 § {{.MSI.NO}}                                § <no value>
            V033 § {{if .MXI.none}}NON-ZERO{{else}}ZERO{{end}} § ZERO
            V036 § {{$x := $.U.V}}{{$x}}                      § v
            V037 § {{$x := 2}}{{$x = 3}}{{$x}}                § 3
            V038 § {{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}} § 3
            V039 § {{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}} § 1
            V040 § {{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}} § 17,true
            V045 § {{$i := 0}}{{$x := 0}}{{range $i = .AI}}{{end}}{{$i}} § 5
            V046 § {{$k := 0}}{{$v := 0}}{{range $k, $v = .AI}}{{$k}}={{$v}} {{end}} § ~0=3 1=4 2=5 ~
            V047 § {{"output" | printf "%q"}}                 § "output"
            V048 § {{printf "%q" (print "out" "put")}}        § "output"
            V049 § {{"put" | printf "%s%s" "out" | printf "%q"}} § "output"
            V050 § {{with $x := "output" | printf "%q"}}{{$x}}{{end}} § "output"
            V051 § {{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}} § 1 5 15
            V054 § {{if false}}TRUE{{else}}FALSE{{end}}       § FALSE
            V056 § {{if 0}}NON-ZERO{{else}}ZERO{{end}}        § ZERO
            V057 § {{if ``}}NON-EMPTY{{else}}EMPTY{{end}}     § EMPTY
            V058 § {{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}} § EMPTY
            V060 § {{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}} § 3
            V061 § {{with 0}}{{.}}{{else}}ZERO{{end}}         § ZERO
            V062 § {{with .MSIone}}{{.}}{{else}}EMPTY{{end}}  § map[one:1]
            V063 § {{with 0}}{{.}}{{else with false}}{{.}}{{else with `notempty`}}{{.}}{{end}} § notempty
            V066 § {{range .SI}}-{{.}}-{{end}}                § -3--4--5-
            V067 § {{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}} § EMPTY
            V068 § {{range .SI}}-{{.}}-{{break}}NOTREACHED{{else}}EMPTY{{end}} § -3-
            V069 § {{range .SI}}-{{.}}-{{continue}}NOTREACHED{{else}}EMPTY{{end}} § -3--4--5-
            V070 § {{range .MSI}}-{{.}}-{{end}}               § -1--3--2-
            V071 § {{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}} § <0=3><1=4><2=5>
            V072 § {{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}} § <one=1>
            V073 § {{range .Empty0}}-{{.}}-{{end}}            § ~~
            V074 § {{range $i, $x := count 5}}[{{$i}}]{{$x}}{{end}} § [0]a[1]b[2]c[3]d[4]e
            V075 § {{range $v := 5}}{{printf "%T%d" $v $v}}{{end}} § int0int1int2int3int4
            V090 § {{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}} § false 0 0 1
            V091 § {{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}} § 0 1 true 1
            V092 § {{or 0 1 (die)}}                           § 1
            V094 § {{0 | and 1}}                              § 0
            V096 § {{or .SIEmpty "slice is empty"}}           § slice is empty
            V097 § {{not true}} {{not false}}                 § false true
            V098 § {{if eq 3 4 5 6 3}}true{{else}}false{{end}} § true
            V100 § {{eq .Uthree .Three}} {{lt .NegOne .Uthree}} {{gt .Uthree .NegOne}} § true true true
            V102 § {{le `xy` `xyz`}} {{ge 1.5 2.5}} {{eq (index `x` 0) 'x'}} § true false true
            V103 § {{index .SI 1}}                            § 4
            V105 § {{index .MSI `XXX`}}                       § 0
            V106 § {{index .SMSI 1 `eleven`}}                 § 11
            V108 § {{slice .SI 1 2}} {{slice .S 1}}           § [4] yz
            V109 § {{len .SI}}                                § 3
            V110 § {{print 1 2 3}}                            § 1 2 3
            V111 § {{print nil}}                              § <nil>
            V113 § {{printf "%04x" 127}}                      § 007f
            V114 § {{printf "%g" 3.5}}                        § 3.5
            V115 § {{printf "%05d|%-6s|%6s|%.2f|%x|%q" 42 "ab" "ab" 3.14159 "hi" "a\\"b"}} § ~00042|ab    |    ab|3.14|6869|"a\\"b"~
            V116 § {{printf "%s" 5}} {{printf "%d"}} {{printf "%d" 1 2}} § %!s(int=5) %!d(MISSING) 1%!(EXTRA int=2)
            V117 § {{print "a" 1 2 "b"}}                      § a1 2b
            V118 § {{html "<script>alert(\\"XSS\\");</script>"}} § &lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;
            V119 § {{html .Empty0}}                           § &lt;no value&gt;
            V121 § {{"http://www.example.org/"|urlquery}}     § http%3A%2F%2Fwww.example.org%2F
            V122 § {{print 0x123}} {{print 12_34}} {{print 0b101}} {{print 0377}} {{print +0x1.ep+2}} § 291 1234 5 255 7.5
            V123 § {{printf `%T` 0xef}}                       § int
            V124 § {{print 1000000.0}} {{print 100000.0}} {{print 0.00001}} § 1e+06 100000 1e-05
            V125 § {{define "T1"}}ONE{{end}}{{define "T2"}}TWO{{end}}{{define "T3"}}{{template "T1"}} {{template "T2"}}{{end}}{{template "T3"}} § ONE TWO
            """)
    void goVectors_produceGosOutput(String id, String source, String expected) {
        assertEquals(expected == null ? "" : expected, run(source, T), id);
    }

    @Test
    void dotOfEachKind_printsLikeGo() {
        assertEquals("<13>", run("<{{.}}>", 13L));
        assertEquals("<15.1>", run("<{{.}}>", 15.1));
        assertEquals("<true>", run("<{{.}}>", true));
        assertEquals("<[-1 -2 -3]>", run("<{{.}}>", List.of(-1L, -2L, -3L)));
        assertEquals("<map[two:22]>", run("<{{.}}>", Map.of("two", 22L)));
        assertEquals("<{7 seven}>", run("<{{.}}>", new StructValue("struct", ordered("a", 7L, "b", "seven"))));
        assertEquals("123", run("{{$}}", 123L));
        assertEquals("neglect", run("{{.cause}}", Map.of("cause", "neglect")));
        assertEquals("<no value>", run("{{.foo}}", null), "a field of nil data");
        assertEquals("abarXbazb", run("a{{block \"inner\" .}}bar{{.}}baz{{end}}b", "X"));
        assertEquals("It\\'d be nice.", run("{{js .}}", "It'd be nice."));
        assertEquals("1 2 3\n", run("{{println 1 2 3}}", null));
        assertEquals("empty", run("{{range $v := .}}{{print $v}}{{else}}empty{{end}}", 0L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " § ", quoteCharacter = '~', textBlock = """
            V080 § ~x \r\n\t{{- 3}}~                § x3
            V081 § ~{{3 -}}\n\n\ty~                 § 3y
            V082 § ~x\n{{-  3   -}}\ny~             § x3y
            V083 § ~x \r\n\t{{- /* */ -}}\n\n\ty~   § xy
            V084 § ~hello- {{- 3 -}} -world~        § hello-3-world
            V085 § ~{{23 -}} < {{- 45}}~            § 23<45
            V086 § ~{{-3}}~                         § -3
            V087 § ~{{ $x \n := \n 1 \n }}{{$x}}~   § 1
            V088 § ~{{/*\n\n\n*/}}~                 § ~~
            """)
    void whitespaceTrimmingAndComments(String id, String source, String expected) {
        String unescaped = source.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        assertEquals(expected == null ? "" : expected, run(unescaped, null), id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " § ", quoteCharacter = '~', textBlock = """
            V041 § {{with $x := 4}}{{end}}{{$x}}         § undefined variable "$x"
            V042 § {{$x}}                                § template: t:1: undefined variable "$x"
            V043 § {{$x:=.}}{{$x+2}}                      § bad character U+002B '+'
            V044 § {{$x += 1}}{{$x}}                      § undefined variable "$x"
            V052 § {{.|12|printf}}                        § non executable command in pipeline stage 2
            V053 § {{"hello".guys}}                       § unexpected . after term "\\"hello\\""
            V064 § {{if .X}}1{{else}}2{{else}}3{{end}}    § expected end; found {{else}}
            V065 § {{if .X}}a{{else if .Y}}b{{end}}{{end}} § unexpected {{end}}
            V077 § {{range .}}{{else}}{{break}}{{end}}    § {{break}} outside {{range}}
            V078 § {{range $u, $v, $w := 3}}{{end}}       § too many declarations in range
            V079 § {{range $k, 123 := .}}{{end}}          § range can only initialize variables
            V089 § ~{{/*\nhello\n}}~                      § unclosed comment
            V127 § {{define `a`}}a{{end}}{{define `a`}}b{{end}} § multiple definition of template
            V132 § {{foo}}                                § template: t:1: function "foo" not defined
            E001 § {{printf 3, 4}}                        § unexpected "," in operand
            E002 § {{(}}                                  § unclosed left paren
            E003 § {{)}}                                  § unexpected right paren
            E004 § {{"x}}                                 § unterminated quoted string
            E005 § {{0xi}}                                § bad number syntax: "0xi"
            E006 § {{}}                                   § missing value for command
            E007 § {{range}}{{end}}                       § missing value for range
            E008 § {{define "x"}}{{end}}{{if true}}{{define "y"}}{{end}}{{end}} § unexpected <define> in command
            """)
    void parseErrors_haveGosTexts(String id, String source, String message) {
        String unescaped = source.replace("\\n", "\n");
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("t", unescaped, FUNCS), id);
        assertTrue(e.getMessage().contains(message), id + ": " + e.getMessage());
    }

    @Test
    void parseErrors_nameTheLine_andAnUnclosedActionItsStart() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> Template.parse("unclosed3", "line1\n{{\"x\"\n\"y\"\n", FUNCS));
        assertEquals("template: unclosed3:4: unclosed action started at unclosed3:2", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " § ", quoteCharacter = '~', textBlock = """
            V002 § {{nil}}                 § nil is not a command
            V016 § {{1 2}}                 § can't give argument to non-function 1
            V019 § {{$x := nil}}{{$x.anything}} § nil is not a command
            V021 § {{1|printf}}            § wrong type for value; expected string; got int
            V025 § {{.MSI.one 1}}          § one is not a method but has arguments
            V034 § {{.MissingField}}       § can't evaluate field MissingField in type *template.T
            V055 § {{if nil}}TRUE{{end}}   § nil is not a command
            V093 § {{and 1 1 (die)}}       § error calling die: die
            V099 § {{eq `xy` 1}}           § incompatible types for comparison
            V104 § {{index .SI 10}}        § error calling index: index out of range: 10
            V107 § {{index nil 1}}         § index of untyped nil
            V108 § {{slice .SI 2 1}}       § invalid slice index: 2 > 1
            V109 § {{len 3}}               § len of type int
            V130 § {{doPanic}}             § template: t:1:2: executing "t" at <doPanic>: error calling doPanic: custom panic string
            E101 § {{template "nope"}}     § template "nope" not defined
            E102 § {{range .S}}{{end}}     § range can't iterate over xyz
            """)
    void executionErrors_haveGosShapeAndTexts(String id, String source, String message) {
        String got = error(source, T);
        assertTrue(got.contains(message), id + ": " + got);
        assertTrue(got.startsWith("template: t:1:"), id + ": " + got);
    }

    @Test
    void executionError_namesTheDefinedTemplate_lineAndColumn() {
        String source = "\n\n\n\n\n\n{{define \"three\"}}{{index \"hi\" $}}{{end}}{{template \"three\" .}}";
        TemplateException e = assertThrows(TemplateException.class,
                () -> Template.parse("top", source, FUNCS).execute(5L));
        assertEquals("template: top:7:20: executing \"three\" at <index \"hi\" $>: error calling index: "
                + "index out of range: 5", e.getMessage());
    }

    @Test
    void recursion_isCut_atTheDepthLimit() {
        String got = assertThrows(TemplateException.class,
                () -> Template.parse("tmpl", "{{template \"tmpl\" .}}", FUNCS).execute(null)).getMessage();
        assertTrue(got.contains("exceeded maximum template depth (" + Executor.MAX_DEPTH + ")"), got);
    }

    @Test
    void missingKeyOptions_defaultZeroAndError() {
        Map<String, Object> data = Map.of("x", 99L);
        assertEquals("99 <no value>", Template.parse("t", "{{.x}} {{.y}}", FUNCS).execute(data));
        assertEquals("99 ", Template.parse("t", "{{.x}} {{.y}}", FUNCS, "{{", "}}", MissingKey.ZERO)
                .execute(TypedMap.ofStrings(Map.of("x", "99"))), "a map[string]string's zero is \"\"");
        assertEquals("99 <no value>", Template.parse("t", "{{.x}} {{.y}}", FUNCS, "{{", "}}", MissingKey.ZERO)
                .execute(data), "an interface{} map's zero is a nil interface");
        String error = assertThrows(TemplateException.class, () -> Template.parse("t", "{{.x}} {{.y}}", FUNCS, "{{",
                "}}", MissingKey.ERROR).execute(data)).getMessage();
        assertTrue(error.contains("map has no entry for key \"y\""), error);
        String nilData = assertThrows(TemplateException.class, () -> Template.parse("t", "{{.x}}", FUNCS, "{{", "}}",
                MissingKey.ERROR).execute(null)).getMessage();
        assertTrue(nilData.contains("nil data; no entry for key \"x\""), nilData);
        String deeper = assertThrows(TemplateException.class, () -> Template.parse("t", "{{.a.b}}", FUNCS, "{{", "}}",
                MissingKey.ZERO).execute(Map.of())).getMessage();
        assertTrue(deeper.contains("nil pointer evaluating interface {}.b"), deeper);
    }

    @Test
    void customDelimiters() {
        assertEquals("Hello, world<<", Template.parse("t", "<<.Str>><</*comment*/>><<\"<<\">>", FUNCS, "<<", ">>",
                MissingKey.DEFAULT).execute(Map.of("Str", "Hello, world")));
        assertEquals("[a]", Template.parse("t", "[[- \" \" -]][[ \"[a]\" ]]", FUNCS, "[[", "]]", MissingKey.DEFAULT)
                .execute(null).strip());
    }
}
