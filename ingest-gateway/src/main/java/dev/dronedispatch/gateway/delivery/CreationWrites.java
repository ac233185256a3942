package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.outbox.OutboxEntry;
import dev.dronedispatch.gateway.outbox.OutboxKeys;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The KV writes that create a delivery, sent as one batch (one round trip): the Idempotency-Key
 * binding when this request claims a free key, the outbox entry, the time-index entry and the
 * document, each a CAS from absent so a repeat or a take-over re-runs them harmlessly. The batch's
 * operations are independent, so a refused claim does not stop the others: their writes are then
 * undone ({@link Result.KeyTaken#undo}), and the outbox entry names the key so the sweeper drops
 * them as well if this gateway dies first. Pure: builds the operations and reads their results.
 */
final class CreationWrites {

  /** What the batch did. */
  sealed interface Result {

    /**
     * The document is stored (this request's, or the one an earlier attempt with the same id
     * stored); {@code claimVersion} is the binding's version when the batch claimed a key; {@code
     * outboxWritten} is false when the outbox entry's write failed (the document is then published
     * by this request only).
     */
    record Stored(DeliveryDocument document, Optional<Long> claimVersion, boolean outboxWritten)
        implements Result {}

    /** The key was bound already (to {@code binding}); {@code undo} removes what was written. */
    record KeyTaken(Optional<KvEntry> binding, List<KvOp> undo) implements Result {}

    /** The claim or the document could not be written or refused; their outcome is unknown. */
    record Unavailable(String detail) implements Result {}
  }

  private final DeliveryDocument document;
  private final Optional<KvOp> claim;
  private final List<KvOp> ops;

  private CreationWrites(DeliveryDocument document, Optional<KvOp> claim, List<KvOp> ops) {
    this.document = document;
    this.claim = claim;
    this.ops = ops;
  }

  /**
   * The writes for {@code document}; {@code claim} binds {@code idempotencyKey} in the same batch
   * (empty when the key is already bound to this request, or there is none).
   */
  static CreationWrites of(
      DeliveryDocument document,
      Optional<String> idempotencyKey,
      Optional<KvOp> claim,
      Function<Object, JsonNode> encode) {
    String id = document.id();
    List<KvOp> ops = new ArrayList<>(4);
    claim.ifPresent(ops::add);
    ops.add(
        KvOp.create(
            OutboxKeys.of(document.requestedAt(), id),
            encode.apply(OutboxEntry.of(id, idempotencyKey))));
    ops.add(KvOp.create(KvKeys.deliveryByTime(document.requestedAt(), id), encode.apply(id)));
    ops.add(KvOp.create(KvKeys.delivery(id), encode.apply(document)));
    return new CreationWrites(document, claim, List.copyOf(ops));
  }

  List<KvOp> ops() {
    return ops;
  }

  /** Reads the batch's results, one per {@link #ops()} operation, in order. */
  Result interpret(List<KvOpResult> results, Function<KvEntry, DeliveryDocument> decode) {
    int first = claim.isPresent() ? 1 : 0;
    Optional<Long> claimVersion = Optional.empty();
    if (claim.isPresent()) {
      KvOpResult claimed = results.get(0);
      if (claimed instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied a) {
        claimVersion = Optional.of(a.entry().version());
      } else if (claimed instanceof KvOpResult.Compared c
          && c.cas() instanceof CasResult.Conflict conflict) {
        return new Result.KeyTaken(conflict.current(), undo(results, first));
      } else {
        return new Result.Unavailable("idempotency binding: " + describe(claimed));
      }
    }
    boolean outboxWritten = applied(results.get(first));
    KvOpResult stored = results.get(first + 2);
    if (applied(stored)) {
      return new Result.Stored(document, claimVersion, outboxWritten);
    }
    if (stored instanceof KvOpResult.Compared c
        && c.cas() instanceof CasResult.Conflict conflict
        && conflict.current().isPresent()) {
      return new Result.Stored(decode.apply(conflict.current().get()), claimVersion, true);
    }
    return new Result.Unavailable("delivery document: " + describe(stored));
  }

  /** Tombstones, each a CAS on the version this batch wrote, for the writes that were applied. */
  private List<KvOp> undo(List<KvOpResult> results, int from) {
    List<KvOp> undo = new ArrayList<>();
    for (int i = from; i < ops.size(); i++) {
      if (results.get(i) instanceof KvOpResult.Compared c
          && c.cas() instanceof CasResult.Applied a) {
        undo.add(KvOp.casAtVersion(ops.get(i).key(), a.entry().version(), NullNode.getInstance()));
      }
    }
    return undo;
  }

  /**
   * After the publish: the outbox entry goes once the event is acknowledged, and the key's binding
   * is completed either way (a stored delivery is answered to retries; the sweeper publishes it).
   */
  static List<KvOp> completion(
      DeliveryDocument document, boolean published, Optional<KvOp> bindingCompletion) {
    List<KvOp> ops = new ArrayList<>(2);
    if (published) {
      ops.add(KvOp.delete(OutboxKeys.of(document.requestedAt(), document.id())));
    }
    bindingCompletion.ifPresent(ops::add);
    return ops;
  }

  private static boolean applied(KvOpResult r) {
    return r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied;
  }

  private static String describe(KvOpResult r) {
    return r instanceof KvOpResult.Unavailable u ? u.detail() : r.toString();
  }
}
