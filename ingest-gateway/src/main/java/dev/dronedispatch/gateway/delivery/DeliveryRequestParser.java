package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.web.FieldError;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.Bounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a POST /deliveries body into a {@link ParsedRequest}: a valid {@link NewDelivery}, a body
 * that is not one JSON value, or JSON with every offending field named. Pure: no I/O; the
 * controller decides the statuses.
 */
public final class DeliveryRequestParser {

  /** The system's mapping, refusing anything after the JSON value (two documents in one body). */
  private static final JsonMapper STRICT =
      Json.configure(JsonMapper.builder())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Bounds serviceArea;
  private final double maxWeightKg;

  public DeliveryRequestParser(Bounds serviceArea, double maxWeightKg) {
    this.serviceArea = serviceArea;
    this.maxWeightKg = maxWeightKg;
  }

  public ParsedRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = STRICT.readTree(body);
    } catch (JacksonException e) {
      return new ParsedRequest.Malformed(e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      return new ParsedRequest.Malformed("the body is empty");
    }
    if (!root.isObject()) {
      return new ParsedRequest.Invalid(List.of(new FieldError("body", "must be a JSON object")));
    }
    List<FieldError> errors = new ArrayList<>();
    GeoPoint origin = point(root, "origin", errors);
    GeoPoint destination = point(root, "destination", errors);
    Double weight = number(root.get("weight"), "weight", errors);
    if (weight != null) {
      if (!(weight > 0)) {
        errors.add(new FieldError("weight", "must be greater than 0 kg"));
      } else if (weight > maxWeightKg) {
        errors.add(
            new FieldError(
                "weight",
                String.format(
                    Locale.ROOT,
                    "must be at most %s kg, the heaviest class's payload",
                    trim(maxWeightKg))));
      }
    }
    return errors.isEmpty()
        ? new ParsedRequest.Valid(new NewDelivery(origin, destination, weight))
        : new ParsedRequest.Invalid(errors);
  }

  private GeoPoint point(JsonNode root, String name, List<FieldError> errors) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      errors.add(new FieldError(name, "is required: an object {lat, lon}"));
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError(name, "must be an object {lat, lon}"));
      return null;
    }
    int before = errors.size();
    Double lat = number(node.get("lat"), name + ".lat", errors);
    Double lon = number(node.get("lon"), name + ".lon", errors);
    if (lat != null && (lat < -90 || lat > 90)) {
      errors.add(new FieldError(name + ".lat", "must be within [-90, 90]"));
    } else if (lat != null && (lat < serviceArea.latMin() || lat > serviceArea.latMax())) {
      errors.add(
          new FieldError(
              name + ".lat",
              "is outside the service area (lat "
                  + trim(serviceArea.latMin())
                  + " to "
                  + trim(serviceArea.latMax())
                  + ")"));
    }
    if (lon != null && (lon < -180 || lon > 180)) {
      errors.add(new FieldError(name + ".lon", "must be within [-180, 180]"));
    } else if (lon != null && (lon < serviceArea.lonMin() || lon > serviceArea.lonMax())) {
      errors.add(
          new FieldError(
              name + ".lon",
              "is outside the service area (lon "
                  + trim(serviceArea.lonMin())
                  + " to "
                  + trim(serviceArea.lonMax())
                  + ")"));
    }
    return errors.size() == before ? new GeoPoint(lat, lon) : null;
  }

  private static Double number(JsonNode node, String field, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    if (!node.isNumber()) {
      errors.add(new FieldError(field, "must be a number"));
      return null;
    }
    double value = node.asDouble();
    if (!Double.isFinite(value)) {
      errors.add(new FieldError(field, "must be a finite number"));
      return null;
    }
    return value;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
