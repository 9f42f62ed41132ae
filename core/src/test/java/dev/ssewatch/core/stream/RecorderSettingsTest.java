package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecorderSettingsTest {

  @Test
  void defaultsRecordEveryEventAndReportProgressEveryMinute() {
    RecorderSettings s = RecorderSettings.from(Settings.of(Map.of()));

    assertThat(s.sampleEvery()).isEqualTo(1);
    assertThat(s.progressIntervalNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void samplingAcceptsAllNoneAndOneInN() {
    assertThat(sample("ALL").sampleEvery()).isEqualTo(1);
    assertThat(sample("none").sampleEvery()).isZero();
    assertThat(sample(" 10 ").sampleEvery()).isEqualTo(10);
  }

  @Test
  void oneInNKeepsTheFirstOfEveryN() {
    RecorderSettings s = sample("3");

    assertThat(s.sampled(1)).isTrue();
    assertThat(s.sampled(2)).isFalse();
    assertThat(s.sampled(3)).isFalse();
    assertThat(s.sampled(4)).isTrue();
    assertThat(sample("none").sampled(1)).isFalse();
    assertThat(sample("all").sampled(7)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-2", "some", "1.5"})
  void aBadSampleNamesItsKey(String value) {
    assertThatThrownBy(() -> sample(value))
        .isInstanceOfSatisfying(
            SettingsException.class, e -> assertThat(e.key()).isEqualTo("ssewatch.events.sample"));
  }

  @Test
  void aBadProgressIntervalNamesItsKey() {
    assertThatThrownBy(
            () -> RecorderSettings.from(Settings.of(Map.of("ssewatch.progress.interval", "often"))))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e -> assertThat(e.key()).isEqualTo("ssewatch.progress.interval"));
  }

  private static RecorderSettings sample(String value) {
    return RecorderSettings.from(Settings.of(Map.of("ssewatch.events.sample", value)));
  }
}
