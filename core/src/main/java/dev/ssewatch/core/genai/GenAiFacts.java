package dev.ssewatch.core.genai;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the scanner kept of one stream: bounded scalars only, in fixed buffers made once. Read by
 * {@link GenAiStream} when a record is built.
 */
final class GenAiFacts {

  /** Bytes kept of the model name; a longer name is cut and marked. */
  static final int MODEL_LIMIT = GenAiScanner.CAPTURE_LIMIT;

  final byte[] model = new byte[MODEL_LIMIT];
  int modelLen = -1; // full length; -1 while none was seen
  final byte[] responseId = new byte[GenAiScanner.CAPTURE_LIMIT];
  int responseIdLen = -1;
  final byte[] rpcId = new byte[GenAiScanner.CAPTURE_LIMIT];
  int rpcIdLen = -1;

  int finishReasons; // FinishReason bits
  final long[] usage = new long[UsageField.COUNT]; // -1 while not reported
  boolean usageSeen;
  boolean usageFinal;
  boolean done;
  boolean terminal;
  boolean contentFilter;
  boolean rpcResult;
  boolean rpcError;
  long unreadableEvents;
  long notifications;
  long progressNotifications;

  GenAiFacts() {
    Arrays.fill(usage, -1);
  }

  boolean hasModel() {
    return modelLen >= 0;
  }

  boolean hasResponseId() {
    return responseIdLen >= 0;
  }

  /** The first model name the stream reported (later ones are the same in every API). */
  void model(byte[] b, int n, int len) {
    // Empty names come first on Azure OpenAI (the prompt filter chunk): not the model.
    if (modelLen < 0 && len > 0) {
      System.arraycopy(b, 0, model, 0, n);
      modelLen = len;
    }
  }

  void responseId(byte[] b, int n, int len) {
    if (responseIdLen < 0 && len > 0) {
      System.arraycopy(b, 0, responseId, 0, n);
      responseIdLen = len;
    }
  }

  /** The JSON-RPC id of the response (the last one seen: a stream answers one request). */
  void rpcId(byte[] b, int n, int len) {
    System.arraycopy(b, 0, rpcId, 0, n);
    rpcIdLen = len;
  }

  void addFinish(int bit) {
    if (bit >= 0) {
      finishReasons |= 1 << bit;
    }
  }

  /** A count from a usage object: the later report wins (Anthropic's counts are cumulative). */
  void usage(int field, long value) {
    usage[field] = value;
  }

  /** Whether the stream reached its end as the API defines it. */
  boolean completed() {
    return done || terminal || finishReasons != 0;
  }

  /** The model name, decoded; a name longer than the limit ends in … (U+2026). */
  String modelName() {
    if (modelLen < 0) {
      return null;
    }
    int n = Math.min(modelLen, MODEL_LIMIT);
    String s = new String(model, 0, n, StandardCharsets.UTF_8);
    return modelLen > MODEL_LIMIT ? s + "\u2026" : s;
  }
}
