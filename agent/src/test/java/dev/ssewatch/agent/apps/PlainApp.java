package dev.ssewatch.agent.apps;

/** An application with none of the instrumented libraries on its class path. */
public final class PlainApp {

  private PlainApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("LISTENING 0");
    System.out.flush();
    Thread.currentThread().join();
  }
}
