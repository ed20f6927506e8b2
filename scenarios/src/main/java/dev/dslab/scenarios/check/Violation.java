package dev.dslab.scenarios.check;

import java.util.List;

/**
 * Why one key's history is not linearizable: the deepest point the search reached.
 *
 * <p>{@code linearizedPrefix} is a longest sequence of operations the search could linearize (in
 * linearization order; no linearization of the history places more operations). From the register value
 * it leaves ({@code registerValue}), {@code blockedOperation} (the operation completing earliest among
 * those not yet linearized) had to be placed before its completion, and none of the candidates could be
 * placed next legally: {@code blockedOperation} itself and {@code concurrentOperations}, the
 * not-yet-linearized operations invoked before it completed. That window is minimal in this sense: it
 * holds exactly the operations real time allows next after the prefix, and every one of them leads to a
 * dead end (directly, or after the search explored every continuation).
 */
public record Violation(
        String key,
        List<Operation> linearizedPrefix,
        String registerValue,
        Operation blockedOperation,
        List<Operation> concurrentOperations) {

    public Violation {
        linearizedPrefix = List.copyOf(linearizedPrefix);
        concurrentOperations = List.copyOf(concurrentOperations);
    }

    /** The operations to show a learner: the blocked one and those real time lets go before it. */
    public List<Operation> window() {
        var window = new java.util.ArrayList<Operation>(concurrentOperations.size() + 1);
        window.add(blockedOperation);
        window.addAll(concurrentOperations);
        return List.copyOf(window);
    }

    @Override
    public String toString() {
        var text = new StringBuilder("key ").append(key).append(": after ").append(linearizedPrefix.size())
                .append(" linearized operations the register holds ").append(registerValue)
                .append("; cannot place ").append(blockedOperation);
        for (Operation op : concurrentOperations) {
            text.append("\n  concurrent: ").append(op);
        }
        return text.toString();
    }
}
