package dev.ssewatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawExpressionsTest {

  static Stream<Arguments> documents() {
    return Stream.of(
        // raw document, the attribute "a" of <p> as the parser must see it
        Arguments.of("<p a=\"@(x.As<JObject>())\"/>", "@(x.As<JObject>())"),
        Arguments.of(
            "<p a=\"@(h.Get(\"Accept\", \"\") != \"\")\"/>", "@(h.Get(\"Accept\", \"\") != \"\")"),
        Arguments.of("<p a=\"@(a && b)\"/>", "@(a && b)"),
        Arguments.of("<p a=\"@(a &amp;&amp; b)\"/>", "@(a && b)"),
        Arguments.of("<p a=\"@(s.Contains(&quot;)&quot;))\"/>", "@(s.Contains(\")\"))"),
        Arguments.of("<p a=\"@(s == \")\" ? 1 : 2)\"/>", "@(s == \")\" ? 1 : 2)"),
        Arguments.of("<p a='@(c == &apos;x&apos;)'/>", "@(c == 'x')"),
        Arguments.of("<p a=\"@(c == '<')\"/>", "@(c == '<')"),
        Arguments.of("<p a=\"@{ return @\"a\"\"b<\"; }\"/>", "@{ return @\"a\"\"b<\"; }"),
        Arguments.of("<p a=\"plain &lt; text\"/>", "plain < text"),
        Arguments.of("<p a=\"user@example.com\"/>", "user@example.com"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void rawExpressionsParseToTheExpressionAsWritten(String raw, String expected) throws Exception {
    PolicyElement p = PolicyReader.parse("<policies>" + raw + "</policies>", "t.xml");

    assertThat(p.children().get(0).attribute("a")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void textExpressionsKeepTheirLines(String raw, String expectedText, int line) throws Exception {
    PolicyElement p = PolicyReader.parse("<policies>\n" + raw + "\n<q/></policies>", "t.xml");

    assertThat(p.children().get(0).text()).isEqualTo(expectedText);
    assertThat(p.children().get(1).location().line()).isEqualTo(line);
  }

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("<v>@(a < b && c > d)</v>", "@(a < b && c > d)", 3),
        Arguments.of(
            "<v>@{\n var x = y.As<T>();\n return x;\n}</v>",
            "@{\n var x = y.As<T>();\n return x;\n}",
            6),
        Arguments.of("<v><![CDATA[@(a < b)]]></v>", "@(a < b)", 3),
        Arguments.of("<!-- @(a < b) --><v>1</v>", "1", 3));
  }
}
