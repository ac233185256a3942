package dev.dronedispatch.checking.docs;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An environment that remembers what a configuration class asked of it: every name read, with the
 * default it was read with ({@code getOrDefault}) or none ({@code get}). A doc test hands one to a
 * {@code fromEnv} method and then holds the README to the names and defaults the code really uses.
 */
public final class RecordingEnv extends AbstractMap<String, String> {

  private final Map<String, String> given;
  private final Map<String, Optional<String>> asked = new LinkedHashMap<>();

  /** An environment with {@code given} set (e.g. a required token) and nothing else. */
  public RecordingEnv(Map<String, String> given) {
    this.given = Map.copyOf(given);
  }

  @Override
  public String get(Object key) {
    asked.putIfAbsent(key.toString(), Optional.empty());
    return given.get(key);
  }

  @Override
  public String getOrDefault(Object key, String defaultValue) {
    asked.put(key.toString(), Optional.ofNullable(defaultValue));
    return given.getOrDefault(key, defaultValue);
  }

  @Override
  public boolean containsKey(Object key) {
    asked.putIfAbsent(key.toString(), Optional.empty());
    return given.containsKey(key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return given.entrySet();
  }

  /** Every name read so far, with the default it was read with, in the order first read. */
  public Map<String, Optional<String>> asked() {
    return Map.copyOf(asked);
  }
}
