package dev.dronedispatch.kv.ops;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.RecordCodec;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of a batch of {@link NodeOp}s and of their {@link NodeOpResult}s: a count, then
 * per item a kind byte and its fields (strings and byte arrays length-prefixed, records in {@link
 * RecordCodec} form). Decoding rejects anything malformed with {@link IllegalArgumentException}.
 */
public final class NodeOpCodec {

  /** The media type of both directions. */
  public static final String MEDIA_TYPE = "application/x-kv-ops";

  private static final byte GET = 1;
  private static final byte APPLY = 2;
  private static final byte CAS = 3;
  private static final byte RELEASE = 4;
  private static final byte LOCK = 5;
  private static final byte PUT = 6;

  private static final byte FOUND = 1;
  private static final byte NOT_FOUND = 2;
  private static final byte APPLIED = 3;
  private static final byte CAS_APPLIED = 4;
  private static final byte CAS_CONFLICT = 5;
  private static final byte CAS_CONFLICT_ABSENT = 6;
  private static final byte CAS_FENCED = 7;
  private static final byte RELEASED = 8;
  private static final byte LOCKED = 9;

  private static final byte EXPECT_ABSENT = 1;
  private static final byte EXPECT_VERSION = 2;
  private static final byte EXPECT_VALUE = 3;

  private static final byte ACQUIRE = 1;
  private static final byte RENEW = 2;
  private static final byte RELEASE_LOCK = 3;

  private NodeOpCodec() {}

  /** Bytes {@code op} adds to a batch (close enough to bound a batch's size). */
  public static int sizeOf(NodeOp op) {
    int size = 16 + op.key().length() * 3;
    if (op instanceof NodeOp.Apply a) {
      size += a.record().value().length + 32;
    } else if (op instanceof NodeOp.Release r) {
      size += r.handedBack().value().length + 32;
    } else if (op instanceof NodeOp.Put p) {
      size += (p.newValue() == null ? 0 : p.newValue().length) + 16;
    } else if (op instanceof NodeOp.Cas c) {
      size += (c.newValue() == null ? 0 : c.newValue().length) + 64;
      if (c.expected() instanceof Expectation.ValueEquals v) {
        size += v.value().toString().length() * 3;
      }
    }
    return size;
  }

  public static byte[] encodeOps(List<? extends NodeOp> ops) {
    return write(
        out -> {
          out.writeInt(ops.size());
          for (NodeOp op : ops) {
            if (op instanceof NodeOp.Get g) {
              out.writeByte(GET);
              string(out, g.key());
            } else if (op instanceof NodeOp.Apply a) {
              out.writeByte(APPLY);
              string(out, a.key());
              bytes(out, RecordCodec.encode(a.record()));
            } else if (op instanceof NodeOp.Release r) {
              out.writeByte(RELEASE);
              string(out, r.key());
              bytes(out, RecordCodec.encode(r.handedBack()));
            } else if (op instanceof NodeOp.Put p) {
              out.writeByte(PUT);
              string(out, p.key());
              optionalBytes(out, p.newValue());
              out.writeLong(p.floorTs());
            } else if (op instanceof NodeOp.Lock l) {
              out.writeByte(LOCK);
              string(out, l.name());
              lockAction(out, l.action());
              out.writeLong(l.floorTs());
            } else {
              NodeOp.Cas c = (NodeOp.Cas) op;
              out.writeByte(CAS);
              string(out, c.key());
              expectation(out, c.expected());
              optionalBytes(out, c.newValue());
              out.writeLong(c.floorTs());
              out.writeBoolean(c.fence().isPresent());
              if (c.fence().isPresent()) {
                string(out, c.fence().get().lockName());
                out.writeLong(c.fence().get().token());
              }
            }
          }
        });
  }

  public static List<NodeOp> decodeOps(byte[] body) {
    return decode(
        body,
        in -> {
          byte kind = in.get();
          String key = string(in);
          if (kind == LOCK) {
            return new NodeOp.Lock(key, lockAction(in), in.getLong());
          }
          if (kind == GET) {
            return new NodeOp.Get(key);
          }
          if (kind == APPLY) {
            return new NodeOp.Apply(key, RecordCodec.decode(bytes(in)));
          }
          if (kind == RELEASE) {
            return new NodeOp.Release(key, RecordCodec.decode(bytes(in)));
          }
          if (kind == PUT) {
            return new NodeOp.Put(key, optionalBytes(in), in.getLong());
          }
          if (kind != CAS) {
            throw new IllegalArgumentException("unknown operation " + kind);
          }
          Expectation expected = expectation(in);
          byte[] newValue = optionalBytes(in);
          long floorTs = in.getLong();
          Optional<Fence> fence =
              in.get() == 1 ? Optional.of(new Fence(string(in), in.getLong())) : Optional.empty();
          return new NodeOp.Cas(key, expected, newValue, floorTs, fence);
        });
  }

  public static byte[] encodeResults(List<? extends NodeOpResult> results) {
    return write(
        out -> {
          out.writeInt(results.size());
          for (NodeOpResult r : results) {
            if (r instanceof NodeOpResult.Found f) {
              out.writeByte(f.record().isPresent() ? FOUND : NOT_FOUND);
              if (f.record().isPresent()) {
                bytes(out, RecordCodec.encode(f.record().get()));
              }
            } else if (r instanceof NodeOpResult.Applied a) {
              out.writeByte(APPLIED);
              out.writeBoolean(a.applied());
              bytes(out, RecordCodec.encode(a.stored()));
            } else if (r instanceof NodeOpResult.Released released) {
              out.writeByte(RELEASED);
              out.writeBoolean(released.dropped());
            } else if (r instanceof NodeOpResult.Locked locked) {
              out.writeByte(LOCKED);
              lockOutcome(out, locked.outcome());
            } else {
              casOutcome(out, ((NodeOpResult.CasDone) r).outcome());
            }
          }
        });
  }

  public static List<NodeOpResult> decodeResults(byte[] body) {
    return decode(
        body,
        in -> {
          byte kind = in.get();
          switch (kind) {
            case FOUND:
              return new NodeOpResult.Found(Optional.of(RecordCodec.decode(bytes(in))));
            case NOT_FOUND:
              return new NodeOpResult.Found(Optional.empty());
            case APPLIED:
              boolean applied = in.get() == 1;
              return new NodeOpResult.Applied(applied, RecordCodec.decode(bytes(in)));
            case RELEASED:
              return new NodeOpResult.Released(in.get() == 1);
            case CAS_APPLIED:
              return new NodeOpResult.CasDone(
                  new CasOutcome.Applied(RecordCodec.decode(bytes(in))));
            case CAS_CONFLICT:
              return new NodeOpResult.CasDone(
                  new CasOutcome.Conflict(RecordCodec.decode(bytes(in))));
            case CAS_CONFLICT_ABSENT:
              return new NodeOpResult.CasDone(new CasOutcome.Conflict(null));
            case CAS_FENCED:
              return new NodeOpResult.CasDone(new CasOutcome.Fenced(string(in), in.getLong()));
            case LOCKED:
              return new NodeOpResult.Locked(lockOutcome(in));
            default:
              throw new IllegalArgumentException("unknown result " + kind);
          }
        });
  }

  private static void casOutcome(DataOutputStream out, CasOutcome outcome) throws IOException {
    if (outcome instanceof CasOutcome.Applied a) {
      out.writeByte(CAS_APPLIED);
      bytes(out, RecordCodec.encode(a.record()));
    } else if (outcome instanceof CasOutcome.Conflict c) {
      out.writeByte(c.current() == null ? CAS_CONFLICT_ABSENT : CAS_CONFLICT);
      if (c.current() != null) {
        bytes(out, RecordCodec.encode(c.current()));
      }
    } else {
      CasOutcome.Fenced f = (CasOutcome.Fenced) outcome;
      out.writeByte(CAS_FENCED);
      string(out, f.lockName());
      out.writeLong(f.highest());
    }
  }

  private static void lockAction(DataOutputStream out, LockAction action) throws IOException {
    if (action instanceof LockAction.Acquire a) {
      out.writeByte(ACQUIRE);
      string(out, a.owner());
      out.writeLong(a.ttlMs());
    } else if (action instanceof LockAction.Renew r) {
      out.writeByte(RENEW);
      string(out, r.owner());
      out.writeLong(r.token());
      out.writeLong(r.ttlMs());
    } else {
      LockAction.Release r = (LockAction.Release) action;
      out.writeByte(RELEASE_LOCK);
      string(out, r.owner());
      out.writeLong(r.token());
    }
  }

  private static LockAction lockAction(ByteBuffer in) {
    byte kind = in.get();
    switch (kind) {
      case ACQUIRE:
        return new LockAction.Acquire(string(in), in.getLong());
      case RENEW:
        return new LockAction.Renew(string(in), in.getLong(), in.getLong());
      case RELEASE_LOCK:
        return new LockAction.Release(string(in), in.getLong());
      default:
        throw new IllegalArgumentException("unknown lock action " + kind);
    }
  }

  /** done, the state (owner present or not, token, expiry), then the changed record if any. */
  private static void lockOutcome(DataOutputStream out, LockOutcome o) throws IOException {
    out.writeBoolean(o.done());
    out.writeBoolean(o.state().owner() != null);
    if (o.state().owner() != null) {
      string(out, o.state().owner());
    }
    out.writeLong(o.state().token());
    out.writeLong(o.state().expiresAtMs());
    out.writeBoolean(o.record() != null);
    if (o.record() != null) {
      bytes(out, RecordCodec.encode(o.record()));
    }
  }

  private static LockOutcome lockOutcome(ByteBuffer in) {
    boolean done = in.get() == 1;
    String owner = in.get() == 1 ? string(in) : null;
    LockState state = new LockState(owner, in.getLong(), in.getLong());
    StoredRecord record = in.get() == 1 ? RecordCodec.decode(bytes(in)) : null;
    return new LockOutcome(done, state, record);
  }

  private static void expectation(DataOutputStream out, Expectation e) throws IOException {
    if (e instanceof Expectation.Absent) {
      out.writeByte(EXPECT_ABSENT);
    } else if (e instanceof Expectation.AtVersion v) {
      out.writeByte(EXPECT_VERSION);
      out.writeLong(v.version());
    } else {
      out.writeByte(EXPECT_VALUE);
      bytes(out, KvJson.MAPPER.writeValueAsBytes(((Expectation.ValueEquals) e).value()));
    }
  }

  private static Expectation expectation(ByteBuffer in) {
    byte kind = in.get();
    switch (kind) {
      case EXPECT_ABSENT:
        return Expectation.absent();
      case EXPECT_VERSION:
        return Expectation.version(in.getLong());
      case EXPECT_VALUE:
        return Expectation.value(KvJson.MAPPER.readTree(bytes(in)));
      default:
        throw new IllegalArgumentException("unknown expectation " + kind);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(ByteBuffer in);
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> List<T> decode(byte[] body, Reader<T> reader) {
    try {
      ByteBuffer in = ByteBuffer.wrap(body);
      int count = in.getInt();
      if (count < 0 || count > body.length) {
        throw new IllegalArgumentException("bad item count " + count);
      }
      List<T> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(reader.read(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return items;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated batch");
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(ByteBuffer in) {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] bytes(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("bad length " + len);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  /** A present flag, then the bytes when present: a value or, for null, a tombstone. */
  private static void optionalBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeBoolean(b != null);
    if (b != null) {
      bytes(out, b);
    }
  }

  private static byte[] optionalBytes(ByteBuffer in) {
    return in.get() == 1 ? bytes(in) : null;
  }
}
