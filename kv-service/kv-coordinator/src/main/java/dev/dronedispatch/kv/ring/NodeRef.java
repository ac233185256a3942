package dev.dronedispatch.kv.ring;

/** A storage node as the coordinator knows it: a stable id and its base URL. */
public record NodeRef(String id, String url) {

  @Override
  public String toString() {
    return id;
  }
}
