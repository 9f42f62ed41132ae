package dev.ssewatch.agent.installer;

import static dev.ssewatch.agent.installer.ClassHeaderTest.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.netty.NettyInstrumentationModule;
import dev.ssewatch.agent.instrumentation.servlet.ServletInstrumentationModule;
import dev.ssewatch.fixtures.FixtureAsyncContext;
import dev.ssewatch.fixtures.FixtureAsyncContextClass;
import dev.ssewatch.fixtures.FixtureFilter;
import dev.ssewatch.fixtures.FixtureFilterSubclass;
import dev.ssewatch.fixtures.FixtureOutputStream;
import dev.ssewatch.fixtures.FixtureOutputStreamSubclass;
import dev.ssewatch.fixtures.FixturePlain;
import dev.ssewatch.fixtures.FixtureResponseWrapper;
import dev.ssewatch.fixtures.FixtureServiceServlet;
import dev.ssewatch.fixtures.FixtureServlet;
import dev.ssewatch.fixtures.FixtureWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The transformer's filters in order — name, class loader, header and super types — and the advice
 * of what passes them. The test's class loader sees the servlet API (and Netty), as an
 * application's would; the agent's loader is a stand-in, so that the test's classes are not turned
 * away as the agent's own.
 */
class AgentTransformerTest {

  private static final String HOOKS = "dev/ssewatch/agent/bootstrap/SseHooks";

  /** What the body advice calls instead of {@link #HOOKS}. */
  private static final String BODY_CALLS = "dev/ssewatch/agent/bootstrap/BodyCalls";

  private final ClassLoader app = AgentTransformerTest.class.getClassLoader();
  private final AtomicLong failures = new AtomicLong();
  private final AgentTransformer transformer =
      new AgentTransformer(
          new URLClassLoader(new URL[0], app), new InstrumentationIndex(all()), false, failures);

  private static List<TypeInstrumentation> all() {
    List<TypeInstrumentation> out = new ArrayList<>();
    out.addAll(new ServletInstrumentationModule().typeInstrumentations());
    out.addAll(new NettyInstrumentationModule().typeInstrumentations());
    return out;
  }

  private byte[] transform(ClassLoader loader, Class<?> type) throws IOException {
    return transformer.transform(
        loader, type.getName().replace('.', '/'), null, null, bytesOf(type));
  }

  private static boolean callsTheHooks(byte[] bytes) {
    String constants = new String(bytes, StandardCharsets.ISO_8859_1);
    return constants.contains(HOOKS) || constants.contains(BODY_CALLS);
  }

  @Test
  void theJdkTheAgentAndCommonLibrariesAreTurnedAwayByName() {
    assertThat(InstrumentationIndex.ignoredName("java/io/PrintWriter")).isTrue();
    assertThat(InstrumentationIndex.ignoredName("jdk/internal/misc/Unsafe")).isTrue();
    assertThat(InstrumentationIndex.ignoredName("sun/nio/cs/UTF_8")).isTrue();
    assertThat(InstrumentationIndex.ignoredName("dev/ssewatch/agent/runtime/AgentHooks")).isTrue();
    assertThat(InstrumentationIndex.ignoredName("org/slf4j/Logger")).isTrue();

    assertThat(InstrumentationIndex.ignoredName("javax/servlet/ServletOutputStream")).isFalse();
    assertThat(InstrumentationIndex.ignoredName("org/apache/catalina/connector/Response"))
        .isFalse();
    assertThat(InstrumentationIndex.ignoredName("io/netty/channel/ChannelOutboundBuffer"))
        .isFalse();
    assertThat(InstrumentationIndex.ignoredName("dev/ssewatch/fixtures/FixtureWriter")).isFalse();
  }

  @Test
  void onlyTheAgentsOwnPackagesAreTurnedAwayNotItsNamespace() {
    for (String own :
        new String[] {
          "dev/ssewatch/agent/SsewatchAgent",
          "dev/ssewatch/agent/AgentClassLoader",
          "dev/ssewatch/agent/bootstrap/SseHooks",
          "dev/ssewatch/agent/installer/AgentTransformer",
          "dev/ssewatch/agent/instrumentation/netty/HttpEncodeAdvice",
          "dev/ssewatch/agent/runtime/ServletStream",
          "dev/ssewatch/agent/shaded/net/bytebuddy/ByteBuddy"
        }) {
      assertThat(InstrumentationIndex.ignoredName(own)).as(own).isTrue();
    }

    // An application's classes in the agent's namespace, such as its own test applications.
    assertThat(InstrumentationIndex.ignoredName("dev/ssewatch/agent/apps/JakartaSseServlet$1"))
        .isFalse();
    assertThat(InstrumentationIndex.ignoredName("dev/ssewatch/agent/example/SseFilter")).isFalse();
  }

  @Test
  void aLoaderThatSeesNoInstrumentedLibraryGetsNoInstrumentation() {
    ClassLoader bare = new URLClassLoader(new URL[0], null);
    InstrumentationIndex index = new InstrumentationIndex(all());

    assertThat(index.gates(bare)).isZero();
    assertThat(index.gates(null)).isZero();
    assertThat(index.gates(app)).isEqualTo((1L << index.size()) - 1);
  }

  @Test
  void aMatchingClassIsNotChangedInALoaderThatSeesNoServletApi() throws IOException {
    assertThat(transform(new URLClassLoader(new URL[0], null), FixtureOutputStream.class)).isNull();
    assertThat(transform(null, FixtureOutputStream.class)).isNull();
  }

  @Test
  void servletOutputStreamsAndWritersReceiveTheAdvice() throws IOException {
    byte[] stream = transform(app, FixtureOutputStream.class);
    byte[] writer = transform(app, FixtureWriter.class);

    assertThat(stream).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(writer).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(failures).hasValue(0);
  }

  @Test
  void aSubclassMatchesThroughItsParentsClassFile() throws IOException {
    byte[] advised = transform(app, FixtureOutputStreamSubclass.class);

    assertThat(advised).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
  }

  @Test
  void wrappersInterfacesAndUnrelatedClassesAreLeftAlone() throws IOException {
    assertThat(transform(app, FixtureResponseWrapper.class)).isNull();
    assertThat(transform(app, FixtureAsyncContext.class)).isNull();
    assertThat(transform(app, AgentTransformerTest.class)).isNull();
    assertThat(failures).hasValue(0);
  }

  @Test
  void loadedClassesAreMatchedFromTheirHierarchy() {
    assertThat(transformer.matches(FixtureOutputStreamSubclass.class)).isTrue();
    assertThat(transformer.matches(FixtureWriter.class)).isTrue();
    assertThat(transformer.matches(FixtureResponseWrapper.class)).isFalse();
    assertThat(transformer.matches(FixtureAsyncContext.class)).isFalse();
    assertThat(transformer.matches(java.io.PrintWriter.class)).isFalse();
  }

  @Test
  void whatCannotBeReadIsCountedAndLeftUnchanged() {
    byte[] out =
        transformer.transform(app, "dev/ssewatch/fixtures/Broken", null, null, new byte[] {1, 2});

    assertThat(out).isNull();
    assertThat(failures).hasValue(1);
  }

  @Test
  void aLoadersLibrariesAreLookedUpOncePerLoader() throws IOException {
    AtomicInteger lookups = new AtomicInteger();
    ClassLoader counting =
        new ClassLoader(app) {
          @Override
          public URL getResource(String name) {
            lookups.incrementAndGet();
            return super.getResource(name);
          }
        };

    assertThat(transform(counting, FixturePlain.class)).isNull();
    int first = lookups.get();
    assertThat(transform(counting, FixturePlain.class)).isNull();

    assertThat(first).isPositive();
    assertThat(lookups).hasValue(first);
  }

  @Test
  void aClassLoadedWhileTransformingAnotherIsLetThrough() throws IOException {
    byte[] parent = bytesOf(FixtureOutputStream.class);
    byte[][] nested = {parent};
    AtomicInteger reads = new AtomicInteger();
    AgentTransformer t = transformer;
    ClassLoader reentrant =
        new ClassLoader(app) {
          @Override
          public InputStream getResourceAsStream(String name) {
            // The first class file read while transforming: the loader defines a class meanwhile.
            if (reads.getAndIncrement() == 0) {
              nested[0] =
                  t.transform(
                      this, "dev/ssewatch/fixtures/FixtureOutputStream", null, null, parent);
            }
            return super.getResourceAsStream(name);
          }
        };

    byte[] outer = transform(reentrant, FixtureOutputStreamSubclass.class);

    assertThat(reads).hasPositiveValue();
    assertThat(nested[0]).isNull();
    assertThat(outer).isNotNull();
    assertThat(transform(reentrant, FixtureOutputStream.class)).isNotNull();
  }

  @Test
  void servletsAndFiltersThatDeclareServiceOrDoFilterAreAdvised() throws IOException {
    assertThat(transform(app, FixtureServiceServlet.class))
        .isNotNull()
        .satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(transform(app, FixtureFilter.class))
        .isNotNull()
        .satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
  }

  @Test
  void servletsAndFiltersThatInheritServiceOrDoFilterAreNotRewritten() throws IOException {
    assertThat(transform(app, FixtureServlet.class)).isNull();
    assertThat(transform(app, FixtureFilterSubclass.class)).isNull();
    assertThat(failures).hasValue(0);
  }

  @Test
  void noSuperTypeIsReadInALoaderWhoseOpenGatesAskOnlyForExactNames() throws IOException {
    AtomicInteger reads = new AtomicInteger();
    // Sees Netty, not the servlet API: only exactly named instrumentations can match in it.
    ClassLoader nettyOnly =
        new ClassLoader(app) {
          @Override
          public URL getResource(String name) {
            return name.contains("servlet/") ? null : super.getResource(name);
          }

          @Override
          public InputStream getResourceAsStream(String name) {
            reads.incrementAndGet();
            return super.getResourceAsStream(name);
          }
        };

    assertThat(transform(nettyOnly, FixtureOutputStreamSubclass.class)).isNull();
    assertThat(transform(nettyOnly, FixtureFilterSubclass.class)).isNull();
    // Their parents' class files (FixtureOutputStream, FixtureFilter) were never read.
    assertThat(reads).hasValue(0);

    // What is exactly named is advised as before.
    assertThat(transform(nettyOnly, io.netty.channel.ChannelOutboundBuffer.class))
        .isNotNull()
        .satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
    assertThat(failures).hasValue(0);
  }

  @Test
  void inALoaderWhoseOpenGatesAskOnlyForExactNamesOtherClassesAreNotParsed() {
    // Sees Netty, not the servlet API.
    ClassLoader nettyOnly =
        new ClassLoader(app) {
          @Override
          public URL getResource(String name) {
            return name.contains("servlet/") ? null : super.getResource(name);
          }
        };
    byte[] notAClassFile = {1, 2};

    // Parsed, it would be counted as a class that could not be read.
    assertThat(transformer.transform(nettyOnly, "io/netty/Other", null, null, notAClassFile))
        .isNull();
    assertThat(failures).hasValue(0);

    // A name that an open instrumentation matches is still parsed (and this one fails).
    assertThat(
            transformer.transform(
                nettyOnly, "io/netty/channel/ChannelOutboundBuffer", null, null, notAClassFile))
        .isNull();
    assertThat(failures).hasValue(1);
  }

  @Test
  void aTypeWhoseMaskWasNotNeededIsNotReadAgainForItsSubtype() throws IOException {
    List<String> reads = new ArrayList<>();
    // Sees the servlet API's AsyncContext only: the open instrumentations ask about classes alone.
    ClassLoader asyncOnly =
        new ClassLoader(app) {
          @Override
          public URL getResource(String name) {
            return name.contains("servlet/") && !name.endsWith("/AsyncContext.class")
                ? null
                : super.getResource(name);
          }

          @Override
          public InputStream getResourceAsStream(String name) {
            reads.add(name);
            return super.getResourceAsStream(name);
          }
        };

    assertThat(transform(asyncOnly, FixtureAsyncContext.class)).isNull();
    transform(asyncOnly, FixtureAsyncContextClass.class);

    // The interface's header was kept when it was defined, not read again for the class.
    assertThat(reads).doesNotContain("dev/ssewatch/fixtures/FixtureAsyncContext.class");
    assertThat(transformer.matches(FixtureAsyncContextClass.class)).isTrue();
  }

  @Test
  void anInterfaceIsDefinedWithoutItsSuperTypesBeingRead() throws IOException {
    List<String> reads = new ArrayList<>();
    // Sees the whole servlet API, as an application's loader does.
    ClassLoader servlet =
        new ClassLoader(app) {
          @Override
          public InputStream getResourceAsStream(String name) {
            reads.add(name);
            return super.getResourceAsStream(name);
          }
        };

    // Every instrumentation that asks about super types matches classes only.
    assertThat(transform(servlet, FixtureAsyncContext.class)).isNull();
    assertThat(reads).isEmpty();

    // A class that implements it still has the interface's super types, when it needs them.
    assertThat(transform(servlet, FixtureAsyncContextClass.class)).isNotNull();
    assertThat(reads).doesNotContain("dev/ssewatch/fixtures/FixtureAsyncContext.class");
    assertThat(failures).hasValue(0);
  }

  @Test
  void aSuperTypeOfALibraryOutsideTheAskedHierarchiesIsNotRead() {
    List<String> reads = new ArrayList<>();
    ClassLoader servlet =
        new ClassLoader(app) {
          @Override
          public InputStream getResourceAsStream(String name) {
            reads.add(name);
            return super.getResourceAsStream(name);
          }
        };
    // An application class that extends one of Jackson's (not on this class path: a read would
    // find nothing, and would still be a look-up through every jar of the loader).
    ClassWriter w = new ClassWriter(0);
    w.visit(
        Opcodes.V17,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER,
        "dev/ssewatch/fixtures/JsonMapperSubclass",
        null,
        "com/fasterxml/jackson/databind/json/JsonMapper",
        new String[] {"com/fasterxml/jackson/core/Versioned"});
    w.visitEnd();

    assertThat(
            transformer.transform(
                servlet, "dev/ssewatch/fixtures/JsonMapperSubclass", null, null, w.toByteArray()))
        .isNull();

    assertThat(reads).isEmpty();
    assertThat(failures).hasValue(0);
  }

  @Test
  void aSuperTypeInAPackageTheLoaderDefinedIsReadFromItsOwnJarsFirst() throws Exception {
    List<String> askedOfParent = new ArrayList<>();
    ClassLoader parent = seesNoFixtures(askedOfParent);
    URL fixtures = FixturePlain.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {fixtures}, parent)) {
      loader.loadClass(FixturePlain.class.getName());

      byte[] advised = transform(loader, FixtureOutputStreamSubclass.class);

      assertThat(advised).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
      // Its parent, a fixture, was found in the loader's own jars without asking the parents; the
      // servlet API's type, in a package the loader never defined, through them as before.
      assertThat(askedOfParent)
          .doesNotContain("dev/ssewatch/fixtures/FixtureOutputStream.class")
          .contains("jakarta/servlet/ServletOutputStream.class");
    }
    assertThat(failures).hasValue(0);
  }

  @Test
  void aSuperTypeInAPlainJarIsLeftToTheLoader() throws Exception {
    List<String> askedOfParent = new ArrayList<>();
    ClassLoader parent = seesNoFixtures(askedOfParent);
    Path jar = Files.createTempFile("fixtures", ".jar");
    try {
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        for (Class<?> c : List.of(FixturePlain.class, FixtureOutputStream.class)) {
          out.putNextEntry(new JarEntry(c.getName().replace('.', '/') + ".class"));
          out.write(bytesOf(c));
          out.closeEntry();
        }
      }
      try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent)) {
        loader.loadClass(FixturePlain.class.getName());

        byte[] advised = transform(loader, FixtureOutputStreamSubclass.class);

        assertThat(advised).isNotNull().satisfies(b -> assertThat(callsTheHooks(b)).isTrue());
        // Read through the loader (its parents first), which closes the jar when it is closed.
        assertThat(askedOfParent).contains("dev/ssewatch/fixtures/FixtureOutputStream.class");
      }
    } finally {
      Files.deleteIfExists(jar);
    }
    assertThat(failures).hasValue(0);
  }

  /**
   * A parent that sees the servlet API but not the fixtures (which a loader below has itself),
   * noting every resource it is asked for in {@code asked}.
   */
  private ClassLoader seesNoFixtures(List<String> asked) {
    return new ClassLoader(app) {
      @Override
      public URL getResource(String name) {
        asked.add(name);
        return name.startsWith("dev/ssewatch/fixtures/") ? null : super.getResource(name);
      }

      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("dev.ssewatch.fixtures.")) {
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    };
  }
}
