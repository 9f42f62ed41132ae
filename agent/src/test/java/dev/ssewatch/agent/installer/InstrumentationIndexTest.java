package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.agent.instrumentation.InstrumentationModule;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
