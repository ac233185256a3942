package dev.dronedispatch.gateway.outbox;

import dev.dronedispatch.model.documents.Defect;

/** Why an {@code outbox:*} entry names no creation the sweeper can finish. */
public enum OutboxDefect implements Defect {
  /** Not {@code outbox:} + 13 digits + {@code :} + an id. */
  KEY_MALFORMED,
  /** The value is not an {@link OutboxEntry}. */
  UNDECODABLE,
  ID_MISSING,
  ID_NOT_THE_KEY
}
