package dev.s2reactive.core.internal.codec.s2s;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes s2s frames (protocol §9.2): {@code [length: 3][flag: 1][body]}, big-endian, where
 * {@code length} counts the flag byte and the body. Stateless and thread-safe.
 *
 * <p>Regular bodies are compressed with the session's {@link Compression} unless they are shorter
 * than {@link #COMPRESSION_THRESHOLD} or compression would not make them smaller. Terminal frames
 * are never compressed.
 */
public final class S2sFrames {

  /** Largest value of the length field (flag byte included): 2 MiB. */
  public static final int MAX_FRAME_LENGTH = 2 * 1024 * 1024;
  /** Largest body, before or after compression: 2 MiB − 1. */
  public static final int MAX_BODY_SIZE = MAX_FRAME_LENGTH - 1;
  /** Bodies shorter than this (1 KiB) are never compressed. */
  public static final int COMPRESSION_THRESHOLD = 1024;
  /** Bytes before the body: 3 of length and the flag byte. */
  public static final int HEADER_SIZE = 4;

  static final int FLAG_TERMINAL = 0x80;
  static final int FLAG_RECONNECT_ADVISED = 0x10;
  static final int COMPRESSION_SHIFT = 5;
  static final int COMPRESSION_MASK = 0x3;

  private S2sFrames() {}

  /** A regular frame carrying {@code body} (a protobuf message). */
  public static byte[] message(byte[] body, Compression compression) {
    return message(body, 0, body.length, compression, false);
  }

  /**
   * A regular frame carrying {@code body[offset, offset + length)}, compressed when worthwhile.
   *
   * @param reconnectAdvised sets flag bit 4, telling the peer this server is about to close
   * @throws IllegalArgumentException when the body is larger than {@link #MAX_BODY_SIZE}
   */
  public static byte[] message(
      byte[] body, int offset, int length, Compression compression, boolean reconnectAdvised) {
    checkBodySize(length);
    int flag = reconnectAdvised ? FLAG_RECONNECT_ADVISED : 0;
    if (compression != Compression.NONE && length >= COMPRESSION_THRESHOLD) {
      byte[] frame = BodyCompression.compress(compression, body, offset, length, HEADER_SIZE);
      int compressedLength = frame.length - HEADER_SIZE;
      if (compressedLength < length) {
        writeHeader(frame, compressedLength, flag | compression.bits() << COMPRESSION_SHIFT);
        return frame;
      }
    }
    byte[] frame = new byte[HEADER_SIZE + length];
    writeHeader(frame, length, flag);
    System.arraycopy(body, offset, frame, HEADER_SIZE, length);
    return frame;
  }

  /**
   * A regular frame built in {@code buffer}, which holds {@link #HEADER_SIZE} free bytes followed
   * by the body (for example from {@code ProtoCodec.encode(batch, buffer, HEADER_SIZE)}). When the
   * body stays uncompressed the header is written in place and {@code buffer} itself is returned,
   * so the body is never copied.
   */
  public static byte[] messageInPlace(
      byte[] buffer, Compression compression, boolean reconnectAdvised) {
    int length = buffer.length - HEADER_SIZE;
    checkBodySize(length);
    if (compression != Compression.NONE && length >= COMPRESSION_THRESHOLD) {
      return message(buffer, HEADER_SIZE, length, compression, reconnectAdvised);
    }
    writeHeader(buffer, length, reconnectAdvised ? FLAG_RECONNECT_ADVISED : 0);
    return buffer;
  }

  /** Appends a regular frame to {@code out}. */
  public static void writeMessage(
      ByteBuf out, byte[] body, Compression compression, boolean reconnectAdvised) {
    if (compression == Compression.NONE || body.length < COMPRESSION_THRESHOLD) {
      checkBodySize(body.length);
      writeHeader(out, body.length, reconnectAdvised ? FLAG_RECONNECT_ADVISED : 0);
      out.writeBytes(body);
    } else {
      out.writeBytes(message(body, 0, body.length, compression, reconnectAdvised));
    }
  }

  /**
   * Writes the 4-byte header of an uncompressed regular frame whose body of {@code bodyLength}
   * bytes the caller writes next: lets a caller encode a message straight after the header.
   */
  public static void writeHeader(ByteBuf out, int bodyLength, boolean reconnectAdvised) {
    checkBodySize(bodyLength);
    writeHeader(out, bodyLength, reconnectAdvised ? FLAG_RECONNECT_ADVISED : 0);
  }

  /** The terminal frame for an error: status, then the JSON error body. */
  public static byte[] terminal(int status, String json) {
    return terminal(status, json.getBytes(StandardCharsets.UTF_8));
  }

  /** The terminal frame for an error: status, then the JSON error body (UTF-8). */
  public static byte[] terminal(int status, byte[] json) {
    if (status < 0 || status > 0xFFFF) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    int bodyLength = 2 + json.length;
    checkBodySize(bodyLength);
    byte[] frame = new byte[HEADER_SIZE + bodyLength];
    writeHeader(frame, bodyLength, FLAG_TERMINAL);
    frame[4] = (byte) (status >>> 8);
    frame[5] = (byte) status;
    System.arraycopy(json, 0, frame, 6, json.length);
    return frame;
  }

  private static void checkBodySize(int length) {
    if (length < 0 || length > MAX_BODY_SIZE) {
      throw new IllegalArgumentException(
          "s2s frame body of " + length + " bytes exceeds " + MAX_BODY_SIZE);
    }
  }

  private static void writeHeader(byte[] frame, int bodyLength, int flag) {
    int length = bodyLength + 1;
    frame[0] = (byte) (length >>> 16);
    frame[1] = (byte) (length >>> 8);
    frame[2] = (byte) length;
    frame[3] = (byte) flag;
  }

  private static void writeHeader(ByteBuf out, int bodyLength, int flag) {
    out.writeMedium(bodyLength + 1);
    out.writeByte(flag);
  }
}
