package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the lines a server's {@code -Xlog:jit+compilation=debug} file has grown by: one per
 * compilation (and per method made not entrant), read from where the last count stopped, so that a
 * count during the measurement costs the reader a few kilobytes, not the whole log.
 */
final class JitLog {

  private final Path file;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private long position;
  private long lines;

  JitLog(Path file) {
    this.file = file;
  }

  /** The {@code -Xlog} option that writes this log, without rotation. */
  String option() {
    return "-Xlog:jit+compilation=debug:file=" + file + "::filecount=0";
  }

  /** Lines written so far. */
  long lines() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.position(position);
      int n;
      while ((n = ch.read(buffer.clear())) > 0) {
        byte[] a = buffer.array();
        for (int i = 0; i < n; i++) {
          if (a[i] == '\n') {
            lines++;
          }
        }
        position += n;
      }
    }
    return lines;
  }
}
