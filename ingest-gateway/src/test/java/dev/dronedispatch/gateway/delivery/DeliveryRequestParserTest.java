package dev.dronedispatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.web.FieldError;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryRequestParserTest {

  private final DeliveryRequestParser parser = new DeliveryRequestParser(ZoneGrid.ROME, 15);

  private ParsedRequest parsed(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private NewDelivery parse(String json) {
    return ((ParsedRequest.Valid) parsed(json)).delivery();
  }

  @Test
  void acceptsAValidRequestAndIgnoresExtraFields() {
    NewDelivery d =
        parse(
            "{\"origin\":{\"lat\":41.9,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":12.55},"
                + "\"weight\":2.5,\"note\":\"ring twice\"}");
    assertThat(d.origin().lat()).isEqualTo(41.9);
    assertThat(d.destination().lon()).isEqualTo(12.55);
    assertThat(d.weight()).isEqualTo(2.5);
  }

  @Test
  void theFingerprintIgnoresSpellingButNotValues() {
    String a =
        "{\"origin\":{\"lat\":41.9,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":12.55},\"weight\":2}";
    String b =
        "{ \"weight\": 2.0, \"destination\": {\"lon\": 12.55, \"lat\": 41.85},"
            + " \"origin\": {\"lon\": 12.45, \"lat\": 41.90}, \"x\": 1 }";
    String c =
        "{\"origin\":{\"lat\":41.9,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":12.55},\"weight\":2.01}";
    assertThat(parse(a).fingerprint()).isEqualTo(parse(b).fingerprint());
    assertThat(parse(a).fingerprint()).isNotEqualTo(parse(c).fingerprint());
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    ParsedRequest p =
        parsed(
            "{\"origin\":{\"lat\":95,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":13.5},"
                + "\"weight\":20}");
    assertThat(p).isInstanceOf(ParsedRequest.Invalid.class);
    assertThat(((ParsedRequest.Invalid) p).errors())
        .extracting(FieldError::field)
        .containsExactly("origin.lat", "destination.lon", "weight");
  }

  @Test
  void jsonThatIsNotAnObjectIsAnInvalidBody() {
    assertThat(parsed("[1, 2]"))
        .isEqualTo(
            new ParsedRequest.Invalid(List.of(new FieldError("body", "must be a JSON object"))));
  }

  @Test
  void theWeightLimitIsInclusive() {
    String atLimit =
        "{\"origin\":{\"lat\":41.9,\"lon\":12.45},\"destination\":{\"lat\":41.85,\"lon\":12.55},\"weight\":15}";
    assertThat(parse(atLimit).weight()).isEqualTo(15);
  }

  @Test
  void theServiceAreaEdgesAreInside() {
    String corners =
        "{\"origin\":{\"lat\":41.80,\"lon\":12.37},\"destination\":{\"lat\":41.98,\"lon\":12.60},\"weight\":1}";
    assertThat(parse(corners).origin().lat()).isEqualTo(41.80);
  }

  @Test
  void unparsableJsonEmptyBodiesAndTwoValuesAreMalformed() {
    assertThat(parsed("{\"origin\": [")).isInstanceOf(ParsedRequest.Malformed.class);
    assertThat(parsed("{} {}")).isInstanceOf(ParsedRequest.Malformed.class);
    assertThat(parsed("")).isEqualTo(new ParsedRequest.Malformed("the body is empty"));
  }
}
