package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index's limits hold for every instrumentation the agent installs. */
class InstrumentationIndexTest {

  private static List<TypeInstrumentation> all() {
    List<TypeInstrumentation> out = new ArrayList<>();
    for (InstrumentationModule m : AgentInstaller.modules()) {
      out.addAll(m.typeInstrumentations());
    }
    return out;
  }

  @Test
  void everyModuleSwitchedOnFitsTheIndex() {
    List<TypeInstrumentation> all = all();

    InstrumentationIndex index = new InstrumentationIndex(all);

    assertThat(index.size()).isEqualTo(all.size()).isLessThanOrEqualTo(63);
  }

  @Test
  void springMvcsAsyncStreamWrapperIsNotAdvisedTheContainersStreamIs() {
    InstrumentationIndex index = new InstrumentationIndex(all());
    long every = -1L >>> 1;
    int outputStream = index.superTypeBit("jakarta/servlet/ServletOutputStream");
    assertThat(outputStream).isNotZero();

    long container =
        index.match(every, "org/apache/catalina/connector/CoyoteOutputStream", false, outputStream);
    long springWrapper =
        index.match(
            every,
            "org/springframework/web/context/request/async/"
                + "StandardServletAsyncWebRequest$LifecycleServletOutputStream",
            false,
            outputStream);

    assertThat(container).isNotZero();
    assertThat(springWrapper).isZero();
  }

  @Test
  void moreThan63TypeInstrumentationsAreRefused() {
    List<TypeInstrumentation> all = all();
    List<TypeInstrumentation> tooMany =
        new ArrayList<>(
            Collections.nCopies(64 / all.size() + 1, all).stream().flatMap(List::stream).toList());

    assertThatThrownBy(() -> new InstrumentationIndex(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("63");
  }

  @Test
  void aLoaderIsAskedForEachLibraryClassOnceHoweverManyInstrumentationsNameIt() {
    List<String> asked = new ArrayList<>();
    ClassLoader seesNothing =
        new ClassLoader(null) {
          @Override
          public URL getResource(String name) {
            asked.add(name);
            return null;
          }
        };

    assertThat(new InstrumentationIndex(all()).gates(seesNothing)).isZero();

    // Servlet instrumentations alone name jakarta.servlet.ServletResponse three times.
    assertThat(asked).isNotEmpty().doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource({
    // exactly named, not asking about super types: only their own names
    "named, io/netty/channel/ChannelOutboundBuffer, true",
    "named, io/netty/Other, false",
    "named, org/example/Anything, false",
    // asking about super types: any name could match through them
    "super, org/example/Anything, true",
    "super, jakarta/servlet/ServletOutputStream, true",
    // one of each: the other's answer wins
    "both, org/example/Anything, true",
  })
  void aNameIsTurnedAwayOnlyWhenNoCandidateCouldMatchIt(
      String candidates, String name, boolean could) {
    List<TypeInstrumentation> list =
        List.of(
            instrumentation(TypeMatcher.named("io.netty.channel.ChannelOutboundBuffer")),
            instrumentation(TypeMatcher.hasSuperType("jakarta.servlet.ServletOutputStream")));
    long bits =
        switch (candidates) {
          case "named" -> 1L;
          case "super" -> 2L;
          default -> 3L;
        };

    assertThat(new InstrumentationIndex(list).couldMatchName(bits, name)).isEqualTo(could);
  }

  private static TypeInstrumentation instrumentation(TypeMatcher matcher) {
    return new TypeInstrumentation() {
      @Override
      public ClassLoaderHasClass classLoaderOptimization() {
        return ClassLoaderHasClass.hasClassNamed("java.lang.Object");
      }

      @Override
      public TypeMatcher typeMatcher() {
        return matcher;
      }

      @Override
      public void transform(AdviceRegistry advice) {}
    };
  }
}
