package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a raw socket: chunked request bodies and chunked response bodies. */
final class RawHttp {

  private RawHttp() {}

  static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads an HTTP/1.1 response head and its chunked body, one chunk at a time. */
  static final class ChunkedReader {
    private final InputStream in;

    ChunkedReader(InputStream in) {
      this.in = in;
    }

    String head() throws IOException {
      StringBuilder head = new StringBuilder();
      for (String line; !(line = line()).isEmpty(); ) {
        head.append(line).append('\n');
      }
      return head.toString();
    }

    /** The next chunk's data, or null after the last chunk. */
    byte[] chunk() throws IOException {
      int size = Integer.parseInt(line().split(";")[0].strip(), 16);
      if (size == 0) {
        line(); // the blank line after the last chunk
        return null;
      }
      byte[] data = in.readNBytes(size);
      assertThat(data).hasSize(size);
      line();
      return data;
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }
}
