package dev.ssewatch.agent.apps;

/**
 * An application whose first act is to load a class the agent advises (a servlet output stream), at
 * the moment the agent starts preparing its advice machinery in the background: loading this very
 * class, from a loader that sees the servlet API, is what starts it.
 */
public final class FirstClassApp {

  private FirstClassApp() {}

  public static void main(String[] args) throws Exception {
    Class<?> advised = Class.forName("dev.ssewatch.fixtures.FixtureOutputStream");
    // Initialised and instantiated: the advised class file was accepted by the JVM.
    Object stream = advised.getConstructor().newInstance();
    System.out.println("LOADED " + stream.getClass().getName());
    System.out.println("LISTENING 0");
    System.out.flush();
    Thread.currentThread().join();
  }
}
