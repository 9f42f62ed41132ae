package dev.ssewatch.core.sse;

/**
 * One dispatched event, as a capturing {@link SseParser} delivers it.
 *
 * @param type the event type; {@code message} when the event had no {@code event} field
 * @param data the data with its final LF removed, or {@code null} when it exceeded the parser's
 *     capture limit ({@link #overLimit()})
 * @param lastEventId the last-event-ID buffer after this event ("" when never set)
 * @param dataBytes bytes of the data as received (its UTF-8 length; for invalid UTF-8 the bytes
 *     received, not the length of the U+FFFD replacements), final LF removed, counted even when not
 *     captured
 * @param dataLines number of {@code data} fields in the event
 * @param overLimit whether the data exceeded the capture limit and was therefore not kept
 */
public record SseEvent(
    String type,
    String data,
    String lastEventId,
    long dataBytes,
    int dataLines,
    boolean overLimit) {}
