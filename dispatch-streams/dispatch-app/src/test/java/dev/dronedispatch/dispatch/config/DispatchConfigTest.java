package dev.dronedispatch.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.dispatch.assignment.RankingKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchConfigTest {

  @Test
  void defaultsAreTheOriginals() {
    DispatchConfig c = DispatchConfig.defaults();
    assertThat(c.assignerTick()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.pendingScanLimit()).isEqualTo(500);
    assertThat(c.maxAssignPerRound()).isEqualTo(100);
    assertThat(c.batteryPerKm()).isEqualTo(2.0);
    assertThat(c.safetyMarginPct()).isEqualTo(5.0);
    assertThat(c.nearEpsKm()).isEqualTo(0.2);
    assertThat(c.maxPickupKm()).isEqualTo(20.0);
    assertThat(c.arriveEpsKm()).isEqualTo(0.02);
    assertThat(c.criticalBattery()).isEqualTo(30.0);
    assertThat(c.fullAfter()).isEqualTo(95.0);
    assertThat(c.earlyChargeThreshold()).isEqualTo(5);
    assertThat(c.dronePoolMax()).isEqualTo(20);
    assertThat(c.baseActive()).isEqualTo(4);
    assertThat(c.scaleRatio()).isEqualTo(0.8);
    assertThat(c.autoscaleDisabled()).isFalse();
    assertThat(c.debugCharge()).isTrue();
    assertThat(c.allowLargerClass()).isFalse();
    assertThat(c.ranking())
        .containsExactly(
            RankingKey.DISTANCE_BUCKET, RankingKey.ZONE, RankingKey.BATTERY, RankingKey.SPEED);
    assertThat(c.gridRows()).isEqualTo(2);
    assertThat(c.gridCols()).isEqualTo(2);
  }

  @Test
  void environmentOverridesTakeTheOriginalsNamesAndFlags() {
    DispatchConfig c =
        DispatchConfig.fromEnv(
            Map.of(
                "DRONE_POOL_MAX", "18",
                "BASE_ACTIVE", "6",
                "SCALE_RATIO", "1",
                "AUTOSCALE_DISABLED", "1",
                "DEBUG_CHARGE", "0",
                "RANKING", "battery, speed"));
    assertThat(c.dronePoolMax()).isEqualTo(18);
    assertThat(c.baseActive()).isEqualTo(6);
    assertThat(c.scaleRatio()).isEqualTo(1.0);
    assertThat(c.autoscaleDisabled()).isTrue();
    assertThat(c.debugCharge()).isFalse();
    assertThat(c.ranking()).isEqualTo(List.of(RankingKey.BATTERY, RankingKey.SPEED));
    assertThat(DispatchConfig.fromEnv(c.asEnv())).isEqualTo(c);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> DispatchConfig.fromEnv(Map.of("BATTERY_PER_KM", "lots")))
        .hasMessageContaining("BATTERY_PER_KM");
    assertThatThrownBy(() -> DispatchConfig.fromEnv(Map.of("RANKING", "cheapest")))
        .hasMessageContaining("cheapest");
    assertThatThrownBy(() -> DispatchConfig.fromEnv(Map.of("PENDING_SCAN_LIMIT", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
