package dev.ssewatch.proxy;

import dev.ssewatch.core.stream.StreamRecorder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads, at start, every class of the proxy's and core's packages. A class first needed on an event
 * loop while the process has no file descriptor left (loaded from a class directory, or a jar not
 * yet opened) cannot be loaded, and the failure stays with the code that needed it: the
 * connection's reads fail with {@link NoClassDefFoundError} until the process restarts. Loading
 * without initialising runs no code of theirs; about a thousand small classes take milliseconds.
 */
final class ClassPreload {

  private static final String[] PACKAGES = {"dev/ssewatch/proxy/", "dev/ssewatch/core/"};
  private static volatile boolean done;

  private ClassPreload() {}

  static void run() {
    if (done) {
      return;
    }
    done = true;
    ClassLoader loader = ClassPreload.class.getClassLoader();
    List<String> names = new ArrayList<>();
    names(ClassPreload.class, names);
    names(StreamRecorder.class, names);
    for (String n : names) {
      try {
        Class.forName(n, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // Optional integrations whose libraries are absent: never needed, so never loaded.
      }
    }
  }

  private static void names(Class<?> anchor, List<String> out) {
    CodeSource src = anchor.getProtectionDomain().getCodeSource();
    URL location = src == null ? null : src.getLocation();
    if (location == null) {
      return;
    }
    try {
      Path path = Path.of(location.toURI());
      if (Files.isDirectory(path)) {
        for (String pkg : PACKAGES) {
          Path dir = path.resolve(pkg);
          if (!Files.isDirectory(dir)) {
            continue;
          }
          try (Stream<Path> files = Files.walk(dir)) {
            files
                .map(p -> path.relativize(p).toString().replace('\\', '/'))
                .filter(n -> n.endsWith(".class"))
                .forEach(n -> out.add(className(n)));
          }
        }
      } else if (Files.isRegularFile(path)) {
        try (JarFile jar = new JarFile(path.toFile())) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            String n = entries.nextElement().getName();
            if (n.endsWith(".class") && startsWithPackage(n) && !out.contains(className(n))) {
              out.add(className(n));
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // Preloading is a precaution: without it the proxy runs the same while descriptors last.
    }
  }

  private static boolean startsWithPackage(String entry) {
    for (String p : PACKAGES) {
      if (entry.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static String className(String entry) {
    return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
  }
}
