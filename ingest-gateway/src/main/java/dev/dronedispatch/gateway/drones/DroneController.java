package dev.dronedispatch.gateway.drones;

import dev.dronedispatch.gateway.web.ApiProblem;
import dev.dronedispatch.gateway.web.ResourceIds;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

@RestController
public class DroneController {

  private final DroneService drones;

  public DroneController(DroneService drones) {
    this.drones = drones;
  }

  @Operation(
      summary = "Every drone, in id order, with the zone of its position",
      description =
          "{count, items, skipped}: documents that are not valid drones (no id or one that is not"
              + " their key's, no class, no status, no position or one outside the service area,"
              + " undecodable) are skipped and counted in skipped.")
  @GetMapping(path = "/drones", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<Map<String, Object>> list() {
    return drones
        .list()
        .map(
            listing -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("count", listing.items().size());
              body.put("items", listing.items());
              body.put("skipped", listing.skipped());
              return body;
            });
  }

  @Operation(summary = "One drone with the zone of its position")
  @GetMapping(path = "/drones/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ObjectNode> get(@PathVariable("id") String id) {
    return drones
        .get(ResourceIds.require(id, "drone"))
        .map(d -> d.orElseThrow(() -> ApiProblem.notFound("drone " + id)));
  }
}
