package dev.ssewatch.core.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameSetTest {

  @Test
  void findsEveryMemberIgnoringCaseAndNothingElse() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      names.add("X-Name-" + i);
    }
    NameSet set = NameSet.of(names);

    assertThat(set.size()).isEqualTo(200);
    for (int i = 0; i < 200; i++) {
      assertThat(set.contains("x-name-" + i)).isTrue();
      assertThat(set.contains("X-NAME-" + i)).isTrue();
      assertThat(set.contains("x-name-" + (i + 200))).isFalse();
    }
  }

  @Test
  void looksUpARangeOfALongerString() {
    NameSet set = NameSet.of(List.of("sig"));

    assertThat(set.contains("a=1&SIG=2", 4, 7)).isTrue();
    assertThat(set.contains("a=1&SIG=2", 4, 6)).isFalse();
  }

  @Test
  void emptySetContainsNothing() {
    NameSet set = NameSet.of(List.of());

    assertThat(set.contains("")).isFalse();
    assertThat(set.contains("x")).isFalse();
  }

  @Test
  void duplicatesDifferingInCaseCountOnce() {
    assertThat(NameSet.of(List.of("Cookie", "COOKIE", "cookie")).size()).isEqualTo(1);
  }

  @Test
  void multiNeedleSearchFindsAnyNeedleAnywhere() {
    String[] needles = {"token", "key", "secret"};

    assertThat(NameSet.containsAnyFolded("X-Auth-TOKEN", needles)).isTrue();
    assertThat(NameSet.containsAnyFolded("KEY", needles)).isTrue();
    assertThat(NameSet.containsAnyFolded("x-ke", needles)).isFalse();
    assertThat(NameSet.containsAnyFolded("tokekey", needles)).isTrue();
    assertThat(NameSet.containsAnyFolded("Keep-Alive", needles)).isFalse();
    assertThat(NameSet.containsAnyFolded("", needles)).isFalse();
    assertThat(NameSet.containsAnyFolded("secre", needles)).isFalse();
  }
}
