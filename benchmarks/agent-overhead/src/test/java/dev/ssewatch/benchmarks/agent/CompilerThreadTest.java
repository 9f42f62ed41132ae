package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompilerThreadTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // /proc/PID/task/TID/comm: the thread's name cut to 15 characters, then a line end
        "'C2 CompilerThre\n' | true",
        "'C1 CompilerThre\n' | true",
        "C2 CompilerThre | true",
        // the threads that serve the events, and the JVM's others
        "'reactor-http-ep\n' | false",
        "'parallel-1\n' | false",
        "'http-nio-127.0.\n' | false",
        "'Sweeper thread\n' | false",
        "'GC Thread#0\n' | false",
        // an application's thread that only looks like one
        "'CompilerThread\n' | false",
      })
  void knowsHotSpotsCompilerThreads(String comm, boolean expected) {
    assertThat(AgentOverhead.isCompilerThread(comm)).isEqualTo(expected);
  }
}
