package dev.dslab.consensus.harness;

import java.util.List;

/**
 * The result of one scenario on one seed. A failure names the seed (rerunning it replays the run exactly),
 * the property that broke and the last events before it.
 */
public record Outcome(Scenario scenario, long seed, String property, String message, List<String> excerpt,
                      long simulatedMillis, long events, long wallNanos) {

    public boolean passed() {
        return property == null;
    }

    /** One line when it passed; the seed, property, message and trace excerpt when it failed. */
    public String report() {
        if (passed()) {
            return String.format("PASS %-28s seed %-6d %7.1f s simulated, %7d events, %6.1f ms", scenario, seed,
                    simulatedMillis / 1000.0, events, wallNanos / 1e6);
        }
        StringBuilder text = new StringBuilder();
        text.append("FAIL ").append(scenario).append(" seed ").append(seed).append(" at ").append(simulatedMillis)
                .append(" ms\n  property: ").append(property).append("\n  ").append(message)
                .append("\n  last events:\n");
        for (String line : excerpt) {
            text.append("    ").append(line).append('\n');
        }
        return text.toString();
    }
}
