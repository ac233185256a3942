package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.web.FieldError;
import java.util.List;

/** What a POST /deliveries body turned out to be; the controller answers each kind. */
public sealed interface ParsedRequest {

  /** A delivery request every field of which is valid. */
  record Valid(NewDelivery delivery) implements ParsedRequest {}

  /** Not JSON, several JSON values, or nothing at all: {@code detail} says which. */
  record Malformed(String detail) implements ParsedRequest {}

  /** JSON, but with the fields named in {@code errors} missing or out of range. */
  record Invalid(List<FieldError> errors) implements ParsedRequest {

    public Invalid {
      errors = List.copyOf(errors);
    }
  }
}
