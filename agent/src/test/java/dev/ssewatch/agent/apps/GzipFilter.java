package dev.ssewatch.agent.apps;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * An application's compression filter, above the servlet layer: it sets {@code Content-Encoding:
 * gzip} and hands the servlet a response whose body is gzipped (each flush a sync flush) into the
 * container's output stream. The container sees compressed bytes only.
 */
public final class GzipFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String accepted = ((HttpServletRequest) req).getHeader("Accept-Encoding");
    if (accepted == null || !accepted.contains("gzip")) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    response.setHeader("Content-Encoding", "gzip");
    response.addHeader("Vary", "Accept-Encoding");
    GzipResponse gzipped = new GzipResponse(response);
    try {
      chain.doFilter(req, gzipped);
    } finally {
      gzipped.finish();
    }
  }

  private static final class GzipResponse extends HttpServletResponseWrapper {

    private GZIPOutputStream gzip;
    private ServletOutputStream out;
    private PrintWriter writer;

    GzipResponse(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (out == null) {
        gzip = new GZIPOutputStream(getResponse().getOutputStream(), true);
        out = new GzipOutputStream(gzip);
      }
      return out;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
      }
      return writer;
    }

    /** The length of the compressed body is not the servlet's: the container works it out. */
    @Override
    public void setContentLength(int len) {}

    @Override
    public void setContentLengthLong(long len) {}

    void finish() {
      try {
        if (writer != null) {
          writer.flush();
        }
        if (gzip != null) {
          gzip.finish();
        }
      } catch (IOException clientGone) {
        // nothing more to send
      }
    }
  }

  private static final class GzipOutputStream extends ServletOutputStream {

    private final GZIPOutputStream gzip;

    GzipOutputStream(GZIPOutputStream gzip) {
      this.gzip = gzip;
    }

    @Override
    public void write(int b) throws IOException {
      gzip.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      gzip.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      gzip.flush();
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("blocking output only");
    }
  }
}
