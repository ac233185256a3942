package dev.dronedispatch.checking.history.track;

import dev.dronedispatch.model.geo.GeoPoint;
import java.util.function.Function;

/** Where a drone was at a time, as far as its telemetry tells: a position, or why it is unknown. */
public sealed interface Whereabouts {

  /** Applies {@code located} or {@code unknown}, whichever this is. */
  <T> T fold(Function<Located, T> located, Function<Unknown, T> unknown);

  /** The drone's position (interpolated between two records) and its speed in km/h. */
  record Located(GeoPoint pos, double speedKmh) implements Whereabouts {
    @Override
    public <T> T fold(Function<Located, T> located, Function<Unknown, T> unknown) {
      return located.apply(this);
    }
  }

  /** No telemetry close enough in time to tell; {@code why} says what is missing. */
  record Unknown(String why) implements Whereabouts {
    @Override
    public <T> T fold(Function<Located, T> located, Function<Unknown, T> unknown) {
      return unknown.apply(this);
    }
  }
}
