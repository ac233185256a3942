package dev.dronedispatch.model.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeightClassTest {

  @ParameterizedTest
  @CsvSource({"0.01, LIGHT", "3, LIGHT", "3.0001, MEDIUM", "7, MEDIUM", "7.01, HEAVY", "15, HEAVY"})
  void classifiesByTheOriginalsThresholds(double kg, WeightClass expected) {
    assertThat(WeightClass.forWeight(kg)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN})
  void rejectsNonPositiveWeights(double kg) {
    assertThatThrownBy(() -> WeightClass.forWeight(kg))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void heavierPackagesNeverGetALighterClass(
      @ForAll @DoubleRange(min = 0.01, max = 50) double a,
      @ForAll @DoubleRange(min = 0.01, max = 50) double b) {
    double light = Math.min(a, b);
    double heavy = Math.max(a, b);
    assertThat(WeightClass.forWeight(heavy).ordinal())
        .isGreaterThanOrEqualTo(WeightClass.forWeight(light).ordinal());
  }

  @Property
  void aDroneCarriesItsOwnClassAndSmallerOnes(@ForAll WeightClass drone, @ForAll WeightClass pkg) {
    assertThat(drone.canCarry(pkg)).isEqualTo(drone.ordinal() >= pkg.ordinal());
  }

  @ParameterizedTest
  @ValueSource(strings = {"light", "MEDIUM", " heavy "})
  void parsesWireNames(String name) {
    assertThat(WeightClass.fromWireName(name).wireName()).isEqualTo(name.trim().toLowerCase());
  }
}
