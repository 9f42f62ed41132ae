package dev.ssewatch.agent.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The event streams the test applications serve, shared with the tests that check what the agent
 * recorded. Every data line carries the canary, which must never appear in telemetry or logs.
 */
public final class SseScenario {

  /** System property giving the child JVM its canary. */
  public static final String CANARY_PROPERTY = "sse.canary";

  private SseScenario() {}

  public static String canary() {
    return System.getProperty(CANARY_PROPERTY, "CANARY-unset");
  }

  /** The data of event {@code i}; the non-ASCII letter checks UTF-8 byte counting. */
  public static String data(String canary, int i) {
    return canary + " payload é " + i;
  }

  public static String event(String canary, int i) {
    return "id: " + i + "\nevent: tick\ndata: " + data(canary, i) + "\n\n";
  }

  public static byte[] eventBytes(String canary, int i) {
    return event(canary, i).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} events in one body, for a response that announces its length. */
  public static byte[] allEvents(int n) {
    StringBuilder all = new StringBuilder();
    String canary = canary();
    for (int i = 1; i <= n; i++) {
      all.append(event(canary, i));
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The data of event {@code i} of {@link #burst}: 64 KiB of letters and digits, seeded by {@code
   * i}.
   */
  public static String burstData(int i) {
    Random random = new Random(i);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char[] data = new char[64 * 1024];
    for (int k = 0; k < data.length; k++) {
      data[k] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(data);
  }

  /**
   * Events 2 to {@code n + 1}, each with {@link #burstData}, in one body: random enough that
   * compressed it is still about three quarters of its size.
   */
  public static byte[] burst(int n) {
    StringBuilder all = new StringBuilder();
    for (int i = 2; i <= n + 1; i++) {
      all.append("id: ")
          .append(i)
          .append("\nevent: tick\ndata: ")
          .append(burstData(i))
          .append("\n\n");
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A JSON document of {@code n} items, each with the canary: a body that is not an event stream.
   */
  public static String json(String canary, int n) {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 1; i <= n; i++) {
      json.append(i == 1 ? "" : ",").append("{\"n\":").append(i);
      json.append(",\"text\":\"").append(data(canary, i)).append("\"}");
    }
    return json.append("]}").toString();
  }

  /** {@code n} events, each flushed, {@code pauseMillis} apart. */
  public static void writeFlushed(OutputStream out, int n, long pauseMillis)
      throws IOException, InterruptedException {
    String canary = canary();
    for (int i = 1; i <= n; i++) {
      out.write(eventBytes(canary, i));
      out.flush();
      if (pauseMillis > 0 && i < n) {
        Thread.sleep(pauseMillis);
      }
    }
  }

  /** {@code n} events through a writer, each flushed. */
  public static void writeFlushed(PrintWriter out, int n, long pauseMillis)
      throws InterruptedException {
    String canary = canary();
    for (int i = 1; i <= n; i++) {
      out.print(event(canary, i));
      out.flush();
      if (pauseMillis > 0 && i < n) {
        Thread.sleep(pauseMillis);
      }
    }
  }

  /** {@code n} events never flushed: the container's response buffer holds them until the end. */
  public static void writeHeld(OutputStream out, int n, long pauseMillis)
      throws IOException, InterruptedException {
    String canary = canary();
    for (int i = 1; i <= n; i++) {
      out.write(eventBytes(canary, i));
      Thread.sleep(pauseMillis);
    }
  }

  /** Events until the client goes away (the write fails). */
  public static void writeUntilAborted(OutputStream out, long pauseMillis)
      throws InterruptedException {
    String canary = canary();
    try {
      for (int i = 1; i < 100_000; i++) {
        out.write(eventBytes(canary, i));
        out.flush();
        Thread.sleep(pauseMillis);
      }
    } catch (IOException clientGone) {
      // expected: that is the scenario
    }
  }

  /** Events through a writer until {@code checkError()} says the client went away. */
  public static void writeUntilAborted(PrintWriter out, long pauseMillis)
      throws InterruptedException {
    String canary = canary();
    for (int i = 1; i < 100_000; i++) {
      out.print(event(canary, i));
      out.flush();
      if (out.checkError()) {
        return;
      }
      Thread.sleep(pauseMillis);
    }
  }

  /** The output of chat-completion chunk {@code i}: the canary, so no token may reach telemetry. */
  public static String token(String canary, int i) {
    return canary + " token " + i;
  }

  /**
   * An OpenAI chat completion streamed with {@code stream_options.include_usage}: a role-only
   * chunk, {@code n} content chunks, the finish chunk, the usage chunk and {@code [DONE]}.
   */
  public static List<String> chatCompletion(String canary, int n) {
    String head =
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":"
            + "\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
    List<String> out = new ArrayList<>();
    out.add(
        head
            + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n");
    for (int i = 1; i <= n; i++) {
      out.add(
          head
              + "{\"content\":\""
              + token(canary, i)
              + "\"},\"finish_reason\":null}],"
              + "\"usage\":null}\n\n");
    }
    out.add(head + "{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
    out.add(
        "data: {\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":"
            + "{\"prompt_tokens\":12,\"completion_tokens\":"
            + n
            + ",\"total_tokens\":"
            + (12 + n)
            + "}}\n\n");
    out.add("data: [DONE]\n\n");
    return out;
  }

  /** Relays {@link #chatCompletion}, each chunk flushed, 10 ms apart. */
  public static void writeChatCompletion(OutputStream out, int n)
      throws IOException, InterruptedException {
    for (String chunk : chatCompletion(canary(), n)) {
      out.write(chunk.getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(10);
    }
  }

  /** Announces the port to the test harness, which reads the child's standard output. */
  public static void announce(int port) {
    System.out.println("LISTENING " + port);
    System.out.flush();
  }
}
