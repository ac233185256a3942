package dev.dronedispatch.gateway.zones;

import dev.dronedispatch.model.zones.ZonesConfig;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
public class ZonesController {

  private final ZonesService zones;

  public ZonesController(ZonesService zones) {
    this.zones = zones;
  }

  @Operation(summary = "The service area's zones; bootstrapped when missing")
  @GetMapping(path = "/zones", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ZonesConfig> zones() {
    return zones.ensure();
  }
}
