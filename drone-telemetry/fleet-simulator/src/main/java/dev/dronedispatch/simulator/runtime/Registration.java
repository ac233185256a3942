package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.simulator.fleet.DroneState;
import java.util.Optional;

/**
 * One drone after registration: its state (from the document it created, or the existing one it
 * kept), the delivery it already holds, and whether its document lacked a position (then the start
 * position is merged in).
 */
record Registration(DroneState state, Optional<String> currentDelivery, boolean missingPos) {}
