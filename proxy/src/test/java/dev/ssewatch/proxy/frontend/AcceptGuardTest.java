package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.admin.ProxyMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener's guard, on an embedded channel standing for the listener. */
class AcceptGuardTest {

  private final ProxyMetrics metrics = new ProxyMetrics();
  private final AcceptGuard guard = new AcceptGuard(2, metrics, true);
  private final EmbeddedChannel listener = new EmbeddedChannel(guard);

  @Test
  void anAcceptErrorPausesAcceptingWithAGrowingBackOffAndGoesNoFurther() {
    listener.freezeTime();
    listener.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    // Nothing reaches the pipeline's tail, whose warning could fail while no descriptor is free.
    listener.checkException();
    assertThat(listener.config().isAutoRead()).isFalse();
    assertThat(metrics.acceptErrors()).isEqualTo(1);
    listener.advanceTimeBy(49, TimeUnit.MILLISECONDS);
    listener.runScheduledPendingTasks();
    assertThat(listener.config().isAutoRead()).isFalse();
    listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    listener.runScheduledPendingTasks();
    assertThat(listener.config().isAutoRead()).isTrue();

    listener.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    listener.advanceTimeBy(99, TimeUnit.MILLISECONDS);
    listener.runScheduledPendingTasks();
    assertThat(listener.config().isAutoRead()).as("the second pause is twice as long").isFalse();
    listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    listener.runScheduledPendingTasks();
    assertThat(listener.config().isAutoRead()).isTrue();
    assertThat(guard.failingNanos(System.nanoTime())).isPositive();
    assertThat(guard.lastError()).isEqualTo("Too many open files");
  }

  @Test
  void anErrorIsHandledLikeAnException() {
    listener.pipeline().fireExceptionCaught(new NoClassDefFoundError("sun/util/calendar/ZoneInfo"));
    listener.checkException();
    assertThat(listener.config().isAutoRead()).isFalse();
    assertThat(metrics.acceptErrors()).isEqualTo(1);
    assertThat(listener.isOpen()).isTrue();
  }

  @Test
  void anAcceptedConnectionEndsTheStreakOfErrors() {
    listener.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    assertThat(guard.failingNanos(System.nanoTime())).isPositive();
    EmbeddedChannel child = new EmbeddedChannel();
    listener.writeInbound(child);
    assertThat(guard.failingNanos(System.nanoTime())).isZero();
    assertThat(listener.<EmbeddedChannel>readInbound()).isSameAs(child);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndCountedAndClosingOnesMakeRoom() {
    EmbeddedChannel a = new EmbeddedChannel();
    EmbeddedChannel b = new EmbeddedChannel();
    EmbeddedChannel c = new EmbeddedChannel();
    listener.writeInbound(a, b, c);
    assertThat(a.isOpen()).isTrue();
    assertThat(b.isOpen()).isTrue();
    assertThat(c.isOpen()).isFalse();
    assertThat(metrics.connectionsRefused()).isEqualTo(1);
    assertThat(guard.openConnections()).isEqualTo(2);
    a.close();
    assertThat(guard.openConnections()).isEqualTo(1);
    EmbeddedChannel d = new EmbeddedChannel();
    listener.writeInbound(d);
    assertThat(d.isOpen()).isTrue();
    assertThat(metrics.openConnections()).isEqualTo(2);
  }
}
