package dev.dronedispatch.dispatch.topology;

/** A request that decoded but names no delivery id, origin or destination: nothing to assign. */
public final class MalformedRequestException extends RuntimeException {

  public MalformedRequestException(String key) {
    super("request without an id, an origin or a destination (key " + key + ")");
  }
}
