package dev.dronedispatch.dispatch.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Interactive queries of the dispatcher's state, on the management port. */
@RestController
@RequestMapping("/dispatch")
public class DispatchQueryController {

  /** Which stores a pending query covers. */
  public enum Scope {
    local,
    cluster
  }

  private final DispatchQueries queries;

  public DispatchQueryController(DispatchQueries queries) {
    this.queries = queries;
  }

  @Operation(summary = "Pending deliveries: count, oldest age in seconds, active deliveries")
  @GetMapping("/pending")
  public Mono<PendingSummary> pending(
      @Parameter(description = "local: this instance's tasks; cluster: every instance")
          @RequestParam(defaultValue = "cluster")
          Scope scope) {
    Mono<PendingSummary> local =
        Mono.fromCallable(queries::localPending).subscribeOn(Schedulers.boundedElastic());
    return scope == Scope.local
        ? local
        : Mono.defer(queries::clusterPending).subscribeOn(Schedulers.boundedElastic());
  }

  @Operation(summary = "Drone counts by weight class and status")
  @GetMapping("/fleet")
  public FleetSummary fleet() {
    return queries.fleet();
  }
}
