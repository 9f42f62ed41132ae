package dev.ssewatch.agent.installer;

import static dev.ssewatch.agent.installer.ClassHeaderTest.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.servlet.ServletInstrumentationModule;
import dev.ssewatch.agent.instrumentation.undertow.UndertowInstrumentationModule;
import dev.ssewatch.fixtures.FixtureOutputStream;
import dev.ssewatch.fixtures.FixturePlain;
import io.undertow.server.HttpServerExchange;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Byte Buddy's advice machinery prepared on a thread of its own: started by the first class loader
 * that can see an instrumented library, never by one that cannot, and never at the cost of the
 * first class to advise, which is advised whether it comes before, during or after the preparation.
 */
class AdvisorWarmUpTest {

  private static final String HOOKS = "dev/ssewatch/agent/bootstrap/SseHooks";

  private final ClassLoader app = AdvisorWarmUpTest.class.getClassLoader();
  private final AtomicLong failures = new AtomicLong();

  private static List<TypeInstrumentation> servlet() {
    return new ServletInstrumentationModule().typeInstrumentations();
  }

  /** The servlet instrumentations, then Undertow's (bits from {@link #servletBits()} up). */
  private static InstrumentationIndex servletAndUndertow() {
    List<TypeInstrumentation> all = new ArrayList<>(servlet());
    all.addAll(new UndertowInstrumentationModule().typeInstrumentations());
    return new InstrumentationIndex(all);
  }

  private static long servletBits() {
    return (1L << servlet().size()) - 1;
  }

  /** A loader that sees the Servlet API's jar and the JDK, nothing else. */
  private static ClassLoader servletApiOnly() throws Exception {
    URL jar = ServletResponse.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
  }

  private AgentTransformer transformer(boolean prepareEarly) {
    return new AgentTransformer(
        new URLClassLoader(new URL[0], app),
        new InstrumentationIndex(servlet()),
        false,
        failures,
        null,
        prepareEarly);
  }

  private static byte[] transform(AgentTransformer t, ClassLoader loader, Class<?> type)
      throws IOException {
    return t.transform(loader, type.getName().replace('.', '/'), null, null, bytesOf(type));
  }

  private static boolean callsTheHooks(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1).contains(HOOKS);
  }

  @Test
  void theWarmUpAdvisesAClassOfItsOwnAndHandsNothingToTheJvm() throws IOException {
    ClassLoader agent = new URLClassLoader(new URL[0], app);
    TypeAdvisor advisor = new TypeAdvisor(agent, new InstrumentationIndex(servlet()));

    byte[] advised = advisor.warmUp(-1L);

    assertThat(advised).isNotEqualTo(bytesOf(WarmUpTarget.class));
    // The advice's own code, inlined.
    assertThat(new String(advised, StandardCharsets.ISO_8859_1))
        .contains("java/lang/IllegalStateException");
    assertThat(ClassHeader.parse(advised).name())
        .isEqualTo("dev/ssewatch/agent/installer/WarmUpTarget");
  }

  @Test
  void theWarmUpMakesTheAdviceOfTheInstrumentationsItIsGivenOnly() throws IOException {
    TypeAdvisor advisor =
        new TypeAdvisor(new URLClassLoader(new URL[0], app), servletAndUndertow());
    assertThat(advisor.prepared()).isZero();

    advisor.warmUp(servletBits());

    assertThat(advisor.prepared()).isEqualTo(servletBits());
  }

  @Test
  void theBackgroundPreparationMakesTheAdviceOfTheFirstLoadersLibrariesOnly() throws Exception {
    AgentTransformer t =
        new AgentTransformer(
            new URLClassLoader(new URL[0], app), servletAndUndertow(), false, failures, null, true);
    ClassLoader servletOnly = servletApiOnly();

    assertThat(transform(t, servletOnly, FixturePlain.class)).isNull();

    await().atMost(Duration.ofSeconds(60)).until(t::advisorReady);
    // Those of the Jakarta Servlet API it sees; not javax's, nor Undertow's.
    long seen = servletAndUndertow().gates(servletOnly);
    assertThat(seen).isNotZero();
    assertThat(t.preparedAdvice()).isEqualTo(seen);
  }

  @Test
  void anInstrumentationLeftOutOfThePreparationIsAdvisedWhenItsFirstClassLoads() throws Exception {
    AgentTransformer t =
        new AgentTransformer(
            new URLClassLoader(new URL[0], app), servletAndUndertow(), false, failures, null, true);
    assertThat(transform(t, servletApiOnly(), FixturePlain.class)).isNull();
    await().atMost(Duration.ofSeconds(60)).until(t::advisorReady);
    assertThat(t.preparedAdvice() & ~servletBits()).isZero();

    byte[] advised = transform(t, app, HttpServerExchange.class);

    assertThat(advised).isNotNull().isNotEqualTo(bytesOf(HttpServerExchange.class));
    assertThat(
            callsTheHooks(advised)
                || new String(advised, StandardCharsets.ISO_8859_1)
                    .contains("dev/ssewatch/agent/bootstrap/"))
        .isTrue();
    assertThat(t.preparedAdvice() & ~servletBits()).isNotZero();
    assertThat(failures).hasValue(0);
  }

  @Test
  void aLoaderThatSeesAnInstrumentedLibraryStartsThePreparation() throws IOException {
    AgentTransformer t = transformer(true);

    assertThat(transform(t, app, FixturePlain.class)).isNull();

    assertThat(t.preparing()).isTrue();
    await().atMost(Duration.ofSeconds(60)).until(t::advisorReady);
    assertThat(transform(t, app, FixtureOutputStream.class))
        .isNotNull()
        .satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(failures).hasValue(0);
  }

  @Test
  void aLoaderThatSeesNoInstrumentedLibraryDoesNot() throws IOException {
    AgentTransformer t = transformer(true);

    assertThat(transform(t, new URLClassLoader(new URL[0], null), FixturePlain.class)).isNull();
    assertThat(transform(t, null, FixturePlain.class)).isNull();

    assertThat(t.preparing()).isFalse();
    assertThat(t.advisorReady()).isFalse();
  }

  @Test
  void withoutEarlyPreparationTheFirstClassToAdvisePreparesIt() throws IOException {
    AgentTransformer t = transformer(false);

    assertThat(transform(t, app, FixturePlain.class)).isNull();
    assertThat(t.preparing()).isFalse();
    assertThat(t.advisorReady()).isFalse();

    assertThat(transform(t, app, FixtureOutputStream.class)).isNotNull();
    assertThat(t.advisorReady()).isTrue();
  }

  @Test
  void aClassThatNeedsTheAdvisorWhileItIsPreparedWaitsForItAndIsAdvised() throws Exception {
    AgentTransformer t = transformer(false);
    AtomicReference<byte[]> advised = new AtomicReference<>();
    Thread first =
        new Thread(
            () -> {
              try {
                advised.set(transform(t, app, FixtureOutputStream.class));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    // The preparation's lock held, as while it runs: the class must wait, not be let through.
    synchronized (t) {
      first.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> first.getState() == Thread.State.BLOCKED);
      assertThat(advised.get()).isNull();
    }
    first.join(Duration.ofSeconds(60).toMillis());

    assertThat(advised.get()).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(failures).hasValue(0);
  }

  @Test
  void theFirstClassIsAdvisedWhicheverThreadGetsThereFirst() throws IOException {
    byte[] original = bytesOf(FixtureOutputStream.class);
    for (int round = 0; round < 20; round++) {
      AgentTransformer t = transformer(false);
      t.prepareInBackground(-1L);

      byte[] advised = transform(t, app, FixtureOutputStream.class);

      assertThat(advised).as("round %d", round).isNotNull();
      assertThat(Arrays.equals(advised, original)).isFalse();
      assertThat(callsTheHooks(advised)).isTrue();
    }
    assertThat(failures).hasValue(0);
  }
}
