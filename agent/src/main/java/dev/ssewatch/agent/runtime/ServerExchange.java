package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.http.Header;
import java.util.List;

/** What the agent records of a committed response: the request and the response's head. */
record ServerExchange(
    String method,
    String url,
    List<Header> requestHeaders,
    int status,
    List<Header> responseHeaders) {}
