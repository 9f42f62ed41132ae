package dev.ssewatch.proxy.admin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveHubTest {

  private static final LiveLimits FAST =
      new LiveLimits(
          Duration.ofMillis(50), Duration.ofMillis(100), 8, Duration.ofMillis(1500), 5, 5, 2);

  /**
   * As {@link #FAST}, but a reader must take nothing for 5 s before it is closed: the reader that
   * does read runs on a loaded machine too, and must never look stalled itself.
   */
  private static final LiveLimits FAST_PATIENT =
      new LiveLimits(
          Duration.ofMillis(50), Duration.ofMillis(100), 8, Duration.ofSeconds(5), 5, 5, 2);

  private static final StreamSnapshot OPEN =
      new StreamSnapshot(
          "s-1",
          "GET",
          "/feed",
          "/",
          200,
          true,
          0,
          5_000_000_000L,
          3,
          300,
          0,
          1,
          2_000_000,
          30_000_000_000L,
          30_000_000_000L,
          0);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private LiveHub hub;
  private Channel server;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private InetSocketAddress start(LiveLimits limits) throws InterruptedException {
    hub = new LiveHub(() -> List.of(OPEN), route -> 60_000, limits);
    hub.start(group);
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            // Small marks and send buffer: a reader that does not read falls behind at once.
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1024, 4096))
            .childOption(ChannelOption.SO_SNDBUF, 4096)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    c.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(hub.handler());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    return (InetSocketAddress) server.localAddress();
  }

  private static AlertRecord alert(String rule, int evidenceChars) {
    return new AlertRecord(
        "s-1",
        System.currentTimeMillis(),
        new Alert(AlertKind.BUFFERING, rule, Severity.WARNING, "x".repeat(evidenceChars), "advice"),
        null,
        null,
        0,
        0,
        0);
  }

  @Test
  void snapshotsAndHeartbeatsKeepComing() throws Exception {
    InetSocketAddress address = start(FAST);
    try (LiveFeedReader feed = LiveFeedReader.open(address)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> feed.data("snapshot").size() >= 3 && feed.comments.get() >= 2);
      assertThat(feed.data("snapshot").get(0))
          .contains("\"stream_id\":\"s-1\"")
          .contains("\"time_to_first_event_ms\":2.0")
          .contains("\"current_gap_ms\":30000.0")
          .contains("\"idle_budget_ms\":60000");
    }
  }

  @Test
  void aSlowReaderDoesNotBlockTheFeedAndIsClosedWhenItFallsTooFarBehind() throws Exception {
    InetSocketAddress address = start(FAST_PATIENT);
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(address);
      OutputStream out = slow.getOutputStream();
      out.write("GET /live/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (LiveFeedReader fast = LiveFeedReader.open(address)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.subscriberCount() == 2);

        // Megabytes offered to a reader that reads nothing: offering must never wait for it.
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              for (int i = 0; i < 4_000; i++) {
                hub.accept(alert("flood", 1024));
              }
            });

        await().atMost(Duration.ofSeconds(30)).until(() -> hub.subscriberCount() == 1);
        hub.accept(alert("after_the_flood", 10));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> fast.data("alert").stream().anyMatch(d -> d.contains("after_the_flood")));
        int before = fast.data("snapshot").size();
        await().atMost(Duration.ofSeconds(30)).until(() -> fast.data("snapshot").size() > before);
      }
    }
  }

  private static AlertRecord alertOf(String stream, String route, String rule, long at) {
    return new AlertRecord(
        stream,
        at,
        new Alert(AlertKind.BUFFERING, rule, Severity.INFO, "no Cache-Control header", "advice"),
        StreamSource.PROXY,
        route,
        0,
        0,
        0);
  }

  @Test
  void alertsAreOneMessagePerCauseWithItsCountAndLatestStreamAndAReaderGetsEachCauseOnce()
      throws Exception {
    InetSocketAddress address = start(FAST);
    try (LiveFeedReader feed = LiveFeedReader.open(address)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> hub.subscriberCount() == 1);
      for (int i = 1; i <= 3; i++) {
        hub.accept(alertOf("s-" + i, "/chat", "cache_control", 1_000 + i));
      }
      hub.accept(alertOf("s-9", "/other", "cache_control", 2_000));

      await().atMost(Duration.ofSeconds(30)).until(() -> feed.data("alert").size() == 4);
      assertThat(feed.data("alert").get(2))
          .contains("\"stream_id\":\"s-3\"")
          .contains("\"route\":\"/chat\"")
          .contains("\"count\":3")
          .contains("\"first_timestamp_ms\":1001")
          .contains("\"timestamp_ms\":1003");
    }
    // A reader that connects now gets each cause once, as it stands.
    try (LiveFeedReader late = LiveFeedReader.open(address)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !late.data("snapshot").isEmpty());
      assertThat(late.data("alert"))
          .hasSize(2)
          .anySatisfy(d -> assertThat(d).contains("\"route\":\"/chat\"", "\"count\":3"))
          .anySatisfy(d -> assertThat(d).contains("\"route\":\"/other\"", "\"count\":1"));
    }
  }

  @Test
  void causesBeyondTheLimitForgetTheLeastRecentlyRaised() throws Exception {
    InetSocketAddress address = start(FAST);
    for (int i = 0; i < 7; i++) {
      hub.accept(alertOf("s-" + i, "/r" + i, "cache_control", i));
    }
    hub.accept(alertOf("s-again", "/r0", "cache_control", 99));
    try (LiveFeedReader late = LiveFeedReader.open(address)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !late.data("snapshot").isEmpty());
      // FAST keeps 5: /r0 (raised again last), /r4, /r5, /r6 and /r3.
      assertThat(late.data("alert"))
          .hasSize(5)
          .noneMatch(d -> d.contains("\"route\":\"/r1\"") || d.contains("\"route\":\"/r2\""))
          .anyMatch(d -> d.contains("\"route\":\"/r0\"") && d.contains("\"count\":1"));
    }
  }

  @Test
  void readersBeyondTheLimitAreRefused() throws Exception {
    InetSocketAddress address = start(FAST);
    try (LiveFeedReader one = LiveFeedReader.open(address);
        LiveFeedReader two = LiveFeedReader.open(address);
        LiveFeedReader three = LiveFeedReader.open(address)) {
      assertThat(one.response.statusCode()).isEqualTo(200);
      assertThat(two.response.statusCode()).isEqualTo(200);
      assertThat(three.response.statusCode()).isEqualTo(503);
      assertThat(hub.subscriberCount()).isEqualTo(2);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> hub.subscriberCount() == 0);
  }

  @Test
  void aReaderThatKeepsUpSurvivesABurst() throws Exception {
    InetSocketAddress address = start(FAST);
    try (LiveFeedReader feed = LiveFeedReader.open(address)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> hub.subscriberCount() == 1);
      for (int i = 0; i < 200; i++) {
        hub.accept(alert("burst", 10));
      }
      // Frames of the burst beyond the queue are dropped; the reader stays and gets what follows.
      int before = feed.data("snapshot").size();
      await().atMost(Duration.ofSeconds(30)).until(() -> feed.data("snapshot").size() > before);
      hub.accept(alert("last", 10));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> feed.data("alert").stream().anyMatch(d -> d.contains("\"rule\":\"last\"")));
      assertThat(hub.subscriberCount()).isEqualTo(1);
    }
  }
}
