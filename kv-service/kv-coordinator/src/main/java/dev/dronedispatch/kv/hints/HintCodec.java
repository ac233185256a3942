package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.RecordCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The stored value of a hint: a format byte, the stand-ins' ids (count, then length-prefixed
 * UTF-8), then the record in {@link RecordCodec} form. A value that starts with a record's own
 * format byte is a hint stored before stand-ins were recorded: a bare record, no stand-ins.
 */
final class HintCodec {

  private static final byte FORMAT = 2;

  private HintCodec() {}

  static byte[] encode(Hint hint) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(FORMAT);
    out.writeBytes(ByteBuffer.allocate(4).putInt(hint.standIns().size()).array());
    for (String id : hint.standIns()) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    out.writeBytes(RecordCodec.encode(hint.record()));
    return out.toByteArray();
  }

  static Hint decode(String nodeId, String key, byte[] value) {
    if (value.length == 0 || value[0] != FORMAT) {
      return new Hint(nodeId, key, RecordCodec.decode(value), Set.of());
    }
    ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
    int count = in.getInt();
    Set<String> standIns = new HashSet<>();
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[in.getInt()];
      in.get(id);
      standIns.add(new String(id, StandardCharsets.UTF_8));
    }
    return new Hint(nodeId, key, RecordCodec.decode(value, in.position()), standIns);
  }
}
