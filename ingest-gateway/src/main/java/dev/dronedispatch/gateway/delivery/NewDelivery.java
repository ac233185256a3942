package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A validated delivery request: both points inside the service area, a carryable weight. */
public record NewDelivery(GeoPoint origin, GeoPoint destination, double weight) {

  /** The package's weight class, which is also the class of drone that can carry it. */
  public WeightClass weightClass() {
    return WeightClass.forWeight(weight);
  }

  /**
   * The request's identity for Idempotency-Key binding: a digest of the parsed values, so spacing,
   * field order, number spelling ({@code 1} vs {@code 1.0}) and ignored extra fields do not count.
   */
  public String fingerprint() {
    String canonical =
        origin.lat()
            + "|"
            + origin.lon()
            + "|"
            + destination.lat()
            + "|"
            + destination.lon()
            + "|"
            + weight;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
