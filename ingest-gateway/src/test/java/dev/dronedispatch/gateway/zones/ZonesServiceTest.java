package dev.dronedispatch.gateway.zones;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A gateway starting while zones_config is not a valid configuration, on the in-memory KV. */
class ZonesServiceTest {

  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final KvDocuments docs = new KvDocuments(kv, Json.mapper());
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ZonesService zones = new ZonesService(docs, 2, 2, new SkippedDocuments(metrics));

  private double skipped(ZonesDefect defect) {
    return metrics
        .counter(SkippedDocuments.METER, "kind", "zones", "defect", defect.wireName())
        .count();
  }

  @Test
  void anInvalidStoredConfigIsLeftAloneAndTheLocalGridIsUsedOnce() {
    JsonNode junk = Json.mapper().readTree("{\"rows\":2,\"cols\":2}");
    kv.put(KvKeys.ZONES_CONFIG, junk).block();

    assertThat(zones.current().block()).isEqualTo(ZoneGrid.rome(2, 2));
    assertThat(zones.current().block()).isEqualTo(ZoneGrid.rome(2, 2));
    // read once: the fallback is kept like a stored value
    assertThat(skipped(ZonesDefect.UNDECODABLE)).isEqualTo(1);
    assertThat(kv.get(KvKeys.ZONES_CONFIG).block().orElseThrow().value()).isEqualTo(junk);
  }

  @Test
  void aRepairedConfigIsTakenAtTheNextRead() {
    ObjectNode noZones = (ObjectNode) docs.encode(ZoneGrid.rome(3, 3));
    noZones.putArray("zones");
    kv.put(KvKeys.ZONES_CONFIG, noZones).block();
    assertThat(zones.ensure().block()).isEqualTo(ZoneGrid.rome(2, 2));
    assertThat(skipped(ZonesDefect.NO_ZONES)).isEqualTo(1);

    kv.put(KvKeys.ZONES_CONFIG, docs.encode(ZoneGrid.rome(3, 3))).block();
    assertThat(zones.ensure().block()).isEqualTo(ZoneGrid.rome(3, 3));
    assertThat(zones.current().block()).isEqualTo(ZoneGrid.rome(3, 3));
  }
}
