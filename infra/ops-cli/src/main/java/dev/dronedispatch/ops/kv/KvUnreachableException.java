package dev.dronedispatch.ops.kv;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/** No KV coordinator named answered: refused, timed out or broken connections only. */
public final class KvUnreachableException extends RuntimeException {

  KvUnreachableException(List<URI> coordinators, IOException last) {
    super(
        "cannot reach the KV coordinator at "
            + coordinators.stream().map(URI::toString).collect(Collectors.joining(", ")),
        last);
  }
}
