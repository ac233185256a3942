package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Whatever JSON (or near-JSON) a client sends to POST /deliveries, the answer is never a 5xx. */
class RandomBodyProperties {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> KEYS =
      List.of("origin", "destination", "weight", "lat", "lon", "extra", "");

  @Property(tries = 150)
  void randomBodiesNeverProduceA5xx(@ForAll("bodies") String body) {
    Http.Response r = Http.postJson(GatewayCluster.get().a().url() + "/deliveries", body, Map.of());
    assertThat(r.status()).as(body).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> trees =
        Arbitraries.randomValue(rnd -> Json.mapper().writeValueAsString(tree(rnd, 0)));
    Arbitrary<String> nearlyValid = Arbitraries.randomValue(RandomBodyProperties::nearlyValid);
    Arbitrary<String> raw = Arbitraries.strings().ofMaxLength(40);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, trees),
        net.jqwik.api.Tuple.of(4, nearlyValid),
        net.jqwik.api.Tuple.of(1, raw));
  }

  private static JsonNode tree(Random rnd, int depth) {
    int pick = depth >= 3 ? rnd.nextInt(5) : rnd.nextInt(7);
    switch (pick) {
      case 0:
        return F.nullNode();
      case 1:
        return F.booleanNode(rnd.nextBoolean());
      case 2:
        return F.numberNode(number(rnd));
      case 3:
        return F.textNode(Long.toString(rnd.nextLong(), 36));
      case 4:
        return F.numberNode(rnd.nextInt());
      case 5:
        ArrayNode a = F.arrayNode();
        for (int i = rnd.nextInt(3); i > 0; i--) {
          a.add(tree(rnd, depth + 1));
        }
        return a;
      default:
        ObjectNode o = F.objectNode();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          o.set(KEYS.get(rnd.nextInt(KEYS.size())), tree(rnd, depth + 1));
        }
        return o;
    }
  }

  /** The right shape with values anywhere: in and out of range, the area, the weight limit. */
  private static String nearlyValid(Random rnd) {
    ObjectNode o = F.objectNode();
    o.set("origin", point(rnd));
    o.set("destination", point(rnd));
    o.set("weight", rnd.nextInt(8) == 0 ? tree(rnd, 2) : F.numberNode(rnd.nextDouble() * 20 - 2));
    return Json.mapper().writeValueAsString(o);
  }

  private static JsonNode point(Random rnd) {
    if (rnd.nextInt(8) == 0) {
      return tree(rnd, 2);
    }
    ObjectNode p = F.objectNode();
    p.put("lat", rnd.nextBoolean() ? 41.80 + rnd.nextDouble() * 0.18 : number(rnd));
    p.put("lon", rnd.nextBoolean() ? 12.37 + rnd.nextDouble() * 0.23 : number(rnd));
    return p;
  }

  private static double number(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return rnd.nextGaussian() * 1e6;
      case 1:
        return -rnd.nextDouble() * 200;
      case 2:
        return Double.MAX_VALUE * rnd.nextDouble();
      default:
        return rnd.nextDouble() * 200 - 100;
    }
  }
}
