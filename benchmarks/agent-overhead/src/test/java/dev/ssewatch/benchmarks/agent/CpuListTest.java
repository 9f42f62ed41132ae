package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuListTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0 | 1",
        "0-1 | 0-1 | 2",
        "0,1,2,5 | 0-2,5 | 4",
        "3-4, 0 | 0,3-4 | 3",
        "6,0-3 | 0-3,6 | 5",
      })
  void readsAndWritesTasksetLists(String list, String printed, int size) {
    CpuList cpus = CpuList.parse(list);

    assertThat(cpus).hasToString(printed);
    assertThat(cpus.size()).isEqualTo(size);
  }

  @Test
  void theServerTakesTheLastCpuAndTheClientTheRest() {
    CpuList online = CpuList.parse("0-1");
    CpuList server = online.last();

    assertThat(server).hasToString("1");
    assertThat(online.without(server)).hasToString("0");
    assertThat(server.without(online)).isNull();
    assertThat(online.overlaps(server)).isTrue();
    assertThat(CpuList.parse("0").overlaps(server)).isFalse();
  }

  @Test
  void refusesWhatTasksetWouldRefuse() {
    assertThatThrownBy(() -> CpuList.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CpuList.parse("3-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CpuList.parse("one")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheBusyShareOfItsCoresFromProcStat() {
    String before =
        "cpu  300 0 100 1000 10 0 0 0 0 0\n"
            + "cpu0 100 0 50 500 5 0 0 0 0 0\n"
            + "cpu1 200 0 50 500 5 0 0 0 0 0\n"
            + "intr 1 2 3\n";
    // cpu1: 90 ticks of user and system, 10 idle, 0 iowait; cpu0: 20 busy, 80 idle
    String after =
        "cpu  410 0 100 1090 10 0 0 0 0 0\n"
            + "cpu0 110 0 60 580 5 0 0 0 0 0\n"
            + "cpu1 280 0 60 510 5 0 0 0 0 0\n"
            + "intr 1 2 3\n";

    CpuList one = CpuList.parse("1");
    CpuList zero = CpuList.parse("0");
    CpuList both = CpuList.parse("0-1");

    assertThat(CoreTimes.of(after, one).busyPercentSince(CoreTimes.of(before, one)))
        .isEqualTo(90.0);
    assertThat(CoreTimes.of(after, zero).busyPercentSince(CoreTimes.of(before, zero)))
        .isEqualTo(20.0);
    assertThat(CoreTimes.of(after, both).busyPercentSince(CoreTimes.of(before, both)))
        .isEqualTo(55.0);
    assertThat(CoreTimes.of(before, one).busyPercentSince(CoreTimes.of(before, one))).isNaN();
  }
}
