package dev.dronedispatch.gateway.timeline;

import dev.dronedispatch.gateway.web.ApiProblem;
import dev.dronedispatch.gateway.web.ResourceIds;
import dev.dronedispatch.model.story.DeliveryStory;
import dev.dronedispatch.model.story.Explanation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TimelineController {

  private final DeliveryBook book;
  private final Clock clock;

  public TimelineController(DeliveryBook book, Clock clock) {
    this.book = book;
    this.clock = clock;
  }

  @Operation(
      summary = "One delivery's story: its timeline, why it waited, and who won its assignment",
      description =
          "{delivery_id, state, request, timeline, decisions, telemetry}, as ops explain --json"
              + " tells it, from what the gateway's event hub kept: the steps (requested, waiting"
              + " with the dispatcher's reason, assigned, in_flight, picked_up, delivered,"
              + " handed_back, failed) with when each began and the seconds spent in it (up to now"
              + " for the step a delivery in progress is in); each assignment's decision with the"
              + " winner's rank keys and each runner-up with the key it lost on. telemetry is"
              + " always empty here (ops explain reads the drones' tracks from the topic).")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the story"),
    @ApiResponse(responseCode = "400", description = "not a well-formed delivery id"),
    @ApiResponse(
        responseCode = "404",
        description =
            "no event of the delivery among those the hub kept (unknown, or older than its"
                + " window: ops explain reads the topics)")
  })
  @GetMapping(path = "/deliveries/{id}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
  public Explanation timeline(@PathVariable("id") String id) {
    return book.records(ResourceIds.require(id, "delivery"))
        .map(records -> DeliveryStory.of(records, clock.instant()))
        .orElseThrow(
            () ->
                ApiProblem.of(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "Not found",
                    "no event of delivery "
                        + id
                        + " among those the gateway keeps (the deliveries heard of most"
                        + " recently, since the stream's look-back)"));
  }
}
