package dev.ssewatch.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelId;
import io.netty.channel.DefaultChannelId;
import org.junit.jupiter.api.Test;

class CompactIdChannelsTest {

  @Test
  void idsAreCompactUniqueAndOrderedByCreation() {
    CompactIdChannels.Socket a = new CompactIdChannels.Socket();
    CompactIdChannels.Socket b = new CompactIdChannels.Socket();
    try {
      ChannelId x = a.id();
      ChannelId y = b.id();
      assertThat(x).isNotInstanceOf(DefaultChannelId.class).isNotEqualTo(y);
      assertThat(x.hashCode()).isNotEqualTo(y.hashCode());
      assertThat(x.compareTo(y)).isNegative();
      assertThat(y.compareTo(x)).isPositive();
      assertThat(x.asShortText()).isNotEqualTo(y.asShortText());
      assertThat(x.asLongText()).startsWith("ssewatch-");
      // Against an id of another kind: still a total order, by the long text.
      assertThat(x.compareTo(DefaultChannelId.newInstance())).isNotZero();
    } finally {
      a.unsafe().closeForcibly();
      b.unsafe().closeForcibly();
    }
  }
}
