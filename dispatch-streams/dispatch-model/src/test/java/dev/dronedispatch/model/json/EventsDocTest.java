package dev.dronedispatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.Samples;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/events.md shows one example of every event and document; it must match the records. */
class EventsDocTest {

  private static final Path DOC = Path.of("../../docs/events.md");

  @Test
  void everyExampleInTheDocsReadsBackAsTheSampleRecord() throws Exception {
    List<Object> expected =
        List.of(
            Samples.requested(),
            Samples.telemetry(),
            Samples.assigned(),
            Samples.failed(),
            Samples.waiting(),
            Samples.fleetEvent(),
            DeliveryDocument.pending(Samples.requested()),
            Samples.deliveryDocument(),
            Samples.failedDeliveryDocument(),
            Samples.droneDocument(),
            ZoneGrid.rome(2, 2));
    List<String> blocks = jsonBlocks(Files.readString(DOC));
    assertThat(blocks).hasSameSizeAs(expected);
    for (int i = 0; i < blocks.size(); i++) {
      Object sample = expected.get(i);
      assertThat(Json.mapper().readValue(blocks.get(i), sample.getClass())).isEqualTo(sample);
    }
  }

  private static List<String> jsonBlocks(String markdown) {
    Matcher m = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(markdown);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
