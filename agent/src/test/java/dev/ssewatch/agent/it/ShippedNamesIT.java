package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The installer's name filters as the shipped jar has them, after its packaging relocated the
 * libraries the agent brings for itself (Jackson, SLF4J, Kotlin, Byte Buddy): the prefixes of the
 * application's copies of those libraries must come out unrelocated, or their classes would no
 * longer be turned away on their names.
 */
class ShippedNamesIT {

  /** Defines the agent's classes from the shipped jar, as the agent's own loader does. */
  private static final class ShippedClasses extends ClassLoader {
    private final JarFile jar;

    ShippedClasses(JarFile jar) {
      super("shipped", ClassLoader.getPlatformClassLoader());
      this.jar = jar;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JarEntry entry = jar.getJarEntry("inst/" + name.replace('.', '/') + ".classdata");
      if (entry == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = jar.getInputStream(entry)) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }

  private static boolean call(Class<?> type, String method, String internalName) throws Exception {
    Method m = type.getDeclaredMethod(method, String.class);
    m.setAccessible(true);
    return (boolean) m.invoke(null, internalName);
  }

  @Test
  void theApplicationsCopiesOfRelocatedLibrariesAreStillTurnedAwayByName() throws Exception {
    try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
      Class<?> index =
          Class.forName(
              "dev.ssewatch.agent.installer.InstrumentationIndex", true, new ShippedClasses(jar));

      for (String name :
          new String[] {
            "com/fasterxml/jackson/databind/ObjectMapper",
            "org/slf4j/Logger",
            "kotlin/Unit",
            "net/bytebuddy/ByteBuddy",
            "ch/qos/logback/classic/Logger"
          }) {
        assertThat(call(index, "ignoredName", name)).as(name).isTrue();
      }
      assertThat(call(index, "ignoredName", "org/springframework/web/servlet/DispatcherServlet"))
          .isFalse();
      assertThat(call(index, "outsideAskedHierarchies", "com/fasterxml/jackson/core/Versioned"))
          .isTrue();
    }
  }
}
