// Failed deliveries: why they failed, in words, and which the page shows (the map marks them, the
// tile counts them, as the gateway counts its `failed_last_hour`). Pure: no DOM.

/**
 * Why a delivery failed or was handed back, in words: its drone was lost (with the parcel on
 * board, or before the pickup), or no drone came before the pending deadline.
 */
export const FAILURE_REASONS = Object.freeze({ drone_lost: 'drone lost', no_drone: 'no drone' });

/** The failures of this last span are marked on the map and counted in the tile. */
export const FAILED_WINDOW_MS = 60 * 60000;

/** A failure's or hand-back's reason in words; an unknown one as it came. */
export function reasonText(reason) {
  return FAILURE_REASONS[reason] || reason || 'unknown reason';
}

/** Failed deliveries whose failure is at most FAILED_WINDOW_MS old at `now`, latest first. */
export function recentFailures(state, now) {
  const out = [];
  for (const id of state.failed) {
    const d = state.deliveries.get(id);
    if (d && d.failed_ms != null && d.failed_ms >= now - FAILED_WINDOW_MS) {
      out.push(d);
    }
  }
  return out.sort((a, b) => b.failed_ms - a.failed_ms);
}

/** Recent failures counted in the gateway's shape: {total, by_reason} (every known reason). */
export function failureCounts(state, now) {
  const byReason = Object.fromEntries(Object.keys(FAILURE_REASONS).map((r) => [r, 0]));
  const failed = recentFailures(state, now);
  for (const d of failed) {
    const reason = d.failure_reason || 'unknown';
    byReason[reason] = (byReason[reason] || 0) + 1;
  }
  return { total: failed.length, by_reason: byReason };
}

/** Where the map marks a failed delivery: where its parcel was last known; null when unknown. */
export function failureMark(d) {
  return d.failed_pos || d.origin;
}
