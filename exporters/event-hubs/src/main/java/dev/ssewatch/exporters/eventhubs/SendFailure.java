package dev.ssewatch.exporters.eventhubs;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Why one send to the hub failed, as a reason and a few words ("401 Unauthorized", "connection
 * refused"). Built from the AMQP error condition and the exception types only, never from a message
 * or description, which may quote the namespace's key name or a token.
 */
record SendFailure(Reason reason, AmqpErrorCondition condition, String detail, boolean retriable) {

  SendFailure(Reason reason, AmqpErrorCondition condition, String detail) {
    this(reason, condition, detail, reason != Reason.REFUSED);
  }

  static SendFailure of(Throwable failure) {
    AmqpException amqp = null;
    for (Throwable t = failure; t != null && amqp == null; t = next(t)) {
      if (t instanceof AmqpException a && a.getErrorCondition() != null) {
        amqp = a;
      }
    }
    if (amqp != null) {
      AmqpErrorCondition c = amqp.getErrorCondition();
      if (c == AmqpErrorCondition.UNAUTHORIZED_ACCESS) {
        return new SendFailure(Reason.REFUSED, c, "401 Unauthorized");
      }
      if (c == AmqpErrorCondition.NOT_FOUND) {
        return new SendFailure(Reason.REFUSED, c, "404 Not Found");
      }
      if (c == AmqpErrorCondition.ENTITY_DISABLED_ERROR) {
        return new SendFailure(Reason.REFUSED, c, "hub disabled");
      }
      if (c == AmqpErrorCondition.NOT_ALLOWED
          || c == AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED
          || c == AmqpErrorCondition.ARGUMENT_ERROR
          || c == AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR) {
        // The service refused these records, not the sender: sending them again changes nothing.
        return new SendFailure(Reason.ERROR, c, c.getErrorCondition(), false);
      }
      if (c == AmqpErrorCondition.TIMEOUT_ERROR) {
        return new SendFailure(Reason.TIMEOUT, c, "timed out");
      }
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof ConnectException) {
        return new SendFailure(Reason.UNREACHABLE, null, "connection refused");
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return new SendFailure(Reason.UNREACHABLE, null, "unknown host");
      }
      if (t instanceof NoRouteToHostException) {
        return new SendFailure(Reason.UNREACHABLE, null, "no route to host");
      }
    }
    if (amqp != null && amqp.getErrorCondition() == AmqpErrorCondition.PROTON_IO) {
      // The transport failed: the connection could not be made or was lost.
      return new SendFailure(Reason.UNREACHABLE, amqp.getErrorCondition(), "connection failed");
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
        return new SendFailure(Reason.TIMEOUT, null, "timed out");
      }
      // Reactor's block(timeout) says so only in its message.
      if (t instanceof IllegalStateException
          && t.getMessage() != null
          && t.getMessage().startsWith("Timeout on blocking read")) {
        return new SendFailure(Reason.TIMEOUT, null, "timed out");
      }
    }
    if (amqp != null) {
      // What the service rejects for good (a delivery refused, say) is not sent again.
      return new SendFailure(
          Reason.ERROR,
          amqp.getErrorCondition(),
          amqp.getErrorCondition().getErrorCondition(),
          amqp.isTransient());
    }
    // As the client's own retry policy: anything else (the client maps a rejected delivery to
    // UnsupportedOperationException, say) is not transient.
    return new SendFailure(
        Reason.ERROR,
        null,
        failure == null ? "unknown" : failure.getClass().getSimpleName(),
        false);
  }

  /**
   * After a timed-out attempt: whether a TCP connection to {@code endpoint} can be made at all.
   * Refused or unresolvable is unreachable; a connection made means the peer stalls, and {@code
   * timedOut} stands. Runs on the sender thread, only after a failure, within {@code bound}.
   */
  static SendFailure probe(InetSocketAddress endpoint, Duration bound, SendFailure timedOut) {
    InetSocketAddress resolved =
        new InetSocketAddress(endpoint.getHostString(), endpoint.getPort());
    if (resolved.isUnresolved()) {
      return new SendFailure(Reason.UNREACHABLE, null, "unknown host");
    }
    try (Socket socket = new Socket()) {
      socket.connect(resolved, (int) Math.max(1, Math.min(bound.toMillis(), Integer.MAX_VALUE)));
      return timedOut;
    } catch (ConnectException | NoRouteToHostException e) {
      return new SendFailure(Reason.UNREACHABLE, null, "connection refused");
    } catch (SocketTimeoutException e) {
      return new SendFailure(Reason.UNREACHABLE, null, "no answer to connect");
    } catch (IOException e) {
      return timedOut;
    }
  }

  private static Throwable next(Throwable t) {
    Throwable c = t.getCause();
    return c == t ? null : c;
  }
}
