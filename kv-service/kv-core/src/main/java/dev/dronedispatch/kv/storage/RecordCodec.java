package dev.dronedispatch.kv.storage;

import java.nio.ByteBuffer;

/** The on-disk form of a {@link StoredRecord}: format, version, ts, flags, then the JSON bytes. */
public final class RecordCodec {

  private static final byte FORMAT = 1;
  private static final int HEADER = 1 + 8 + 8 + 1;

  private RecordCodec() {}

  public static byte[] encode(StoredRecord record) {
    byte[] value = record.tombstone() ? new byte[0] : record.value();
    ByteBuffer buf = ByteBuffer.allocate(HEADER + value.length);
    buf.put(FORMAT).putLong(record.version()).putLong(record.ts());
    buf.put((byte) (record.tombstone() ? 1 : 0)).put(value);
    return buf.array();
  }

  public static StoredRecord decode(byte[] bytes) {
    return decode(bytes, 0);
  }

  /** Decodes a record that starts at {@code offset}. */
  public static StoredRecord decode(byte[] bytes, int offset) {
    if (bytes.length - offset < HEADER) {
      throw new IllegalArgumentException("record too short");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    byte format = buf.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown record format " + format);
    }
    long version = buf.getLong();
    long ts = buf.getLong();
    boolean tombstone = buf.get() == 1;
    byte[] value = new byte[buf.remaining()];
    buf.get(value);
    return new StoredRecord(value, version, ts, tombstone);
  }
}
