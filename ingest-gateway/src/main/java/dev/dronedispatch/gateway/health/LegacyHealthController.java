package dev.dronedispatch.gateway.health;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The original's {@code GET /health} ({@code {"status":"ok"}}), which now reflects the gateway's
 * dependencies: 503 with the failing one named when the KV store or Kafka is down.
 */
@RestController
public class LegacyHealthController {

  private final KvHealthIndicator kv;
  private final KafkaHealthIndicator kafka;

  public LegacyHealthController(KvHealthIndicator kv, KafkaHealthIndicator kafka) {
    this.kv = kv;
    this.kafka = kafka;
  }

  @Operation(summary = "ok when the KV store and Kafka answer")
  @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<Map<String, String>>> health() {
    return Mono.zip(kv.health(), kafka.health())
        .map(
            both -> {
              boolean up =
                  both.getT1().getStatus().equals(Status.UP)
                      && both.getT2().getStatus().equals(Status.UP);
              Map<String, String> body = new LinkedHashMap<>();
              body.put("status", up ? "ok" : "down");
              body.put("kv", both.getT1().getStatus().getCode().toLowerCase());
              body.put("kafka", both.getT2().getStatus().getCode().toLowerCase());
              return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                  .body(body);
            });
  }
}
