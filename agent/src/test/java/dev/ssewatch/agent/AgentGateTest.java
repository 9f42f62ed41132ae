package dev.ssewatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentGateTest {

  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] CHANGED = {4, 5, 6};

  /** Records which overload was called and for which class, and returns {@link #CHANGED}. */
  private static final class Recording implements ClassFileTransformer {
    final List<String> calls = new ArrayList<>();

    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer) {
      calls.add("plain " + className);
      return CHANGED;
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer) {
      calls.add("module " + className + " " + (module == null ? "-" : module.getName()));
      return CHANGED;
    }
  }

  @Test
  void changesNothingUntilATransformerIsPublished() throws Exception {
    AgentGate gate = new AgentGate();
    assertThat(gate.transform(null, "a/B", null, null, ORIGINAL)).isNull();
    assertThat(gate.transform(Object.class.getModule(), null, "a/B", null, null, ORIGINAL))
        .isNull();
  }

  @Test
  void delegatesBothOverloadsOncePublished() throws Exception {
    AgentGate gate = new AgentGate();
    Recording real = new Recording();
    gate.accept(real);
    assertThat(gate.transform(null, "a/B", null, null, ORIGINAL)).isEqualTo(CHANGED);
    assertThat(gate.transform(Object.class.getModule(), null, "a/C", null, null, ORIGINAL))
        .isEqualTo(CHANGED);
    assertThat(real.calls).containsExactly("plain a/B", "module a/C java.base");
  }
}
