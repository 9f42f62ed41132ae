package dev.ssewatch.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, so it never disagrees with the build. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"ssewatch " + (v == null ? "(development build)" : v)};
  }
}
