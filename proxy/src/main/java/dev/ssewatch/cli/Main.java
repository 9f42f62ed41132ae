package dev.ssewatch.cli;

/** Placeholder entry point; the picocli command tree replaces it. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {}
}
