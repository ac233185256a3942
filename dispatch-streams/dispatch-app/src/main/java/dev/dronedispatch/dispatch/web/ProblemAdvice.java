package dev.dronedispatch.dispatch.web;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Stores not queryable (starting, rebalancing away, stopped) answer 503 with a problem body. */
@RestControllerAdvice
public class ProblemAdvice {

  @ExceptionHandler(InvalidStateStoreException.class)
  @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
  public ProblemDetail notQueryable(InvalidStateStoreException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    p.setTitle("state stores not queryable");
    return p;
  }
}
