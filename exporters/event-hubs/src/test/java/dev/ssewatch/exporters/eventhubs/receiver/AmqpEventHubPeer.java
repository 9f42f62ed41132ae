package dev.ssewatch.exporters.eventhubs.receiver;

import dev.ssewatch.exporters.otel.receiver.ReceivedPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A loopback AMQP 1.0 peer that the real {@code EventHubProducerClient} accepts as an Event Hubs
 * emulator ({@code UseDevelopmentEmulator=true}). Built on proton-j, the engine the client uses. It
 * answers what a generic broker does not: {@code $cbs} put-token requests and {@code $management}
 * reads of the hub and its partitions; it takes events on any other link, unpacking the batched
 * message format the client sends.
 *
 * <p>Failure modes for tests: {@link #refuseTokens}, {@link #rejectDeliveries}, {@link
 * #dropLinkAfter}.
 */
public final class AmqpEventHubPeer implements AutoCloseable {

  /** Message format of an Event Hubs batch: each Data section is one encoded message. */
  private static final long BATCH_FORMAT = 0x80013700L;

  private static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");

  private final String hub;
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger openConnections =
      new java.util.concurrent.atomic.AtomicInteger();
  private final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
  private final List<ReceivedPayload> payloads = new CopyOnWriteArrayList<>();
  private final AtomicLong tokenRequests = new AtomicLong();
  private final AtomicLong managementRequests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicInteger linkDrops = new AtomicInteger();
  private volatile boolean refuseTokens;
  private volatile int rejectNext;
  private volatile int dropLinkAfter = -1;
  private volatile boolean closed;

  private AmqpEventHubPeer(String hub, ServerSocket server) {
    this.hub = hub;
    this.server = server;
    this.acceptor = new Thread(this::accept, "amqp-peer-accept");
    this.acceptor.setDaemon(true);
  }

  /** Starts on an ephemeral port of 127.0.0.1 serving the event hub {@code hub}. */
  public static AmqpEventHubPeer start(String hub) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      AmqpEventHubPeer peer = new AmqpEventHubPeer(hub, server);
      peer.acceptor.start();
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** A connection string for the client; the key is a dummy the peer never checks. */
  public String connectionString() {
    return "Endpoint=sb://127.0.0.1:"
        + port()
        + ";SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=dGVzdC1rZXk=;"
        + "UseDevelopmentEmulator=true;EntityPath="
        + hub;
  }

  /** Events taken from the hub link, in arrival order. */
  public List<ReceivedEvent> events() {
    return List.copyOf(events);
  }

  /** Every message on every link, CBS tokens and management requests included, as raw bytes. */
  public List<ReceivedPayload> payloads() {
    return List.copyOf(payloads);
  }

  public long tokenRequests() {
    return tokenRequests.get();
  }

  public long managementRequests() {
    return managementRequests.get();
  }

  /** Client connections accepted and not yet closed by either side. */
  public int openConnections() {
    return openConnections.get();
  }

  public long rejectedDeliveries() {
    return rejected.get();
  }

  public int linkDrops() {
    return linkDrops.get();
  }

  /** Answers put-token requests with 401 while {@code refuse} is set. */
  public void refuseTokens(boolean refuse) {
    this.refuseTokens = refuse;
  }

  /** Rejects the next {@code n} deliveries on the hub link with {@code amqp:not-allowed}. */
  public void rejectDeliveries(int n) {
    this.rejectNext = n;
  }

  /** After {@code n} more deliveries, detaches the hub link with a transient error (once). */
  public void dropLinkAfter(int n) {
    this.dropLinkAfter = n;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        openConnections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "amqp-peer-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One client connection: a proton-j transport pumped by this thread. */
  private void serve(Socket socket) {
    try {
      serveOpen(socket);
    } finally {
      openConnections.decrementAndGet();
    }
  }

  private void serveOpen(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Transport transport = Proton.transport();
      Connection connection = Proton.connection();
      Collector collector = Proton.collector();
      connection.collect(collector);
      Sasl sasl = transport.sasl();
      sasl.server();
      sasl.setMechanisms("ANONYMOUS", "MSSBCBS", "PLAIN", "EXTERNAL");
      sasl.setListener(
          new org.apache.qpid.proton.engine.SaslListener() {
            @Override
            public void onSaslMechanisms(Sasl s, Transport t) {}

            @Override
            public void onSaslChallenge(Sasl s, Transport t) {}

            @Override
            public void onSaslResponse(Sasl s, Transport t) {}

            @Override
            public void onSaslInit(Sasl s, Transport t) {
              s.done(Sasl.SaslOutcome.PN_SASL_OK);
            }

            @Override
            public void onSaslOutcome(Sasl s, Transport t) {}
          });
      transport.bind(connection);
      byte[] chunk = new byte[64 * 1024];
      while (!closed) {
        handleEvents(collector, connection);
        int pending = transport.pending();
        while (pending > 0) {
          ByteBuffer head = transport.head();
          byte[] bytes = new byte[pending];
          head.get(bytes);
          out.write(bytes);
          transport.pop(pending);
          pending = transport.pending();
        }
        out.flush();
        if (pending < 0) {
          return;
        }
        int capacity = transport.capacity();
        if (capacity < 0) {
          return;
        }
        int n;
        try {
          n = in.read(chunk, 0, Math.min(chunk.length, Math.max(capacity, 1)));
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (n < 0) {
          transport.close_tail();
          handleEvents(collector, connection);
          return;
        }
        transport.tail().put(chunk, 0, n);
        transport.process();
      }
    } catch (SocketException e) {
      // the client or close() went away
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        throw new IllegalStateException("AMQP test peer failed", e);
      }
    }
  }

  private void handleEvents(Collector collector, Connection connection) {
    Event e;
    while ((e = collector.peek()) != null) {
      switch (e.getType()) {
        case CONNECTION_REMOTE_OPEN -> {
          connection.setContainer("ssewatch-test-peer");
          connection.open();
        }
        case CONNECTION_REMOTE_CLOSE -> connection.close();
        case SESSION_REMOTE_OPEN -> {
          Session s = e.getSession();
          if (s.getLocalState() == EndpointState.UNINITIALIZED) {
            s.open();
          }
        }
        case SESSION_REMOTE_CLOSE -> e.getSession().close();
        case LINK_REMOTE_OPEN -> openLink(e.getLink());
        case LINK_REMOTE_CLOSE -> e.getLink().close();
        case DELIVERY -> onDelivery(e.getDelivery(), connection);
        default -> {}
      }
      collector.pop();
    }
  }

  private void openLink(Link link) {
    if (link.getLocalState() != EndpointState.UNINITIALIZED) {
      return;
    }
    link.setSource(link.getRemoteSource());
    link.setTarget(link.getRemoteTarget());
    link.setSenderSettleMode(link.getRemoteSenderSettleMode());
    link.setReceiverSettleMode(link.getRemoteReceiverSettleMode());
    if (link instanceof Receiver r) {
      r.setMaxMessageSize(UnsignedLong.valueOf(1024 * 1024));
      r.open();
      r.flow(100);
    } else {
      link.open();
    }
  }

  private void onDelivery(Delivery d, Connection connection) {
    if (d.getLink() instanceof Sender) {
      // Our replies: settle once the client has.
      if (d.remotelySettled()) {
        d.settle();
      }
      return;
    }
    Receiver r = (Receiver) d.getLink();
    if (!d.isReadable() || d.isPartial()) {
      return;
    }
    byte[] bytes = new byte[d.pending()];
    int read = r.recv(bytes, 0, bytes.length);
    r.advance();
    String address = address(r);
    payloads.add(
        new ReceivedPayload(address, bytes, new String(bytes, 0, read, StandardCharsets.UTF_8)));
    Message m = Proton.message();
    m.decode(bytes, 0, read);
    if ("$cbs".equals(address)) {
      tokenRequests.incrementAndGet();
      reply(r.getSession(), connection, address, m, refuseTokens ? 401 : 200, null);
      d.disposition(Accepted.getInstance());
      d.settle();
      r.flow(1);
      return;
    }
    if ("$management".equals(address)) {
      managementRequests.incrementAndGet();
      reply(r.getSession(), connection, address, m, 200, management(m));
      d.disposition(Accepted.getInstance());
      d.settle();
      r.flow(1);
      return;
    }
    if (rejectNext > 0) {
      rejectNext--;
      rejected.incrementAndGet();
      Rejected rej = new Rejected();
      rej.setError(
          new ErrorCondition(Symbol.valueOf("amqp:not-allowed"), "rejected by the test peer"));
      d.disposition(rej);
      d.settle();
      r.flow(1);
      return;
    }
    if (dropLinkAfter == 0) {
      dropLinkAfter = -1;
      linkDrops.incrementAndGet();
      // Nothing accepted: the delivery dies with the link, and the client must send it again.
      r.setCondition(
          new ErrorCondition(
              Symbol.valueOf("amqp:link:detach-forced"), "dropped by the test peer"));
      r.close();
      return;
    }
    if (dropLinkAfter > 0) {
      dropLinkAfter--;
    }
    take(m, bytes, read, d.getMessageFormat());
    d.disposition(Accepted.getInstance());
    d.settle();
    r.flow(1);
  }

  private void take(Message outer, byte[] raw, int size, int format) {
    if ((format & 0xFFFFFFFFL) != BATCH_FORMAT) {
      events.add(toEvent(outer, null));
      return;
    }
    // A batch: the body is a sequence of Data sections, each an encoded message. Message.decode
    // keeps only the last section, so walk the raw sections.
    String outerKey = partitionKey(outer);
    DecoderImpl decoder = new DecoderImpl();
    EncoderImpl encoder = new EncoderImpl(decoder);
    AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    ByteBuffer buf = ByteBuffer.wrap(raw, 0, size);
    decoder.setByteBuffer(buf);
    while (buf.hasRemaining()) {
      Object section = decoder.readObject();
      if (section instanceof Data data) {
        Binary b = data.getValue();
        Message inner = Proton.message();
        inner.decode(b.getArray(), b.getArrayOffset(), b.getLength());
        events.add(toEvent(inner, outerKey));
      }
    }
  }

  private static String partitionKey(Message m) {
    MessageAnnotations ma = m.getMessageAnnotations();
    if (ma != null && ma.getValue().get(PARTITION_KEY) != null) {
      return ma.getValue().get(PARTITION_KEY).toString();
    }
    return null;
  }

  private static ReceivedEvent toEvent(Message m, String batchKey) {
    String key = partitionKey(m);
    if (key == null) {
      key = batchKey;
    }
    Map<String, Object> props = new HashMap<>();
    if (m.getApplicationProperties() != null) {
      props.putAll(m.getApplicationProperties().getValue());
    }
    byte[] body = new byte[0];
    if (m.getBody() instanceof Data data) {
      Binary b = data.getValue();
      body = new byte[b.getLength()];
      System.arraycopy(b.getArray(), b.getArrayOffset(), body, 0, b.getLength());
    }
    return new ReceivedEvent(key, props, m.getContentType(), body);
  }

  /** The body of a {@code $management} answer: the hub or one partition. */
  private Object management(Message request) {
    Map<String, Object> ap =
        request.getApplicationProperties() == null
            ? Map.of()
            : request.getApplicationProperties().getValue();
    Object type = ap.get("type");
    Map<String, Object> body = new HashMap<>();
    body.put("name", hub);
    if ("com.microsoft:partition".equals(type)) {
      body.put("partition", String.valueOf(ap.getOrDefault("partition", "0")));
      body.put("begin_sequence_number", 0L);
      body.put("last_enqueued_sequence_number", -1L);
      body.put("last_enqueued_offset", "-1");
      body.put("last_enqueued_time_utc", new Date(0));
      body.put("is_partition_empty", true);
    } else {
      body.put("created_at", new Date(0));
      body.put("partition_count", 2);
      body.put("partition_ids", new String[] {"0", "1"});
    }
    return body;
  }

  private void reply(
      Session session,
      Connection connection,
      String node,
      Message request,
      int status,
      Object body) {
    Sender sender = replyLink(session, connection, node, request.getReplyTo());
    if (sender == null) {
      return;
    }
    Message response = Proton.message();
    response.setCorrelationId(request.getMessageId());
    response.setAddress(request.getReplyTo());
    Map<String, Object> props = new HashMap<>();
    props.put("status-code", status);
    props.put("status-description", status == 200 ? "OK" : "Unauthorized");
    props.put("statusCode", status);
    props.put("statusDescription", status == 200 ? "OK" : "Unauthorized");
    response.setApplicationProperties(new ApplicationProperties(props));
    if (body != null) {
      response.setBody(new AmqpValue(body));
    }
    byte[] buf = new byte[64 * 1024];
    int size = response.encode(buf, 0, buf.length);
    Delivery d =
        sender.delivery(String.valueOf(System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
    sender.send(buf, 0, size);
    sender.advance();
    if (sender.getSenderSettleMode() == SenderSettleMode.SETTLED) {
      d.settle();
    }
  }

  /** Our sender to the client's reply receiver: target = reply-to, or else source = the node. */
  private static Sender replyLink(
      Session session, Connection connection, String node, String replyTo) {
    List<Sender> candidates = new ArrayList<>();
    Link l =
        connection.linkHead(EnumSet.of(EndpointState.ACTIVE), EnumSet.of(EndpointState.ACTIVE));
    while (l != null) {
      if (l instanceof Sender s) {
        candidates.add(s);
      }
      l = l.next(EnumSet.of(EndpointState.ACTIVE), EnumSet.of(EndpointState.ACTIVE));
    }
    for (Sender s : candidates) {
      if (s.getRemoteTarget() instanceof Target t
          && replyTo != null
          && replyTo.equals(t.getAddress())) {
        return s;
      }
    }
    for (Sender s : candidates) {
      if (s.getSession() == session
          && s.getRemoteSource() instanceof Source src
          && node.equals(src.getAddress())) {
        return s;
      }
    }
    return null;
  }

  private static String address(Link link) {
    if (link.getRemoteTarget() instanceof Target t && t.getAddress() != null) {
      return t.getAddress();
    }
    return "";
  }
}
