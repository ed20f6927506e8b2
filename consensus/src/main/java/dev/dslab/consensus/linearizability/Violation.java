package dev.dslab.consensus.linearizability;

import java.util.List;

/**
 * Why one key's history is not linearizable, taken at the deepest point the exhaustive search reached.
 *
 * <p>{@code linearizedPrefix} is a longest linearizable prefix: a sequence of operations, in
 * linearization order, that respects real time and the register's semantics, and no legal sequence
 * respecting real time places more of the key's operations (the search explored every configuration, and
 * this is one of maximal length). It leaves the register holding {@code registerValue}.
 * {@code blockedOperation} is the first operation that could not be placed: among those not in the
 * prefix it completes first, so it had to go next or after one of the operations invoked before it
 * completed, and every such continuation failed. {@code concurrentOperations} are the key's operations
 * whose real-time interval overlaps the blocked one (inside the prefix or not), i.e. the only ones that
 * may legally be ordered either way around it. Together, prefix end state plus this window is the
 * smallest slice of the history that explains the failure: operations outside it are ordered before or
 * after the blocked operation by real time alone.
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
