package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.admission.AdmissionDecision;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.gateway.admission.CreationLimit;
import dev.dronedispatch.gateway.admission.WaitEstimate;
import dev.dronedispatch.gateway.idempotency.IdempotencyKeys;
import dev.dronedispatch.gateway.idempotency.KeyHeader;
import dev.dronedispatch.gateway.web.ApiProblem;
import dev.dronedispatch.gateway.web.FieldError;
import dev.dronedispatch.gateway.web.ProblemErrorHandler;
import dev.dronedispatch.gateway.web.RequestIds;
import dev.dronedispatch.gateway.web.ResourceIds;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
public class DeliveryController {

  /** Bodies above this are refused with 413 before they are parsed. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  public static final int DEFAULT_LIMIT = 30;
  public static final int MAX_LIMIT = 500;

  /**
   * The active listing's default and cap: every delivery in progress has a drone, so this bounds
   * the whole fleet's work rather than a page.
   */
  public static final int MAX_ACTIVE_LIMIT = 10_000;

  private final DeliveryService deliveries;
  private final CreationLimit creations;
  private final DeliveryRequestParser parser;
  private final StatusIndex statuses;

  public DeliveryController(
      DeliveryService deliveries,
      CreationLimit creations,
      DeliveryRequestParser parser,
      StatusIndex statuses) {
    this.deliveries = deliveries;
    this.creations = creations;
    this.parser = parser;
    this.statuses = statuses;
  }

  @Operation(
      summary = "Request a delivery",
      description =
          "201 once the delivery is stored and its request event acknowledged by Kafka, with"
              + " eta: the expected wait for a drone. 503 with Retry-After when the order's"
              + " weight class is over its admission limit (the reason in the problem). With an"
              + " Idempotency-Key: same key and body replays (200, Idempotent-Replayed: true);"
              + " same key with another body is 422; a duplicate still in flight waits, then 409."
              + " 503 with a Location when stored but not yet published (published later).",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(implementation = DeliveryRequestSchema.class))),
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "created",
            content =
                @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = DeliveryView.class))),
        @ApiResponse(
            responseCode = "200",
            description = "idempotent replay",
            content =
                @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = DeliveryView.class))),
        @ApiResponse(responseCode = "400", description = "malformed JSON"),
        @ApiResponse(responseCode = "409", description = "same key still in flight"),
        @ApiResponse(responseCode = "413", description = "body over 16 KiB"),
        @ApiResponse(responseCode = "415", description = "not application/json"),
        @ApiResponse(responseCode = "422", description = "invalid field or key reuse"),
        @ApiResponse(responseCode = "429", description = "rate limited"),
        @ApiResponse(
            responseCode = "503",
            description =
                "admission closed for the order's class, or this instance at its most"
                    + " creations in flight (nothing stored in either case), or stored with its"
                    + " publication deferred (with Location)")
      })
  @PostMapping(path = "/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<?>> create(
      @Parameter(description = "client-chosen key making retries safe")
          @org.springframework.web.bind.annotation.RequestHeader(
              name = IdempotencyKeys.HEADER,
              required = false)
          String idempotencyKey,
      ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    String requestId = RequestIds.of(exchange);
    requireJson(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
    long declared = request.getHeaders().getContentLength();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    KeyHeader keyHeader = IdempotencyKeys.read(idempotencyKey);
    if (keyHeader instanceof KeyHeader.Invalid invalid) {
      throw invalidKey(invalid);
    }
    Optional<String> key = keyHeader.given();
    return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
        .onErrorMap(
            org.springframework.core.io.buffer.DataBufferLimitException.class, e -> tooLarge())
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .map(parser::parse)
        .flatMap(
            parsed ->
                creations.run(
                    Mono.defer(() -> deliveries.create(valid(parsed), key, requestId)),
                    () -> new CreateOutcome.Overloaded(creations.maxInFlight())))
        .map(outcome -> respond(outcome, exchange));
  }

  /**
   * The delivery of a valid body; 400 for a body that is not one JSON value, 422 for bad fields.
   */
  private static NewDelivery valid(ParsedRequest parsed) {
    if (parsed instanceof ParsedRequest.Valid v) {
      return v.delivery();
    }
    if (parsed instanceof ParsedRequest.Malformed m) {
      throw ApiProblem.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", m.detail());
    }
    throw ApiProblem.invalid(((ParsedRequest.Invalid) parsed).errors());
  }

  private static ApiProblem invalidKey(KeyHeader.Invalid invalid) {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        "invalid-header",
        "Invalid header",
        IdempotencyKeys.HEADER + " " + invalid.rule(),
        List.of(new FieldError(IdempotencyKeys.HEADER, invalid.rule())),
        Map.of());
  }

  /**
   * The answer to what the creation did. A refusal is answered as a value, not thrown: under load
   * refusals are as common as creations, and an error would travel back through every filter and
   * error handler first.
   */
  private static ResponseEntity<?> respond(CreateOutcome outcome, ServerWebExchange exchange) {
    if (outcome instanceof CreateOutcome.Created created) {
      return ResponseEntity.created(locationOf(created.delivery()))
          .body(DeliveryView.created(created.delivery(), created.estimate()));
    }
    if (outcome instanceof CreateOutcome.Replayed replayed) {
      return ResponseEntity.ok()
          .location(locationOf(replayed.delivery()))
          .header("Idempotent-Replayed", "true")
          .body(DeliveryView.of(replayed.delivery()));
    }
    return ProblemErrorHandler.respond(refusal(outcome), exchange);
  }

  /** The problem answering an outcome that created nothing, or not completely. */
  private static ApiProblem refusal(CreateOutcome outcome) {
    if (outcome instanceof CreateOutcome.Overloaded overloaded) {
      return new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "overloaded",
          "Gateway at capacity",
          "this gateway instance is already creating "
              + overloaded.maxInFlight()
              + " deliveries; nothing was stored, retry shortly",
          List.of(),
          Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
    if (outcome instanceof CreateOutcome.NotAdmitted notAdmitted) {
      return admissionClosed(notAdmitted.refusal());
    }
    if (outcome instanceof CreateOutcome.KeyReused) {
      return ApiProblem.of(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "idempotency-key-reused",
          "Idempotency-Key reused",
          "this Idempotency-Key was used with a different request body");
    }
    if (outcome instanceof CreateOutcome.KeyInFlight) {
      return new ApiProblem(
          HttpStatus.CONFLICT,
          "idempotency-key-in-flight",
          "Request in progress",
          "a request with this Idempotency-Key is still being processed; retry shortly",
          List.of(),
          Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
    if (outcome instanceof CreateOutcome.KeyOrphaned) {
      return ApiProblem.of(
          HttpStatus.CONFLICT,
          "idempotency-key-orphaned",
          "Delivery gone",
          "the delivery bound to this Idempotency-Key no longer exists");
    }
    DeliveryDocument d = ((CreateOutcome.StoredNotPublished) outcome).delivery();
    URI location = locationOf(d);
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "publication-deferred",
        "Delivery stored, publication deferred",
        "delivery "
            + d.id()
            + " is stored but the event bus did not acknowledge it; it will be published"
            + " automatically. Check "
            + location
            + " (or retry with the same Idempotency-Key) instead of re-posting.",
        List.of(),
        Map.of(HttpHeaders.RETRY_AFTER, "5", HttpHeaders.LOCATION, location.toString()));
  }

  private static URI locationOf(DeliveryDocument d) {
    return URI.create("/deliveries/" + d.id());
  }

  /** 503 naming the class, its backlog, the estimated wait and the limit, with Retry-After. */
  private static ApiProblem admissionClosed(AdmissionDecision.Refused refusal) {
    ClassAdmission v = refusal.estimate();
    String weightClass = v.weightClass().wireName();
    String why =
        v.basis() == WaitEstimate.Basis.ASSIGNMENT_RATE
            ? String.format(
                Locale.ROOT,
                "%d pending %s deliveries at %.1f assignments/min make a new one wait about"
                    + " %.0f s for a drone",
                v.pending(),
                weightClass,
                v.assignmentsPerMin(),
                v.estimatedWaitS())
            : String.format(
                Locale.ROOT,
                "the oldest of %d pending %s deliveries has waited %.0f s with too few"
                    + " assignments to measure a rate",
                v.pending(),
                weightClass,
                v.estimatedWaitS());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("weight_class", weightClass);
    figures.put("pending", v.pending());
    figures.put("estimated_wait_s", v.estimatedWaitS());
    figures.put("max_wait_s", refusal.maxWaitS());
    figures.put("oldest_pending_age_s", v.oldestPendingAgeS());
    figures.put("assignments_per_min", v.assignmentsPerMin());
    figures.put("basis", v.basis().wireName());
    figures.put("retry_after_s", v.retryAfterS());
    return new ApiProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "admission-closed",
            "Admission closed",
            "new "
                + weightClass
                + " deliveries are not accepted now: "
                + why
                + ", over the "
                + refusal.maxWaitS()
                + " s limit; retry after "
                + v.retryAfterS()
                + " s",
            List.of(),
            Map.of(HttpHeaders.RETRY_AFTER, Long.toString(v.retryAfterS())))
        .withExtensions(figures);
  }

  @Operation(
      summary = "The newest deliveries first (by timestamp), at most limit (1..500, default 30)",
      description =
          "With status=active: every delivery in progress (assigned or in flight), newest request"
              + " first, at most limit (1..10000, default all of them). With status=failed: the"
              + " latest failures first (by failed_at, with failure_reason), at most limit (1..500,"
              + " default 30).")
  @GetMapping(path = "/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<DeliveryPage> list(
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "status", required = false) String status) {
    if (status == null) {
      return deliveries.list(parseLimit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
    return switch (status) {
      case "active" ->
          deliveries.listActive(
              statuses.active().get(), parseLimit(limit, MAX_ACTIVE_LIMIT, MAX_ACTIVE_LIMIT));
      case "failed" ->
          deliveries.listFailed(
              statuses.failed().get(), parseLimit(limit, DEFAULT_LIMIT, MAX_LIMIT));
      default ->
          throw ApiProblem.invalid(
              List.of(new FieldError("status", "must be active or failed when given")));
    };
  }

  @Operation(
      summary = "One delivery with its timeline",
      description =
          "404 when unknown, and when the stored document is not a valid delivery: it cannot be"
              + " served, and retrying would not change that.")
  @GetMapping(path = "/deliveries/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<DeliveryDocument> get(@PathVariable("id") String id) {
    return deliveries
        .read(ResourceIds.require(id, "delivery"))
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("delivery " + id)));
  }

  static int parseLimit(String raw, int defaultLimit, int maxLimit) {
    if (raw == null || raw.isBlank()) {
      return defaultLimit;
    }
    int n;
    try {
      n = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid(List.of(new FieldError("limit", "must be an integer")));
    }
    if (n < 1 || n > maxLimit) {
      throw ApiProblem.invalid(
          List.of(new FieldError("limit", "must be between 1 and " + maxLimit)));
    }
    return n;
  }

  /**
   * JSON, which is UTF-8 (RFC 8259): {@code application/json} or {@code application/*+json}, with
   * no charset or UTF-8. An unparsable header is refused like any other type.
   */
  private static void requireJson(String header) {
    MediaType type;
    try {
      type = header == null || header.isBlank() ? null : MediaType.parseMediaType(header);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    boolean json =
        type != null
            && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || (type.getType().equals("application") && type.getSubtype().endsWith("+json")))
            && (type.getParameter("charset") == null
                || type.getParameter("charset").equalsIgnoreCase("utf-8"));
    if (!json) {
      throw ApiProblem.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "Unsupported media type",
          "POST /deliveries takes application/json (UTF-8), got "
              + (header == null || header.isBlank() ? "none" : "'" + header + "'"));
    }
  }

  private static ApiProblem tooLarge() {
    return ApiProblem.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "Request body too large",
        "the body must be at most " + MAX_BODY_BYTES + " bytes");
  }
}
